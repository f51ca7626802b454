"""The clerk's review list (ra-soat.docx): a plain table, written with python-docx, never part of the report."""

from __future__ import annotations

import datetime as _dt
import io

from ...fileio import normalize_zip
from .ns import W_NS


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
    _times_new_roman_everywhere(doc)
    _page_numbers(sec)
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
    # the text width of the page (165 mm), the last column (what to review) taking what the others leave
    widths = [28.0, 38.0, 20.0][: len(heads) - 1]
    widths.append(165.0 - sum(widths))
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = Mm(w)
    cp = doc.core_properties
    cp.title = title
    cp.author = "drafting"

    cp.created = cp.modified = _dt.datetime(2000, 1, 1)
    cp.last_modified_by = "drafting"
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def _times_new_roman_everywhere(doc) -> None:
    """python-docx's blank document takes its fonts from the theme (Calibri, Cambria) in the document defaults
    and in every built-in style: each is set to Times New Roman, as Decree 30 asks (and `kiem-tra` checks)."""
    from docx.oxml.ns import qn  # noqa: PLC0415 - python-docx loads only when a Word file is read or made

    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(theme), None)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(slot), "Times New Roman")


def _page_numbers(section) -> None:
    """The page number centred at the top of every page but the first (Decree 30, Phụ lục I)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415 - python-docx loads only when a Word file is read or made
    from docx.oxml import parse_xml  # noqa: PLC0415 - python-docx loads only when a Word file is read or made
    from docx.shared import Pt  # noqa: PLC0415 - python-docx loads only when a Word file is read or made

    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = parse_xml(
        f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="26"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'
    )
    p._p.append(field)
    p.style.font.size = Pt(13)
