"""One rendering of a case's progress diagram, for staff and for the applicant (only the way back differs).

Lanes in BPMN are named by code (``window``, ``scjg``) because the engine routes by them; people read names, so
the XML sent to the viewer carries the department's or the desk's name instead (the stored BPMN is unchanged).
"""

from __future__ import annotations

import re
from html import escape

from flask import render_template
from flask_babel import gettext
from sqlalchemy import select

from app.domain.lifecycle import LANE_LABELS
from app.extensions import db
from app.models import Application, Department, ItemKind
from app.services.bundles import bundle_version_of
from app.services.progress import CaseProgress, Markers, case_progress, platform_bpmn

LANE_TAG = re.compile(r"<((?:[\w-]+:)?lane)\b([^>]*?)\bname=\"([^\"]*)\"")


def lane_names() -> dict[str, str]:
    """Lane code -> the name people know: the platform's desks and every department."""
    names = {code: gettext(label) for code, label in LANE_LABELS.items()}
    names.update((code, name) for code, name in db.session.execute(select(Department.code, Department.name)))
    return names


def with_lane_names(xml: str, names: dict[str, str]) -> str:
    """The diagram with each lane's code replaced by its name (an unknown lane keeps what it says)."""

    def rename(match: re.Match[str]) -> str:
        tag, between, code = match.groups()
        return f'<{tag}{between}name="{escape(names.get(code, code), quote=True)}"'

    return LANE_TAG.sub(rename, xml)


def named_lanes(xml: str) -> str:
    """Template filter: a diagram as people read it (lanes by name)."""
    return with_lane_names(xml, lane_names())


def _member_diagram_markers(application: Application, progress: CaseProgress) -> dict[str, dict[str, list[str]]]:
    """A bundle case's diagrams are its members' (named "<member> · <file>"): each gets its own member's markers."""
    if application.item_version.item.kind != ItemKind.BUNDLE.value:
        return {}
    bundle_version = bundle_version_of(application.item_version_id)
    if bundle_version is None:
        return {}
    calls = {m["name"]: m["call"] for m in bundle_version.members}
    markers = {}
    for diagram in application.item_version.bpmn_files or {}:
        member = diagram.split(" · ", 1)[0]
        if member in calls:
            markers[diagram] = progress.members.get(calls[member], Markers()).as_json()
    return markers


def render_case_diagram(application: Application, back_url: str) -> str:
    names = lane_names()
    approval = {name: with_lane_names(xml, names) for name, xml in sorted(application.item_version.bpmn_files.items())}
    progress = case_progress(application)
    return render_template(
        "bpmn/case_diagram.html",
        application=application,
        progress=progress,
        member_markers=_member_diagram_markers(application, progress),
        platform_xml=with_lane_names(platform_bpmn(), names),
        approval_diagrams=approval,
        back_url=back_url,
    )
