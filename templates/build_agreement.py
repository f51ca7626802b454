"""The Word template of a bilateral agreement (Văn bản hợp tác / Bản ghi nhớ), seed 002: `thoa-thuan.docx`.

Built by `python templates/build_templates.py` (it registers ``build_thoa_thuan``). No Quốc hiệu block of one
side: both parties' issuing bodies head the page in two columns, the title names both parties ("Giữa … Và …"),
the fields are numbered, and the two signature blocks stand side by side in one row that never splits.
"""

from __future__ import annotations

from pathlib import Path

from build_templates import (
    TEXT_WIDTH_MM,
    _cell_margin_top,
    _cell_margins_zero,
    _clear_body,
    _common_styles,
    _core,
    _defaults,
    _fixed_widths,
    _no_borders,
    _page,
    _page_number_header,
    _para,
    _rule,
    _style,
    _tail,
)
from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Pt

#: the two columns of the header and of the signatures: 6 mm into the left margin, 4 mm into the right one
COLUMNS_MM = [82.5, 82.5]
INDENT_MM = -6.0
#: empty lines between a signer's title and name (room for signature and seal)
SIGNATURE_GAP_LINES = 4


def _agreement_styles(doc) -> None:
    C = WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "VB Bên", size=13, bold=True, align=C)  # issuing bodies at the top
    _style(doc, "VB Tên bên", size=14, bold=True, align=C, keep_next=True)  # "Giữa", party names, "Và", period
    _style(doc, "VB Ký bên", size=13, bold=True, align=C)  # side and title lines of a signer
    _style(doc, "VB Người ký", size=14, bold=True, align=C)  # signer name


def _drop_first_paragraph(cell) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)


def _two_columns(doc):
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _cell_margins_zero(t)
    _fixed_widths(t, COLUMNS_MM, indent_mm=INDENT_MM)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    return t


def _parties_header(doc) -> None:
    """Each party's issuing bodies (one line each, UPPER, bold), a short solid line under them."""
    t = _two_columns(doc)
    for cell, side in zip(t.rows[0].cells, ("ben_a", "ben_b"), strict=False):
        _drop_first_paragraph(cell)
        _para(cell, f"{{%p for l in {side}.co_quan %}}", "VB Bên")
        _para(cell, "{{ l }}", "VB Bên")
        _para(cell, "{%p endfor %}", "VB Bên")
        _rule(cell, COLUMNS_MM[0] / 2 - 12, COLUMNS_MM[0] / 2 - 12)


def _title_block(doc) -> None:
    """VĂN BẢN HỢP TÁC / Giữa / party A / Và / party B / GIAI ĐOẠN …, centred and bold, a short line under."""
    _para(doc, "{{ ten_van_ban }}", "VB Tên loại").paragraph_format.space_before = Pt(24)
    _para(doc, "Giữa", "VB Tên bên").paragraph_format.space_before = Pt(6)
    for side in ("ben_a", "ben_b"):
        if side == "ben_b":
            _para(doc, "Và", "VB Tên bên")
        _para(doc, f"{{%p for l in {side}.ten_dong %}}", "VB Tên bên")
        _para(doc, "{{ l }}", "VB Tên bên")
        _para(doc, "{%p endfor %}", "VB Tên bên")
    _para(doc, "{%p if giai_doan %}", "VB Tên bên")
    _para(doc, "{{ giai_doan }}", "VB Tên bên")
    _para(doc, "{%p endif %}", "VB Tên bên")
    _rule(doc, TEXT_WIDTH_MM / 2 - 28, TEXT_WIDTH_MM / 2 - 28).paragraph_format.space_after = Pt(6)


def _body_loop(doc) -> None:
    """Preamble, numbered fields and closing: one paragraph per item of ``than`` ("muc" keeps with next)."""
    _para(doc, "{%p for b in than %}", "VB Đoạn")
    _para(doc, '{%p if b.kieu == "muc" %}', "VB Mục")
    _para(doc, "{{r b.rich }}", "VB Mục")
    _para(doc, "{%p else %}", "VB Đoạn")
    _para(doc, "{{r b.rich }}", "VB Đoạn")
    _para(doc, "{%p endif %}", "VB Đoạn")
    _para(doc, "{%p endfor %}", "VB Đoạn")


def _signatures(doc) -> None:
    """Both signature blocks side by side: one borderless row of two cells that cannot split across pages."""
    t = _two_columns(doc)
    _cell_margin_top(t, 6)  # air above the signatures: spacing, not an empty paragraph
    row = t.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, side in zip(row.cells, ("ben_a", "ben_b"), strict=False):
        cell.vertical_alignment = WD_ALIGN_VERTICAL.TOP
        _drop_first_paragraph(cell)
        _para(cell, f"{{{{ {side}.dai_dien }}}}", "VB Ký bên")
        _para(cell, f"{{%p for l in {side}.chuc_danh %}}", "VB Ký bên")
        _para(cell, "{{ l }}", "VB Ký bên")
        _para(cell, "{%p endfor %}", "VB Ký bên")
        for _ in range(SIGNATURE_GAP_LINES):
            _para(cell, "", "VB Ký bên")
        _para(cell, f"{{{{ {side}.ho_ten }}}}", "VB Người ký")


def build_thoa_thuan(path: Path) -> None:
    """Write the agreement template to ``path`` (A4 portrait, Decree 30 margins, Times New Roman)."""
    doc = Document()
    _clear_body(doc)
    _defaults(doc)
    _common_styles(doc)
    _agreement_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(doc, section)
    _parties_header(doc)
    _title_block(doc)
    _body_loop(doc)
    _signatures(doc)  # the last closing sentence (kieu "muc") keeps with this table
    _tail(doc)  # a body must not end with a table
    _core(doc, "Mẫu Văn bản hợp tác")
    doc.save(path)
