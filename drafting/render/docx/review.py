"""The clerk's review list (ra-soat.docx): a plain table, written with python-docx, never part of the report."""

from __future__ import annotations

import datetime as _dt
import io

from ...fileio import normalize_zip


def review_docx(title: str, intro: str, heads: list[str], rows: list[list[str]]) -> bytes:
    """A portrait A4 document: a bold title, a line of introduction, then one table row per review item."""
    from docx import Document  # noqa: PLC0415 - python-docx loads only when a Word file is read or made
    from docx.shared import Mm, Pt  # noqa: PLC0415 - python-docx loads only when a Word file is read or made

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    p = doc.add_paragraph()
    p.add_run(title).bold = True
    doc.add_paragraph(intro)
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, heads, strict=False):
        cell.paragraphs[0].add_run(h).bold = True
    for r in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, r, strict=False):
            cell.text = text
    cp = doc.core_properties
    cp.title = title
    cp.author = "drafting"

    cp.created = cp.modified = _dt.datetime(2000, 1, 1)
    cp.last_modified_by = "drafting"
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())
