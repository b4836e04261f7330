"""Per-department visibility of a case's fields (bundles, and items that declare it): one rule, plain Python.

An item version may carry a field sight: which section each top-level field of the application form is in, and
which departments may see each section (``{"fields": {name: section}, "sections": {section: {"title",
"departments": [codes]}}}``). The ``shared`` section is seen by every department on the case. A bundle's
composed version always has one: the shared section, then one section per member item, seen by the departments
of that member. Fields the sight does not name are seen by everyone (an item declaring visibility for a few).

Need to know (app/domain/need_to_know.py) decides whether someone reads a case at all; this module decides, for
an approver who may, which fields, materials and other departments' decisions they see. The window, the output
window, supervisors and the applicant see everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SHARED = "shared"


def sections_for(field_sight: Mapping[str, Any] | None, department_code: str | None) -> frozenset[str] | None:
    """The sections a department's approver may see, or None when the version restricts nothing."""
    if not field_sight:
        return None
    sections = field_sight.get("sections") or {}
    own = {name for name, info in sections.items() if department_code in (info.get("departments") or [])}
    return frozenset({SHARED, *own})


def visible_fields(field_sight: Mapping[str, Any] | None, sections: frozenset[str] | None) -> frozenset[str] | None:
    """The top-level form fields a reader with ``sections`` may see (None: all of them)."""
    if sections is None or not field_sight:
        return None
    return frozenset(name for name, section in (field_sight.get("fields") or {}).items() if section in sections)


def hidden_fields(
    field_sight: Mapping[str, Any] | None, sections: frozenset[str] | None, data: Any = None
) -> frozenset[str]:
    """The top-level form fields a reader with ``sections`` may not see. A strict sight (a bundle's) hides every
    key of ``data`` it does not name, so a field nobody placed in a section is never shown by mistake."""
    if sections is None or not field_sight:
        return frozenset()
    placed = field_sight.get("fields") or {}
    hidden = {name for name, section in placed.items() if section not in sections}
    if field_sight.get("strict") and isinstance(data, dict):
        hidden |= {key for key in data if key not in placed}
    return frozenset(hidden)


def visible_form(data: Any, hidden: Iterable[str]) -> Any:
    """The application form without the hidden fields (a copy; other values are shared, not copied)."""
    hide = set(hidden)
    if not hide or not isinstance(data, dict):
        return data
    return {key: value for key, value in data.items() if key not in hide}


def department_decision_visible(
    field_sight: Mapping[str, Any] | None, sections: frozenset[str] | None, lane: str | None
) -> bool:
    """Whether a reader with ``sections`` may see the decision a step in ``lane`` took: the platform's own steps
    (window, output, applicant) and steps of departments sharing one of the reader's sections."""
    if sections is None or not field_sight or lane is None:
        return True
    if lane in ("window", "output", "applicant", "approval"):
        return True
    for name, info in (field_sight.get("sections") or {}).items():
        if name in sections and name != SHARED and lane in (info.get("departments") or []):
            return True
    return False


def file_ids_in(value: Any) -> set[str]:
    """Every uploaded file referenced somewhere in ``value`` (file references are ``{"file_id": ...}``)."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("file_id"), str):
                found.add(item["file_id"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def sight_problems(field_sight: Any, properties: Iterable[str], departments: Iterable[str]) -> list[str]:
    """What is wrong with a declared field sight, in Chinese, naming the field, section or department."""
    if field_sight is None:
        return []
    if not isinstance(field_sight, dict) or not isinstance(field_sight.get("sections"), dict):
        return ["field_sight: 须为对象，含 fields（字段→分区）和 sections（分区→标题与部门）"]
    known_fields, known_departments = set(properties), set(departments)
    sections = field_sight["sections"]
    problems = []
    for name, section in (field_sight.get("fields") or {}).items():
        if name not in known_fields:
            problems.append(f"field_sight: 字段 {name} 不在申请表中")
        if section != SHARED and section not in sections:
            problems.append(f"field_sight: 字段 {name} 的分区 {section} 未定义")
    for name, info in sections.items():
        for code in (info or {}).get("departments") or []:
            if code not in known_departments:
                problems.append(f"field_sight: 分区 {name} 的部门 {code} 不存在")
    return problems
