"""Fill report forms the way departments do, at the XML level where Word's features need it: tracked changes,
moves, inserted and deleted rows, content controls, smart tags, fields, hyperlinks, text boxes, nested tables,
merged cells, comments. Used by the returned-forms tests; every helper returns the text it typed."""

from __future__ import annotations

import copy
from xml.sax.saxutils import escape

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
AUTHOR = "Nguyễn Văn An"
DATE = "2026-06-02T08:30:00Z"
_ids = iter(range(100, 10_000))


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def ins(text: str, author: str = AUTHOR, date: str = DATE) -> str:
    return f'<w:ins w:id="{next(_ids)}" w:author="{author}" w:date="{date}">{r(text)}</w:ins>'


def dele(text: str, author: str = AUTHOR, date: str = DATE) -> str:
    return (
        f'<w:del w:id="{next(_ids)}" w:author="{author}" w:date="{date}"><w:r><w:delText xml:space="preserve">'
        f"{escape(text)}</w:delText></w:r></w:del>"
    )


def move_from(text: str) -> str:
    return (
        f'<w:moveFrom w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="{DATE}"><w:r><w:delText xml:space="preserve">'
        f"{escape(text)}</w:delText></w:r></w:moveFrom>"
    )


def move_to(text: str) -> str:
    return f'<w:moveTo w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="{DATE}">{r(text)}</w:moveTo>'


def sdt(inner: str, placeholder: bool = False) -> str:
    pr = "<w:showingPlcHdr/>" if placeholder else ""
    return f'<w:sdt><w:sdtPr><w:alias w:val="Nhập"/>{pr}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'


def smart_tag(text: str) -> str:
    return f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">{r(text)}</w:smartTag>'


def hyperlink(text: str) -> str:
    return f'<w:hyperlink w:anchor="muc1">{r(text)}</w:hyperlink>'


def simple_field(result: str) -> str:
    return f'<w:fldSimple w:instr=" PAGE ">{r(result)}</w:fldSimple>'


def complex_field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(code)}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'{r(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def text_box(text: str) -> str:
    """A run holding a text box, as Word writes it: a DrawingML choice and a VML fallback with the same text."""
    para = f"<w:p>{r(text)}</w:p>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{para}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{para}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def para(*inline: str) -> str:
    return f"<w:p {NS}>{''.join(inline)}</w:p>"


def set_cell_xml(cell, *paragraphs: str) -> None:
    """Replace a cell's content by raw paragraphs (each from ``para``)."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    for p in paragraphs:
        tc.append(parse_xml(p))


def set_cell(cell, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for extra in lines[1:]:
        cell.add_paragraph(extra)


def nested_table(cell, rows: list[list[str]]) -> None:
    t = cell.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            t.cell(i, j).text = text
    cell.add_paragraph("")  # Word needs a paragraph after a table in a cell


def form_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")


def rows_by_id(table) -> dict:
    return {row.cells[0].text: row for row in table.rows[1:] if row.cells[0].text[:1].isdigit()}


def add_row_after(table, row, *, tracked: bool = False, deleted: bool = False):
    """A copy of ``row`` (emptied) right under it; ``tracked`` marks it inserted with Track Changes, ``deleted``
    marks it deleted."""
    new = copy.deepcopy(row._tr)
    for tc in new.findall(qn("w:tc")):
        for child in list(tc):
            if child.tag != qn("w:tcPr"):
                tc.remove(child)
            else:
                for vm in child.findall(qn("w:vMerge")):
                    child.remove(vm)
        tc.append(parse_xml(f"<w:p {NS}/>"))
    if tracked or deleted:
        trpr = new.find(qn("w:trPr"))
        if trpr is None:
            trpr = parse_xml(f"<w:trPr {NS}/>")
            new.insert(0, trpr)
        tag = "ins" if tracked else "del"
        trpr.append(parse_xml(f'<w:{tag} {NS} w:id="{next(_ids)}" w:author="{AUTHOR}" w:date="{DATE}"/>'))
    row._tr.addnext(new)
    from docx.table import _Row

    return _Row(new, table)


def merge_down(table, upper, lower, col: int) -> None:
    """Merge column ``col`` of two adjacent rows vertically (the lower cell's content is dropped, as Word does)."""
    for row, val in ((upper, "restart"), (lower, None)):
        tc = row.cells[col]._tc
        tcpr = tc.get_or_add_tcPr()
        vm = parse_xml(f'<w:vMerge {NS} w:val="restart"/>' if val else f"<w:vMerge {NS}/>")
        tcpr.append(vm)
        if not val:
            for p in tc.findall(qn("w:p")):
                tc.remove(p)
            tc.append(parse_xml(f"<w:p {NS}/>"))


def merge_across(row, first: int, last: int) -> None:
    row.cells[first].merge(row.cells[last])


def add_comment(doc, paragraph, text: str, author: str = "Trần Thu Hà") -> None:
    doc.add_comment(paragraph.runs, text=text, author=author, initials="TTH")


def open_form(path):
    return Document(str(path))
