"""Helpers for the document and fee tests: a demo item republished with a fee rule, documents rendered by the
worker, and a PDF read back (its text with pypdf, its QR code from the page rendered by PDFium)."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pypdfium2
import zxingcpp
from sqlalchemy import select

from tests.integration.drive import live_version

AREA_FEE = {
    "kind": "formula",
    "expression": "max(100, form['area'] * 0.5)",
    "description": "每平方米0.5元，最低100元",
    "legal_basis": "《公共场所卫生许可收费标准》（明价〔2026〕1号）",
    "payee": "明湖区财政局非税收入专户",
}
CERTIFICATE = {"valid_years": 4, "scope": "{{ form.venue_type }}，营业面积 {{ form.area }} 平方米"}


def republish_with(kind: str, **guide: Any) -> Any:
    """Publish a new version of the first demo item of ``kind`` whose guide also has ``guide``; the version."""
    from app.extensions import db
    from app.services.catalog import ItemContent, publish_item_version

    version, _ = live_version(kind)
    content = ItemContent(
        process_id=version.process_id,
        form_schema=version.form_schema,
        form_ui=version.form_ui or {},
        decision_forms=version.decision_forms or {},
        bpmn_files=version.bpmn_files,
        guide={**(version.guide or {}), **guide},
    )
    new = publish_item_version(version.item, content, actor=None)
    db.session.commit()
    return new


def render_documents() -> int:
    """Run the queued document jobs now, as the worker would; how many."""
    from app.extensions import db
    from app.models import JobKind
    from app.services import worker

    try:
        return worker.run_once("documents", kinds=(JobKind.DOCUMENT,))
    finally:
        db.session.remove()


def documents(application_id: int) -> dict[str, Any]:
    """kind -> the case's latest document of that kind (its PDF loaded)."""
    from sqlalchemy.orm import undefer

    from app.extensions import db
    from app.models import CaseDocument

    rows = db.session.scalars(
        select(CaseDocument)
        .where(CaseDocument.application_id == application_id)
        .order_by(CaseDocument.id)
        .options(undefer(CaseDocument.pdf))
    ).all()
    return {row.kind: row for row in rows}


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_page_size(pdf: bytes) -> tuple[float, float]:
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def qr_codes(pdf: bytes) -> list[str]:
    """The QR codes zxing-cpp finds on the first page as PDFium renders it at 150 dpi."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=150 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]
