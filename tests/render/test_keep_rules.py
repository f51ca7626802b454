"""Keep rules and the small typesetting details, read back from the .docx (and the .xlsx) of real renders."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from drafting import api

from conftest import EXAMPLES, FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def bac_ninh(tmp_path_factory):
    out = tmp_path_factory.mktemp("bn")
    paths = api.render(EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml", out)
    return {p.suffix: p for p in paths}


@pytest.fixture(scope="module")
def fixture_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("fx")
    paths = api.render(FIXTURES / "with_appendices.yaml", out)
    return {p.suffix: p for p in paths}


def _style_keep(doc, style_id):
    st = doc.styles.element.find(f"{W}style[@{W}styleId='{style_id}']") if style_id else None
    while st is not None:
        ppr = st.find(W + "pPr")
        if ppr is not None and ppr.find(W + "keepNext") is not None:
            return ppr.find(W + "keepNext").get(W + "val", "1") not in ("0", "false")
        based = st.find(W + "basedOn")
        st = doc.styles.element.find(f"{W}style[@{W}styleId='{based.get(W + 'val')}']") if based is not None else None
    return False


def keeps(doc, p) -> bool:
    ppr = p.find(W + "pPr")
    if ppr is not None and ppr.find(W + "keepNext") is not None:
        return ppr.find(W + "keepNext").get(W + "val", "1") not in ("0", "false")
    sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else None
    return _style_keep(doc, sid)


def text(el) -> str:
    return "".join(
        "-" if t.tag == W + "noBreakHyphen" else (t.text or "") for t in el.iter(W + "t", W + "noBreakHyphen")
    )


def body(doc):
    return [el for el in doc.element.body if el.tag in (W + "p", W + "tbl")]


def test_no_keep_chain_is_broken_by_an_empty_paragraph(bac_ninh):
    doc = Document(str(bac_ninh[".docx"]))
    els = body(doc)
    for a, b in zip(els, els[1:], strict=False):
        if a.tag == W + "p" and keeps(doc, a) and text(a).strip():
            if b.tag == W + "p" and b.find(f"{W}pPr/{W}pBdr") is not None:
                continue  # the short rule under the title: a drawn line, not a spacer
            assert b.tag == W + "tbl" or text(b).strip(), f"an empty paragraph after {text(a)[:50]!r}"


def test_headings_keep_and_a_task_flows_after_its_first_line(bac_ninh):
    doc = Document(str(bac_ninh[".docx"]))
    paras = [p for p in body(doc) if p.tag == W + "p"]
    texts = [text(p) for p in paras]
    head = next(i for i, t in enumerate(texts) if t.startswith("I. MỤC ĐÍCH"))
    assert keeps(doc, paras[head])
    task = next(i for i, t in enumerate(texts) if t.startswith("2.2. Trao đổi, chia sẻ kinh nghiệm"))
    assert keeps(doc, paras[task])  # the heading line keeps with the first line …
    end = next(i for i in range(task + 1, len(texts)) if texts[i][:4].rstrip(".").replace(".", "").isdigit())
    meta = [i for i in range(task + 1, end) if texts[i].startswith(("Thời gian:", "Cơ quan"))]
    assert meta and not any(keeps(doc, paras[i]) for i in meta)  # … the rest flows


def test_closing_paragraph_keeps_with_the_signature_table(bac_ninh):
    doc = Document(str(bac_ninh[".docx"]))
    els = body(doc)
    at = next(i for i, el in enumerate(els) if el.tag == W + "p" and text(el).endswith("quyết định./."))
    assert keeps(doc, els[at])
    nxt = els[at + 1]
    assert nxt.tag == W + "tbl" and text(nxt).startswith("Nơi nhận:")
    row = nxt.find(W + "tr")
    assert row.find(f"{W}trPr/{W}cantSplit") is not None


def test_group_rows_total_row_and_words_keep_with_what_follows(fixture_plan):
    doc = Document(str(fixture_plan[".docx"]))
    tables = {
        t._tbl.find(f"{W}tblPr/{W}tblCaption").get(W + "val"): t
        for t in doc.tables
        if t._tbl.find(f"{W}tblPr/{W}tblCaption") is not None
    }
    tasks = tables["drafting:phu-luc"]
    for row in tasks.rows:
        cells = row._tr.findall(W + "tc")
        grouped = len(cells) == 2
        if grouped:
            assert all(keeps(doc, p) for p in row._tr.iter(W + "p")), text(row._tr)
    budget = tables["drafting:kinh-phi"]
    rows = budget.rows
    for row in rows[:2]:  # header rows
        assert all(keeps(doc, p) for p in row._tr.iter(W + "p"))
    for k, row in enumerate(rows[2:-1], start=2):
        first = text(row._tr.findall(W + "tc")[0])
        group = first in ("I", "II", "III")
        last = k >= len(rows) - 3  # the last line and the total row keep with the row of the words
        kept = all(keeps(doc, p) for p in row._tr.iter(W + "p"))
        assert kept == (group or last), (text(row._tr)[:60], kept)
    # "Tổng …" and "(Bằng chữ: …)" are the table's last row: LibreOffice keeps a row with the next row
    # but not a table with the paragraph after it
    total, words = list(rows[-1]._tr.iter(W + "p"))
    assert text(total).startswith("Tổng khái toán") and text(words).startswith("(Bằng chữ:")
    assert rows[-1]._tr.find(f"{W}trPr/{W}cantSplit") is not None
    edges = rows[-1]._tr.find(f"{W}tc/{W}tcPr/{W}tcBorders")
    assert [e.get(W + "val") for e in edges] == ["nil", "nil", "nil"]


def test_every_budget_row_is_numbered(fixture_plan):
    doc = Document(str(fixture_plan[".docx"]))
    budget = [t for t in doc.tables if "drafting:kinh-phi" in t._tbl.xml][0]
    numbers = [text(r._tr.findall(W + "tc")[0]) for r in budget.rows[2:-2]]
    assert numbers == ["I", "1", "2", "II", "1"]  # the single line of group II has its number


def test_money_is_right_aligned(fixture_plan, tmp_path):
    doc = Document(str(fixture_plan[".docx"]))
    budget = [t for t in doc.tables if "drafting:kinh-phi" in t._tbl.xml][0]
    for row in budget.rows[2:-1]:  # the last row holds the total in words
        for cell in row.cells[5:]:
            for p in cell.paragraphs:
                assert (p.alignment or p.style.paragraph_format.alignment) == WD_ALIGN_PARAGRAPH.RIGHT
    [report] = [
        p for p in api.render(EXAMPLES / "gia-lai-2026-2030" / "tien-do-2026.yaml", tmp_path) if p.suffix == ".docx"
    ]
    rdoc = Document(str(report))
    [table] = [t for t in rdoc.tables if "drafting:phu-luc" in t._tbl.xml]
    money = [r.cells[-1].paragraphs[0] for r in table.rows[1:] if len(r._tr.findall(W + "tc")) > 2]
    assert money and all(p.style.name == "VB Bảng phải" for p in money)
    assert rdoc.styles["VB Bảng phải"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_recipients_hang_and_references_do_not_break(bac_ninh):
    doc = Document(str(bac_ninh[".docx"]))
    st = doc.styles["VB Nơi nhận mục"].paragraph_format
    assert st.left_indent is not None and st.left_indent > 0
    assert st.first_line_indent == -st.left_indent
    xml = doc.element.body.xml
    ref = next(p for p in doc.element.body.iter(W + "p") if text(p).startswith("(Kèm theo Kế hoạch số"))
    assert ref.find(f".//{W}noBreakHyphen") is not None  # "…/KH-UBND" never splits at its hyphen
    ty = next(p for p in doc.paragraphs if p.style.name == "VB Trích yếu")
    assert "giai\u00a0đoạn\u00a02026" in ty.text and "-" in ty.text
    assert "<w:noBreakHyphen/>" in xml


def test_xlsx_prints_like_the_docx(bac_ninh):
    import openpyxl

    ws = openpyxl.load_workbook(bac_ninh[".xlsx"]).active
    ps = ws.page_setup
    assert ps.orientation == "landscape" and str(ps.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth == 1 and ps.fitToHeight == 0
    m = ws.page_margins
    assert (round(m.top * 25.4), round(m.bottom * 25.4), round(m.left * 25.4), round(m.right * 25.4)) == (
        20,
        20,
        25,
        20,
    )
    assert ws.print_title_rows.replace("$", "") == "4:5"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    labels = [r[1] for r in values if isinstance(r[1], str) and r[1].startswith("Tổng cộng")]
    assert labels == ["Tổng cộng"]  # one total row
    for row in ws.iter_rows(min_row=6):
        for c in row:
            if c.value is not None:
                assert c.font.name == "Times New Roman"
    # wrapped rows are as tall as their text: a row with a long content is taller than a one-line row
    heights = {r: ws.row_dimensions[r].height for r in range(6, ws.max_row)}
    assert all(h for h in heights.values() if h is not None)
    long_row = max(range(6, ws.max_row), key=lambda r: len(str(ws.cell(r, 2).value or "")))
    assert ws.row_dimensions[long_row].height >= 2 * 11 * 1.2
    merges = [str(m) for m in ws.merged_cells.ranges]
    assert all(":" in m and m.split(":")[0] != m.split(":")[1] for m in merges)


def test_one_year_sheet_has_no_one_cell_merge(tmp_path, write_spec):
    import openpyxl

    from conftest import load_yaml

    data = load_yaml(FIXTURES / "with_appendices.yaml")
    data["giai_doan"] = {"tu": 2027, "den": 2027}
    sheet = data["phu_luc"][1]
    sheet.pop("tong_cong", None)
    sheet["ten"] = "Biểu khái toán kinh phí năm 2027"
    for g in sheet["nhom"]:
        for line in g["dong"]:
            line["thoi_gian"] = "Năm 2027"
            line["so_tien"] = {2027: 1000}
    for m in data["phan"][1]["noi_dung"]:
        for t in m["noi_dung"]:
            t["nhiem_vu"]["thoi_gian"] = "Năm 2027"
    [xlsx] = [p for p in api.render(write_spec(data), tmp_path / "o") if p.suffix == ".xlsx"]
    ws = openpyxl.load_workbook(xlsx).active
    for m in ws.merged_cells.ranges:
        assert (m.min_row, m.min_col) != (m.max_row, m.max_col), str(m)
    assert ws.cell(4, 6).value.startswith("Khái toán") or ws.cell(4, 6).value
