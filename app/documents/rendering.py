"""A document's content as an A4 PDF: WeasyPrint lays out our fixed HTML frame (the admin writes words, never
markup), embeds a subset of the Noto CJK font, and draws the verification QR code from segno's SVG.

Why WeasyPrint and not ReportLab: ReportLab embeds TrueType outlines only and refuses Debian's Noto CJK fonts
("postscript outlines are not supported"); WeasyPrint (Pango + HarfBuzz) embeds them, subset to the characters
used, and lays out Chinese line breaking properly. It fetches nothing: only data: URLs are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import segno

from app.documents.fonts import cjk_family


@dataclass
class Page:
    centre: str
    title: str
    number: str
    paragraphs: list[str]
    particulars: list[tuple[str, str]]
    issuer: str  # the centre or department that issues it, printed above the date and the seal
    issued_on: str
    verify_url: str
    verification_code: str
    notes: list[str] = field(default_factory=list)
    payment_qr: tuple[str, str] | None = None  # (caption, data): the payment notice's code for the payment app


CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm;
        @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
body { font-family: "%(family)s"; font-size: 12pt; line-height: 1.75; color: #111; }
.centre { text-align: center; font-size: 13pt; letter-spacing: 2pt; color: #333; }
h1 { text-align: center; font-size: 22pt; margin: 4mm 0 2mm; letter-spacing: 4pt; }
.number { text-align: right; font-size: 10.5pt; color: #333; margin-bottom: 6mm; }
p { margin: 0 0 3mm; text-indent: 2em; white-space: pre-wrap; }
p.salutation { text-indent: 0; }
table { width: 100%%; border-collapse: collapse; margin: 4mm 0 6mm; font-size: 11pt; }
th, td { border: 0.6pt solid #444; padding: 2mm 3mm; vertical-align: top; text-align: left; }
th { width: 30%%; background: #f3f3f3; font-weight: normal; }
.foot { width: 100%%; margin-top: 8mm; border-collapse: collapse; page-break-inside: avoid; }
.foot td { border: none; padding: 0; vertical-align: bottom; }
.foot .verify { width: 58%%; font-size: 9pt; color: #333; line-height: 1.5; }
.foot .verify img { width: 28mm; height: 28mm; display: block; margin-bottom: 1mm; }
.foot .sign { text-align: center; position: relative; height: 36mm; }
.foot .seal { position: absolute; left: 50%%; margin-left: -17mm; top: 0; width: 34mm; height: 34mm;
              border: 1.2pt solid #c00; border-radius: 50%%; color: #c00; font-size: 8.5pt; line-height: 1.3;
              padding-top: 9mm; box-sizing: border-box; opacity: 0.8; }
.foot .issuer { position: absolute; left: 0; right: 0; top: 21mm; }
.payqr { text-align: center; font-size: 9.5pt; margin: 2mm 0 4mm; }
.payqr img { width: 32mm; height: 32mm; }
.notes { font-size: 9.5pt; color: #444; }
"""


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)


def page_html(page: Page) -> str:
    e = escape
    paragraphs = []
    for i, text in enumerate(page.paragraphs):
        css = ' class="salutation"' if i == 0 and text.endswith(("：", ":")) else ""
        paragraphs.append(f"<p{css}>{e(text)}</p>")
    rows = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in page.particulars)
    notes = "".join(f"<p class='notes'>{e(n)}</p>" for n in page.notes)
    if page.payment_qr:
        caption, data = page.payment_qr
        notes = f'<div class="payqr"><img src="{qr_data_uri(data)}" alt="QR"><br>{e(caption)}</div>' + notes
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(page.title)}</title>
<style>{CSS % {"family": cjk_family()}}</style></head><body>
<div class="centre">{e(page.centre)}</div>
<h1>{e(page.title)}</h1>
<div class="number">编号：{e(page.number)}</div>
{"".join(paragraphs)}
{f"<table>{rows}</table>" if rows else ""}
{notes}
<table class="foot"><tr>
<td class="verify"><img src="{qr_data_uri(page.verify_url)}" alt="QR">
扫码或访问 {e(page.verify_url)}<br>核验本文书真伪与状态　验证码：<b>{e(page.verification_code)}</b></td>
<td class="sign"><span class="seal">{e(page.issuer)}<br>★</span>
<span class="issuer">{e(page.issuer)}<br>{e(page.issued_on)}</span></td>
</tr></table>
</body></html>"""


def render_pdf(page: Page) -> bytes:
    from weasyprint import HTML  # imported on first use: ~2 s, paid by the worker, not by every request
    from weasyprint.urls import URLFetcher

    fetch_nothing = URLFetcher(allowed_protocols={"data"})
    return HTML(string=page_html(page), url_fetcher=fetch_nothing).write_pdf()  # type: ignore[no-any-return]
