"""Rebuild the Word templates in this folder: `python templates/build_templates.py`.

The templates are committed; this script is how they were made, and how to make them again after a change
of layout. An office may also edit the .docx files in Word directly (styles, wording): the Jinja tags
(docxtpl syntax) are the only contract. Page setup and sizes follow Decree 30/2020/NĐ-CP, Phụ lục I.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the drafting package beside this folder: its schema-order module
from drafting.render.docx.schema import canonical_part  # noqa: E402

FONT = "Times New Roman"

# Page (Decree 30 sample file): A4, top 25, bottom 20, left 35, right 20 mm; header 10 mm from the edge.
A4 = (Mm(210), Mm(297))
MARGINS = dict(top=Mm(25), bottom=Mm(20), left=Mm(35), right=Mm(20))
TEXT_WIDTH_MM = 210 - 35 - 20  # 155
#: hanging indent of a Nơi nhận item: the width of "- " in Times New Roman 11 pt
HANGING_MM = 2.3


# --------------------------------------------------------------------------------------------- helpers
def _set_fonts(rpr_parent, size_pt: float | None = None, bold=None, italic=None) -> None:
    rpr = rpr_parent.get_or_add_rPr() if hasattr(rpr_parent, "get_or_add_rPr") else rpr_parent
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _style(
    doc,
    name: str,
    *,
    base: str | None = "Normal",
    size: float = 14,
    bold=False,
    italic=False,
    align=None,
    first_indent_cm: float | None = None,
    before: float = 0,
    after: float = 0,
    line: float | None = None,
    keep_next=False,
    kind=WD_STYLE_TYPE.PARAGRAPH,
):
    st = doc.styles.add_style(name, kind)
    if base:
        st.base_style = doc.styles[base]
    st.quick_style = True
    f = st.font
    f.name = FONT
    f.size = Pt(size)
    f.bold = bold
    f.italic = italic
    _set_fonts(st.element.get_or_add_rPr())
    pf = st.paragraph_format
    if align is not None:
        pf.alignment = align
    if first_indent_cm is not None:
        pf.first_line_indent = Cm(first_indent_cm)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    pf.keep_with_next = keep_next
    pf.widow_control = True
    return st


def _defaults(doc) -> None:
    """Times New Roman 14 pt, Vietnamese language, everywhere (docDefaults and Normal)."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    for tag, val in (("w:sz", "28"), ("w:szCs", "28")):
        el = rpr_default.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr_default.append(el)
        el.set(qn("w:val"), val)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer", "Table Grid"):
        try:
            st = doc.styles[name]
        except KeyError:
            continue
        if st.type == WD_STYLE_TYPE.PARAGRAPH or name in ("Header", "Footer"):
            st.font.name = FONT
            _set_fonts(st.element.get_or_add_rPr())


def _page(section, landscape: bool = False) -> None:
    w, h = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = h, w
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = w, h
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number_header(doc, section) -> None:
    """Page number: Arabic, 14 pt, centred in the header, not on page 1 (different first page)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_header.paragraphs[0]
    first.text = ""
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = doc.styles["Header"]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "28")
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_margins_zero(table) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)


def _cell_margin_top(table, pt: float) -> None:
    mar = table._tbl.tblPr.find(qn("w:tblCellMar"))
    top = OxmlElement("w:top")
    top.set(qn("w:w"), str(int(pt * 20)))
    top.set(qn("w:type"), "dxa")
    mar.insert(0, top)


def _fixed_widths(table, widths_mm: list[float], indent_mm: float = 0) -> None:
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    tbl_pr = table._tbl.tblPr
    tblw = tbl_pr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tbl_pr.append(tblw)
    tblw.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    tblw.set(qn("w:type"), "dxa")
    if indent_mm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(int(indent_mm * 56.7)))
        ind.set(qn("w:type"), "dxa")
        tbl_pr.append(ind)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        gc.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)


def _para(
    container,
    text: str = "",
    style: str | None = None,
    *,
    bold=None,
    italic=None,
    size=None,
    align=None,
    runs: list[tuple[str, dict]] | None = None,
):
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    if align is not None:
        p.alignment = align
    for t, fmt in runs or ([(text, {})] if text else []):
        r = p.add_run(t)
        b = fmt.get("bold", bold)
        i = fmt.get("italic", italic)
        s = fmt.get("size", size)
        if b is not None:
            r.bold = b
        if i is not None:
            r.italic = i
        if s is not None:
            r.font.size = Pt(s)
    return p


def _rule(container, indent_left_mm: float, indent_right_mm: float):
    """A short solid line: an empty tiny paragraph whose top border runs between its indents."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.left_indent = Mm(indent_left_mm)
    pf.right_indent = Mm(indent_right_mm)
    pf.first_line_indent = Mm(0)
    pf.space_before = Pt(4)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    bdr.append(top)
    # pBdr must come before spacing/ind in pPr (schema order); insert after pStyle/keepNext if any
    ppr.insert(0, bdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(bdr)
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "8")
    rpr.append(sz)
    ppr.append(rpr)
    return p


def _keep_row(row) -> None:
    """Every paragraph of ``row`` keeps with the next: the row stays on the page of the next row (Word and
    LibreOffice both read a row whose paragraphs all keep with the next as a row kept with the next)."""
    from docx.text.paragraph import Paragraph

    for p in row._tr.iter(qn("w:p")):  # the row's own cells (row.cells gives a vertical merge's top cell)
        Paragraph(p, None).paragraph_format.keep_with_next = True


def _tail(container):
    """The paragraph a body (or cell) must have after a table: 1 pt high, so that it never makes a page."""
    p = container.add_paragraph(style="VB Bảng")
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(1)
    from docx.enum.text import WD_LINE_SPACING

    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rpr = OxmlElement("w:rPr")
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), "2")
    rpr.append(sz)
    p._p.get_or_add_pPr().append(rpr)
    return p


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _core(doc, title: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.author = "drafting"
    cp.last_modified_by = "drafting"
    cp.comments = "Mẫu của drafting (Nghị định 30/2020/NĐ-CP), cú pháp thẻ của docxtpl."
    cp.revision = 1
    import datetime as dt

    cp.created = dt.datetime(2026, 1, 1)
    cp.modified = dt.datetime(2026, 1, 1)
    cp.language = "vi-VN"


# ------------------------------------------------------------------------------------------- styles
def _common_styles(doc) -> None:
    J = WD_ALIGN_PARAGRAPH.JUSTIFY
    C = WD_ALIGN_PARAGRAPH.CENTER
    L = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, "VB Đoạn", size=14, align=J, first_indent_cm=1.27, before=6, after=0, line=1.15)
    _style(
        doc,
        "VB Phần",
        base="VB Đoạn",
        size=14,
        bold=True,
        keep_next=True,
        before=6,
        line=1.15,
        align=J,
        first_indent_cm=1.27,
    )
    _style(doc, "VB Mục", base="VB Đoạn", size=14, keep_next=True, before=6, line=1.15, align=J, first_indent_cm=1.27)
    _style(doc, "VB Căn cứ", base="VB Đoạn", size=14, italic=True, before=6, line=1.15, align=J, first_indent_cm=1.27)
    _style(doc, "VB Tên loại", size=14, bold=True, align=C, before=12, after=0, keep_next=True)
    _style(doc, "VB Trích yếu", size=14, bold=True, align=C, before=0, after=0, keep_next=True)
    _style(doc, "VB Đầu trang", size=13, align=C)
    _style(doc, "VB Nơi nhận", size=12, bold=True, italic=True, align=L, before=6)
    st = _style(doc, "VB Nơi nhận mục", size=11, align=L)
    st.paragraph_format.left_indent = Mm(HANGING_MM)  # a wrapped recipient lines up after its "- "
    st.paragraph_format.first_line_indent = Mm(-HANGING_MM)
    _style(doc, "VB Ký", size=14, bold=True, align=C)
    _style(doc, "VB Phụ lục", size=14, bold=True, align=C, keep_next=True)
    _style(doc, "VB Tên phụ lục", size=14, bold=True, align=C, keep_next=True)
    _style(doc, "VB Kèm theo", size=14, italic=True, align=C, after=6, keep_next=True)
    _style(doc, "VB Bảng", size=12, align=L, before=2, after=2)
    _style(doc, "VB Bảng phải", base="VB Bảng", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2, after=2)
    _style(doc, "VB Bảng giữa", base="VB Bảng", size=12, align=C, before=2, after=2)
    _style(doc, "VB Bảng tiêu đề", base="VB Bảng", size=12, bold=True, align=C, before=2, after=2)
    _style(doc, "VB Bảng số", base="VB Bảng", size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2, after=2)
    _style(doc, "VB Bảng nhỏ", base="VB Bảng", size=11, align=L, before=2, after=2)
    _style(doc, "VB Bảng nhỏ giữa", base="VB Bảng", size=11, align=C, before=2, after=2)
    _style(doc, "VB Bảng nhỏ tiêu đề", base="VB Bảng", size=11, bold=True, align=C, before=2, after=2)
    _style(doc, "VB Tổng", size=14, bold=True, align=L, before=6, first_indent_cm=1.27, keep_next=True)
    _style(doc, "VB Bằng chữ", size=14, italic=True, align=L, first_indent_cm=1.27)


def _header_block(doc, cong_van: bool = False) -> None:
    """Agency (left) and Quốc hiệu/Tiêu ngữ (right); Số (left) and place/date (right), in one table.

    A công văn adds its subject line "V/v …" (12 pt) under the number.
    """
    left_w, right_w = 64.0, 101.0
    t = doc.add_table(rows=2, cols=2)
    _no_borders(t)
    _cell_margins_zero(t)
    _fixed_widths(t, [left_w, right_w], indent_mm=-6)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    a, b = t.rows[0].cells
    c, d = t.rows[1].cells
    a.paragraphs[0]._p.getparent().remove(a.paragraphs[0]._p)
    _para(a, "{%p if chu_quan %}", "VB Đầu trang")
    _para(a, "{{ chu_quan }}", "VB Đầu trang", size=13)
    _para(a, "{%p endif %}", "VB Đầu trang")
    _para(a, "{{ ban_hanh }}", "VB Đầu trang", bold=True, size=13)
    _rule(a, left_w / 2 - 11, left_w / 2 - 11)
    b.paragraphs[0]._p.getparent().remove(b.paragraphs[0]._p)
    _para(b, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Đầu trang", bold=True, size=12.5)
    _para(b, "Độc lập - Tự do - Hạnh phúc", "VB Đầu trang", bold=True, size=13.5)
    _rule(b, right_w / 2 - 30, right_w / 2 - 30)
    c.paragraphs[0]._p.getparent().remove(c.paragraphs[0]._p)
    p = _para(c, "Số: {{ so_ky_hieu }}", "VB Đầu trang", size=13)
    p.paragraph_format.space_before = Pt(6)
    if cong_van:
        _para(c, "{{ ve_viec }}", "VB Đầu trang", size=12)
    d.paragraphs[0]._p.getparent().remove(d.paragraphs[0]._p)
    p = _para(d, "{{ dia_danh_ngay }}", "VB Đầu trang", italic=True, size=14)
    p.paragraph_format.space_before = Pt(6)


def _title_block(doc) -> None:
    _para(doc, "{{ ten_loai }}", "VB Tên loại").paragraph_format.space_before = Pt(18)
    _para(doc, "{{ trich_yeu }}", "VB Trích yếu")
    _rule(doc, TEXT_WIDTH_MM / 2 - 28, TEXT_WIDTH_MM / 2 - 28)


def _body_loop(doc, with_tables: bool = True) -> None:
    """The body: one paragraph per item of ``than``; its ``kieu`` picks the paragraph style."""
    _para(doc, "{%p for c in can_cu %}", "VB Căn cứ")
    _para(doc, "{{ c }}", "VB Căn cứ")
    _para(doc, "{%p endfor %}", "VB Căn cứ")
    _para(doc, "{%p for b in than %}", "VB Đoạn")
    _para(doc, '{%p if b.kieu == "phan" %}', "VB Phần")
    _para(doc, "{{r b.rich }}", "VB Phần")
    _para(doc, '{%p elif b.kieu == "muc" %}', "VB Mục")
    _para(doc, "{{r b.rich }}", "VB Mục")
    if with_tables:
        _para(doc, '{%p elif b.kieu == "bang" %}', "VB Bảng")
        _task_table(doc, var="b", caption="drafting:bang", stt="{{ b.stt }}")
        _tail(doc)  # two tables never touch; the next paragraph's own spacing gives the air
    _para(doc, "{%p else %}", "VB Đoạn")
    _para(doc, "{{r b.rich }}", "VB Đoạn")
    _para(doc, "{%p endif %}", "VB Đoạn")
    _para(doc, "{%p endfor %}", "VB Đoạn")


def _signature_block(doc) -> None:
    """Nơi nhận (left) and the signer (right), a borderless two-column table."""
    left_w, right_w = 80.0, 85.0
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    _cell_margins_zero(t)
    _fixed_widths(t, [left_w, right_w], indent_mm=0)
    _cell_margin_top(t, 6)  # air above Nơi nhận and the signer: spacing, not an empty paragraph
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # the signer never splits from his title
    a, b = t.rows[0].cells
    a.paragraphs[0]._p.getparent().remove(a.paragraphs[0]._p)
    _para(a, "Nơi nhận:", "VB Nơi nhận")
    _para(a, "{%p for r in noi_nhan %}", "VB Nơi nhận mục")
    _para(a, "{{ r }}", "VB Nơi nhận mục")
    _para(a, "{%p endfor %}", "VB Nơi nhận mục")
    b.paragraphs[0]._p.getparent().remove(b.paragraphs[0]._p)
    _para(b, "{%p for l in chuc_danh %}", "VB Ký")
    _para(b, "{{ l }}", "VB Ký").paragraph_format.space_before = Pt(0)
    _para(b, "{%p endfor %}", "VB Ký")
    # room for the signature and seal: space above the name, not empty paragraphs
    _para(b, "{{ nguoi_ky }}", "VB Ký").paragraph_format.space_before = Pt(4 * 14 * 1.15)


LANDSCAPE_MARGINS = dict(top=Mm(20), bottom=Mm(20), left=Mm(25), right=Mm(20))
LANDSCAPE_TEXT_WIDTH_MM = 297 - 25 - 20  # 252


def _sect_pr(doc, landscape: bool, restart: bool):
    """A copy of the body's section properties, for a section break paragraph (portrait or landscape)."""
    import copy

    sp = copy.deepcopy(doc.sections[0]._sectPr)
    pg = sp.find(qn("w:pgSz"))
    if landscape:
        pg.set(qn("w:w"), str(16838))
        pg.set(qn("w:h"), str(11906))
        pg.set(qn("w:orient"), "landscape")
        mar = sp.find(qn("w:pgMar"))
        for side, val in LANDSCAPE_MARGINS.items():
            mar.set(qn(f"w:{side}"), str(int(val.twips)))
    if restart:
        num = sp.find(qn("w:pgNumType"))
        if num is None:
            num = OxmlElement("w:pgNumType")
            # schema order: … pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
            cols = sp.find(qn("w:cols"))
            cols.addprevious(num) if cols is not None else sp.append(num)
        num.set(qn("w:start"), "1")
    return sp


def _break_paragraph(doc, sect_pr):
    """An empty paragraph that ends a section (its pPr holds the section's properties)."""
    p = doc.add_paragraph(style="VB Bảng")
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p._p.get_or_add_pPr().append(sect_pr)
    return p


def _cell(cell, text: str, style: str):
    p = cell.paragraphs[0]
    p.style = cell.part.document.styles[style] if hasattr(cell.part, "document") else style
    if text:
        p.add_run(text)
    return p


def _tc_pr(cell):
    return cell._tc.get_or_add_tcPr()


def _v_merge(cell, restart: bool) -> None:
    vm = OxmlElement("w:vMerge")
    if restart:
        vm.set(qn("w:val"), "restart")
    _tc_pr(cell).append(vm)


def _header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def _grid_table(doc, rows: int, cols: int, widths_mm: list[float], caption: str):
    t = doc.add_table(rows=rows, cols=cols)
    t.style = doc.styles["Table Grid"]
    _fixed_widths(t, widths_mm)
    cap = OxmlElement("w:tblCaption")
    cap.set(qn("w:val"), caption)
    t._tbl.tblPr.append(cap)
    mar = OxmlElement("w:tblCellMar")  # narrow cell margins (1.2 mm): wide tables need the room
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "68")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    t._tbl.tblPr.append(mar)
    return t


def _task_table(doc, var: str = "pl", caption: str = "drafting:phu-luc", stt: str = "STT") -> None:
    """STT + one column per chosen field ({%tc%} loop); group rows span the columns after STT."""
    t = _grid_table(doc, 7, 4, [12, 80, 80, 80], caption)
    hdr = t.rows[0]
    _header_row(hdr)
    _cell(hdr.cells[0], stt, "VB Bảng tiêu đề")
    _keep_row(hdr)
    _cell(hdr.cells[1], f"{{%tc for c in {var}.cot %}}", "VB Bảng tiêu đề")
    _cell(hdr.cells[2], "{{ c }}", "VB Bảng tiêu đề")
    _cell(hdr.cells[3], "{%tc endfor %}", "VB Bảng tiêu đề")
    _cell(t.rows[1].cells[0], f"{{%tr for r in {var}.dong %}}", "VB Bảng")
    _cell(t.rows[2].cells[0], "{%tr if r.nhom %}", "VB Bảng")
    g = t.rows[3]
    _cell(g.cells[0], "{{ r.stt }}", "VB Bảng tiêu đề")
    merged = g.cells[1].merge(g.cells[3])
    _cell(merged, "{% colspan r.so_cot %}{{r r.ten.rich }}", "VB Bảng")
    _keep_row(g)  # a group row never ends a page
    _cell(t.rows[4].cells[0], "{%tr else %}", "VB Bảng")
    d = t.rows[5]  # a task row may split across pages (a tall row moved whole leaves a gap); widow control holds
    _cell(d.cells[0], "{{ r.stt }}", "VB Bảng giữa")
    _cell(d.cells[1], "{%tc for v in r.o %}", "VB Bảng")
    # a cell marked "so" (money, counts) is right-aligned
    _cell(d.cells[2], "{%p if v.so is defined and v.so %}", "VB Bảng")
    _para(d.cells[2], "{{r v.rich }}", "VB Bảng phải")
    _para(d.cells[2], "{%p else %}", "VB Bảng")
    _para(d.cells[2], "{{r v.rich }}", "VB Bảng")
    _para(d.cells[2], "{%p endif %}", "VB Bảng")
    _cell(d.cells[3], "{%tc endfor %}", "VB Bảng")
    _cell(t.rows[6].cells[0], "{%tr endif %}", "VB Bảng")
    end = t.add_row()
    _cell(end.cells[0], "{%tr endfor %}", "VB Bảng")


def _budget_row(d, keep: bool) -> None:
    """One row of the budget sheet. A kept row (a group's title, the last line) does not split; the others
    may split across a page break: a tall line moved whole would leave a third of the page empty."""
    if keep:
        d._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _cell(d.cells[0], "{{r r.tt.rich }}", "VB Bảng nhỏ giữa")
    _cell(d.cells[1], "{{r r.noi_dung.rich }}", "VB Bảng nhỏ")
    _cell(d.cells[2], "{{ r.thoi_gian }}", "VB Bảng nhỏ giữa")
    _cell(d.cells[3], "{{ r.chu_tri }}", "VB Bảng nhỏ")
    _cell(d.cells[4], "{{ r.phoi_hop }}", "VB Bảng nhỏ")
    _cell(d.cells[5], "{%tc for v in r.so_tien %}", "VB Bảng số")
    _cell(d.cells[6], "{{r v.rich }}", "VB Bảng số")
    _cell(d.cells[7], "{%tc endfor %}", "VB Bảng số")
    if keep:
        _keep_row(d)


def _budget_table(doc) -> None:
    """TT, Nội dung, Thời gian, Chủ trì, Phối hợp, then the years under one merged header."""
    t = _grid_table(doc, 11, 8, [10, 70, 22, 28, 36, 20, 20, 20], "drafting:kinh-phi")
    h1, h2 = t.rows[0], t.rows[1]
    _header_row(h1)
    _header_row(h2)
    titles = ["TT", "Nội dung/nhiệm vụ", "Thời gian thực hiện (năm)", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    for i, title in enumerate(titles):
        _cell(h1.cells[i], title, "VB Bảng nhỏ tiêu đề")
        _v_merge(h1.cells[i], True)
        _cell(h2.cells[i], "", "VB Bảng nhỏ tiêu đề")
        _v_merge(h2.cells[i], False)
    years = h1.cells[5].merge(h1.cells[7])
    _cell(years, "{% colspan pl.so_nam %}{{ pl.tieu_de_cot }}", "VB Bảng nhỏ tiêu đề")
    _cell(h2.cells[5], "{%tc for y in pl.nam %}", "VB Bảng nhỏ tiêu đề")
    _cell(h2.cells[6], "{{ y }}", "VB Bảng nhỏ tiêu đề")
    _cell(h2.cells[7], "{%tc endfor %}", "VB Bảng nhỏ tiêu đề")
    _cell(t.rows[2].cells[0], "{%tr for r in pl.dong %}", "VB Bảng nhỏ")
    # a group row, and the last line (it stays with the total row), keep with the next row
    _cell(t.rows[3].cells[0], "{%tr if r.nhom or loop.last %}", "VB Bảng nhỏ")
    _budget_row(t.rows[4], keep=True)
    _cell(t.rows[5].cells[0], "{%tr else %}", "VB Bảng nhỏ")
    _budget_row(t.rows[6], keep=False)
    _cell(t.rows[7].cells[0], "{%tr endif %}", "VB Bảng nhỏ")
    _cell(t.rows[8].cells[0], "{%tr endfor %}", "VB Bảng nhỏ")
    tot = t.rows[9]
    _cell(tot.cells[0], "", "VB Bảng nhỏ")
    label = tot.cells[1].merge(tot.cells[4])
    _cell(label, "Tổng cộng", "VB Bảng nhỏ tiêu đề")
    _cell(tot.cells[5], "{%tc for v in pl.tong %}", "VB Bảng số")
    p = _cell(tot.cells[6], "{{ v }}", "VB Bảng số")
    for r in p.runs:
        r.bold = True
    _cell(tot.cells[7], "{%tc endfor %}", "VB Bảng số")
    _keep_row(tot)  # the total row stays with the "Tổng …" and "(Bằng chữ: …)" lines under it
    _keep_row(h1)
    _keep_row(h2)
    # those two lines are the table's last row, borderless: LibreOffice keeps a row with the next row but
    # not a table with the paragraph after it, and Word does both
    words = t.rows[10]
    words._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = words.cells[0].merge(words.cells[7])
    _cell(cell, "{% colspan pl.so_nam + 5 %}{{ pl.tong_chu }}", "VB Tổng")
    _para(cell, "{{ pl.bang_chu }}", "VB Bằng chữ")
    borders = OxmlElement("w:tcBorders")
    for edge in ("left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _tc_pr(cell).append(borders)


#: the height kept free at the top right of a separate appendix of an electronic document: the agency's digital
#: signature line (Times New Roman 10 pt: number and ký hiệu of the main document, signing time) goes there
SIGNATURE_AREA_PT = 42
#: its width, from the right margin (the signature line of the decree's sample is about 80 mm long)
SIGNATURE_AREA_MM = 90


def _signature_area(doc) -> None:
    """An empty paragraph, right half of the page, one exact height: nothing else may stand there (Decree 30,
    Phụ lục I II.8.b). Direct formatting on the appendix style: the paper template's styles stay as they are."""
    p = _para(doc, "", "VB Phụ lục", align=WD_ALIGN_PARAGRAPH.RIGHT)
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(SIGNATURE_AREA_PT)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.left_indent = Mm(LANDSCAPE_TEXT_WIDTH_MM - SIGNATURE_AREA_MM)


def _appendix_loop(doc, standalone: bool) -> None:
    """One landscape section per appendix: heading, title, reference line, then its table."""
    _para(doc, "{%p for pl in phu_luc %}", "VB Phụ lục")
    if standalone:
        _para(doc, "{%p if not loop.first %}", "VB Phụ lục")
        _break_paragraph(doc, _sect_pr(doc, landscape=True, restart=True))
        _para(doc, "{%p endif %}", "VB Phụ lục")
        # "is defined": a context built elsewhere (the diff's appendix) has no such key and is paper
        _para(doc, "{%p if pl.vung_ky_so is defined and pl.vung_ky_so and loop.first %}", "VB Phụ lục")
        _signature_area(doc)
        _para(doc, "{%p endif %}", "VB Phụ lục")
    else:
        _para(doc, "{%p if loop.first %}", "VB Phụ lục")
        _break_paragraph(doc, _sect_pr(doc, landscape=False, restart=False))
        _para(doc, "{%p else %}", "VB Phụ lục")
        _break_paragraph(doc, _sect_pr(doc, landscape=True, restart=True))
        _para(doc, "{%p endif %}", "VB Phụ lục")
    _para(doc, "{{ pl.tieu_de }}", "VB Phụ lục")
    _para(doc, "{{ pl.ten }}", "VB Tên phụ lục")
    _para(doc, "{{ pl.kem_theo }}", "VB Kèm theo")
    _para(doc, '{%p if pl.loai == "nhiem_vu" %}', "VB Bảng")
    _task_table(doc)
    _para(doc, "{%p else %}", "VB Bảng")
    _budget_table(doc)
    _para(doc, "{%p endif %}", "VB Bảng")
    _para(doc, "{%p endfor %}", "VB Bảng")
    _tail(doc)  # a body must not end with a table


def build_phu_luc(path: Path) -> None:
    """Appendices printed as their own file (tep_rieng): landscape from the first page."""
    doc = Document()
    _clear_body(doc)
    _defaults(doc)
    _common_styles(doc)
    section = doc.sections[0]
    _page(section, landscape=True)
    for side, val in LANDSCAPE_MARGINS.items():
        setattr(section, f"{side}_margin", val)
    _page_number_header(doc, section)
    _appendix_loop(doc, standalone=True)
    _core(doc, "Mẫu Phụ lục")
    doc.save(path)


def build_ke_hoach(path: Path, title: str = "Mẫu Kế hoạch") -> None:
    doc = Document()
    _clear_body(doc)
    _defaults(doc)
    _common_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(doc, section)
    _header_block(doc)
    _title_block(doc)
    _body_loop(doc)  # its last paragraph (kieu "muc") keeps with the signature table
    _signature_block(doc)
    _appendix_loop(doc, standalone=False)
    _core(doc, title)
    doc.save(path)


def _fonts_everywhere(path: Path) -> None:
    """Point every font reference of the style parts at Times New Roman (the default template has Courier)."""
    import re
    import zipfile

    src = zipfile.ZipFile(path)
    entries = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = canonical_part(data)  # ECMA-376 order of pPr, rPr, tblPr… children; no repeats
            if info.filename in ("word/styles.xml", "word/stylesWithEffects.xml"):
                text = data.decode("utf-8")
                text = re.sub(
                    r"<w:rFonts\b[^>]*?(/?)>",
                    lambda m: f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"{m[1]}>',
                    text,
                )
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))  # reproducible bytes
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)


def _form_table(doc) -> None:
    """The report form: Mã | Nhiệm vụ | Tình trạng | Kết quả | Kinh phí | Khó khăn | Đề xuất; A./B. group rows."""
    widths = [14, 62, 24, 56, 22, 37, 37]
    t = _grid_table(doc, 7, 7, widths, "drafting:phieu")
    hdr = t.rows[0]
    _header_row(hdr)
    titles = [
        "Mã",
        "Nhiệm vụ",
        "Tình trạng",
        "Kết quả thực hiện",
        "Kinh phí đã sử dụng ({{ phieu.don_vi_tien }})",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
    ]
    for cell, title in zip(hdr.cells, titles, strict=False):
        _cell(cell, title, "VB Bảng nhỏ tiêu đề")
    _keep_row(hdr)
    _cell(t.rows[1].cells[0], "{%tr for r in phieu.dong %}", "VB Bảng nhỏ")
    _cell(t.rows[2].cells[0], "{%tr if r.nhom %}", "VB Bảng nhỏ")
    g = t.rows[3]
    merged = g.cells[0].merge(g.cells[6])
    p = _cell(merged, "{{ r.ten }}", "VB Bảng nhỏ")
    for r in p.runs:
        r.bold = True
    _keep_row(g)
    _cell(t.rows[4].cells[0], "{%tr else %}", "VB Bảng nhỏ")
    d = t.rows[5]
    height = OxmlElement("w:trHeight")  # room to write in
    height.set(qn("w:val"), str(int(12 * 56.7)))
    height.set(qn("w:hRule"), "atLeast")
    d._tr.get_or_add_trPr().append(height)
    _cell(d.cells[0], "{{ r.ma }}", "VB Bảng nhỏ giữa")
    _cell(d.cells[1], "{{ r.ten }}", "VB Bảng nhỏ")
    for cell in d.cells[2:]:
        _cell(cell, "", "VB Bảng nhỏ")
    _cell(t.rows[6].cells[0], "{%tr endif %}", "VB Bảng nhỏ")
    end = t.add_row()
    _cell(end.cells[0], "{%tr endfor %}", "VB Bảng nhỏ")


def build_phieu_bao_cao(path: Path) -> None:
    """A công văn asking one department to report, and the form it fills in (a landscape section)."""
    doc = Document()
    _clear_body(doc)
    _defaults(doc)
    _common_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(doc, section)
    _header_block(doc, cong_van=True)
    # (the form's body has no task tables: _body_loop(doc, with_tables=False) below)
    k = _para(doc, "", "VB Tên loại", runs=[("Kính gửi: ", {"bold": False}), ("{{ kinh_gui }}", {"bold": False})])
    k.paragraph_format.space_before = Pt(18)
    k.paragraph_format.space_after = Pt(6)
    _body_loop(doc, with_tables=False)
    _signature_block(doc)
    _break_paragraph(doc, _sect_pr(doc, landscape=False, restart=False))
    _para(doc, "{{ phieu.tieu_de }}", "VB Tên phụ lục")
    _para(doc, "{{ phieu.kem_theo }}", "VB Kèm theo")
    _para(doc, "", "VB Bảng", runs=[("Đơn vị báo cáo: ", {"bold": True}), ("{{ phieu.don_vi }}", {})])
    _para(doc, "{{ phieu.huong_dan }}", "VB Bảng", italic=True)
    _form_table(doc)
    _tail(doc)
    _core(doc, "Mẫu Phiếu báo cáo")
    doc.save(path)


def build_bao_cao(path: Path) -> None:
    """The report (BÁO CÁO) has the plan's layout; a separate file so an office can style it apart."""
    build_ke_hoach(path, title="Mẫu Báo cáo")


TEMPLATES = {
    "ke-hoach.docx": build_ke_hoach,
    "bao-cao.docx": build_bao_cao,
    "phieu-bao-cao.docx": build_phieu_bao_cao,
    "phu-luc.docx": build_phu_luc,
    # bilateral agreement (seed 002); imported when called: build_agreement imports this module's helpers
    "thoa-thuan.docx": lambda path: __import__("build_agreement").build_thoa_thuan(path),
}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        build(out / name)
        _fonts_everywhere(out / name)
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
