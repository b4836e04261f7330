"""One rendering of a case's progress diagram, for staff and for the applicant (only the way back differs)."""

from __future__ import annotations

from flask import render_template

from app.models import Application
from app.services.progress import case_progress, platform_bpmn


def render_case_diagram(application: Application, back_url: str) -> str:
    return render_template(
        "bpmn/case_diagram.html",
        application=application,
        progress=case_progress(application),
        platform_xml=platform_bpmn(),
        back_url=back_url,
    )
