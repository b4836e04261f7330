"""Which fields of a form the platform fills in first, and with what: plain rules, no Flask, no database.

Only fields backed by a data element (``x-element`` in the published schema) are filled, each from the source its
element names: the citizen's profile or their latest earlier case. Never a hidden field (``ui:widget`` hidden or
password), an upload, a field inside a list of rows, or one shown only under a condition: the applicant must see
what is sent in their name. The values are a first answer only; what the applicant posts is what is stored.

Personal data (an element marked personal: a person's name, ID number, mobile, home address) is taken only from
what the person gave themselves: their account and the cases they submitted. A case a window clerk or an agent
entered for them often carries someone else's details (the 经办人 of a walk-in is often the agent who came), and
copying those into the person's next form would hand one person's ID number and mobile to another's application.
Company facts (name, credit code, business address) are taken from those cases too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

# How a published field names its data element: forms.elements.ELEMENT_ANNOTATION (not imported: the forms
# package loads werkzeug, and the domain rules load no framework; tests/unit/domain/test_prefill.py checks they agree).
ELEMENT_ANNOTATION = "x-element"
PROFILE, LATEST_CASE = "profile", "latest_case"
_NOT_SHOWN = {"hidden", "password"}


@dataclass
class Prefill:
    """The first values of a form and the paths of the fields that got one (shown as prefilled)."""

    values: dict[str, Any] = field(default_factory=dict)
    paths: set[str] = field(default_factory=set)


@dataclass
class ApplicantRecord:
    """What the platform knows of one applicant, by element key: their profile and their latest case values."""

    profile: dict[str, Any] = field(default_factory=dict)
    latest: dict[str, Any] = field(default_factory=dict)


def prefillable_fields(schema: Any, ui: Any) -> Iterator[tuple[list[str], str]]:
    """(path parts, element key) of every always-shown, visible element field of ``schema``."""

    def walk(node: Any, node_ui: Any, parts: list[str]) -> Iterator[tuple[list[str], str]]:
        if not isinstance(node, dict):
            return
        node_ui = node_ui if isinstance(node_ui, dict) else {}
        for name, child in (node.get("properties") or {}).items():
            if not isinstance(child, dict):
                continue
            child_ui = node_ui.get(name) if isinstance(node_ui.get(name), dict) else {}
            if child_ui.get("ui:widget") in _NOT_SHOWN or child_ui.get("ui:widget") == "upload":
                continue
            key = child.get(ELEMENT_ANNOTATION)
            if isinstance(key, str) and "contentMediaType" not in child and child.get("type") != "object":
                yield [*parts, name], key
            elif child.get("type") == "object":
                yield from walk(child, child_ui, [*parts, name])

    yield from walk(schema, ui, [])


def prefill_form(schema: Any, ui: Any, sources: Mapping[str, str], record: ApplicantRecord) -> Prefill:
    """The first values of ``schema``'s element fields for the applicant ``record`` describes.

    ``sources`` maps element key -> where its value may come from (``profile``, ``latest_case``; anything else:
    never prefilled). A profile value is the applicant's account, else their latest submitted value.
    """
    found = Prefill()
    for parts, key in prefillable_fields(schema, ui):
        source = sources.get(key)
        if source == PROFILE:
            value = record.profile.get(key, record.latest.get(key))
        elif source == LATEST_CASE:
            value = record.latest.get(key)
        else:
            continue
        if value is None or value == "":
            continue
        target = found.values
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        found.paths.add(".".join(parts))
    return found


def latest_values(cases: list[tuple[Any, Mapping[str, Any]]]) -> dict[str, Any]:
    """Element key -> value from ``cases`` ((published schema, submitted data), newest first): the newest wins."""
    values: dict[str, Any] = {}
    for schema, data in cases:
        for parts, key in prefillable_fields(schema, None):
            if key in values:
                continue
            value: Any = data
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None and value != "" and not isinstance(value, dict | list):
                values[key] = value
    return values


def applicant_values(cases: list[tuple[Any, Mapping[str, Any], bool]], personal: Collection[str]) -> dict[str, Any]:
    """Element key -> value from ``cases`` ((published schema, submitted data, submitted by the person themselves),
    newest first): the newest wins, but a personal element's value only from the person's own submissions."""
    everyone = latest_values([(schema, data) for schema, data, _ in cases])
    own = latest_values([(schema, data) for schema, data, themselves in cases if themselves])
    return {key: value for key, value in everyone.items() if key not in personal} | {
        key: value for key, value in own.items() if key in personal
    }
