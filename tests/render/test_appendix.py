"""Task appendices and budget sheets, read back from the .docx (and the .xlsx)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from drafting import api
from drafting.errors import SpecError

from conftest import FIXTURES, load_yaml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("appendices")
    paths = api.render(FIXTURES / "with_appendices.yaml", out)
    return {p.suffix: p for p in paths}


@pytest.fixture(scope="module")
def doc(rendered):
    return Document(str(rendered[".docx"]))


def _table(doc, caption):
    return [
        t
        for t in doc.tables
        if t._tbl.tblPr.find(qn("w:tblCaption")) is not None
        and t._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == caption
    ]


def _rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def _texts(row):
    """Cell texts of a row once each (python-docx repeats a merged cell)."""
    return [tc.xpath("string(.)") for tc in row._tr.findall(qn("w:tc"))]


def test_each_appendix_is_a_landscape_section_numbered_from_one(doc):
    secs = doc.sections
    assert [s.orientation for s in secs] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE]
    for s in secs[1:]:
        assert s.page_width > s.page_height
        num = s._sectPr.find(qn("w:pgNumType"))
        assert num is not None and num.get(qn("w:start")) == "1"
        assert s.different_first_page_header_footer
        assert re.search(r'w:instr="\s*PAGE\s*"', s.header._element.xml)


def test_headings_title_and_reference_line(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    assert "NHIỆM VỤ THỰC HIỆN KẾ HOẠCH" in texts
    assert "(Kèm theo Kế hoạch số 12/KH-UBND ngày 27 tháng 3 năm 2026 của UBND tỉnh Bắc Ninh)" in texts
    i = texts.index("Phụ lục I")
    p = doc.paragraphs[i]
    assert p.runs and all(r.bold or p.style.font.bold for r in p.runs if r.text)


def test_task_table_rows_groups_numbering_and_repeated_header(doc):
    [t] = _table(doc, "drafting:phu-luc")
    rows = [_texts(r) for r in t.rows]
    assert rows[0] == [
        "STT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Kết quả thực hiện",
        "Lộ trình thực hiện",
    ]
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[1] == ["I", "HỢP TÁC VỀ Y TẾ"]
    span = t.rows[1]._tr.findall(qn("w:tc"))[1].tcPr.find(qn("w:gridSpan")).get(qn("w:val"))
    assert span == "5"
    assert rows[2] == [
        "1",
        "Đào tạo cán bộ y tế.",
        "Sở Y tế",
        "Văn phòng UBND tỉnh, các sở, ngành liên quan",
        "25 cán bộ được đào tạo",
        "Hàng năm",
    ]
    assert rows[3][0] == "2" and rows[4] == ["II", "HỢP TÁC VỀ GIÁO DỤC"]
    assert rows[5][0] == "3"  # continuous numbering across groups
    assert len(rows) == 6
    group_cell = t.rows[1]._tr.findall(qn("w:tc"))[1]
    assert group_cell.find(f".//{W}b") is not None


def test_task_table_fits_the_landscape_page(doc):
    [t] = _table(doc, "drafting:phu-luc")
    grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 6
    width_mm = sum(grid) / 56.69
    assert 240 <= width_mm <= 253  # 297 − 25 − 20 mm
    # widths follow the content: the column holding the most text ("Cơ quan phối hợp" in this fixture)
    # is the widest, and STT the narrowest
    assert grid[3] == max(grid) and grid[0] == min(grid)


def test_budget_sheet_header_rows_totals_and_words(doc):
    [t] = _table(doc, "drafting:kinh-phi")
    h1, h2 = _texts(t.rows[0]), _texts(t.rows[1])
    assert h1 == [
        "TT",
        "Nội dung/nhiệm vụ",
        "Thời gian thực hiện (năm)",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Khái toán kinh phí (1.000 đồng)",
    ]
    merged = t.rows[0]._tr.findall(qn("w:tc"))[5].tcPr.find(qn("w:gridSpan")).get(qn("w:val"))
    assert merged == "5"
    assert h2[5:] == ["2026", "2027", "2028", "2029", "2030"]
    for row in (t.rows[0], t.rows[1]):
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [_texts(r) for r in t.rows]
    assert rows[2] == ["I", "Hợp tác về y tế", "", "", "", "320.000", "820.000", "320.000", "820.000", "320.000"]
    assert rows[3] == [
        "1",
        "Đào tạo cán bộ y tế",
        "Hàng năm",
        "Sở Y tế",
        "Văn phòng UBND tỉnh",
        "320.000",
        "320.000",
        "320.000",
        "320.000",
        "320.000",
    ]
    assert rows[4][5:] == ["", "500.000", "", "500.000", ""]
    assert rows[5][:2] == ["II", "Hợp tác về giáo dục"]
    assert rows[6][0] == "1"  # a group of one line numbers it too (every row numbered)
    assert rows[-2] == ["", "Tổng cộng", "320.000", "1.070.000", "570.000", "820.000", "321.010"]
    # the total and the amount in words: the table's last row (borderless), so that they stay with it
    texts = [p.text for p in t.rows[-1].cells[0].paragraphs]
    assert "Tổng khái toán cả giai đoạn 2026-2030: 3.101.010.000 đồng" in texts
    assert "(Bằng chữ: Ba tỷ một trăm linh một triệu không trăm mười nghìn đồng)" in texts


def test_budget_paragraph_in_the_plan_uses_the_same_sum(doc):
    p = next(p for p in doc.paragraphs if p.text.startswith("Tổng kinh phí"))
    assert p.text == (
        "Tổng kinh phí khoảng 3.101.010.000 đồng (Ba tỷ một trăm linh một triệu không trăm mười "
        "nghìn đồng), tức 3.101.010 nghìn đồng (có biểu kèm theo)."
    )
    assert "".join(r.text for r in p.runs if r.bold) == "khoảng 3.101.010.000 đồng"


def test_bac_ninh_budget_sheet_has_all_32_lines_and_the_seed_total(bac_ninh_docx):
    doc = Document(str(bac_ninh_docx))
    [t] = _table(doc, "drafting:kinh-phi")
    rows = [_texts(r) for r in t.rows][2:]
    groups = [r for r in rows if re.fullmatch(r"[IVX]+", r[0])]
    lines = [r for r in rows[:-2] if r not in groups]
    assert len(groups) == 9
    assert [g[0] for g in groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert len(lines) == 32
    total_row = rows[-2]
    year_totals = [int(v.replace(".", "")) for v in total_row[2:]]
    assert sum(year_totals) == 221_542_169
    for col, total in enumerate(year_totals):
        assert sum(int(l[5 + col].replace(".", "") or 0) for l in lines) == total
    texts = [p.text for p in t.rows[-1].cells[0].paragraphs]
    assert "Tổng khái toán cả giai đoạn 2026-2030: 221.542.169.000 đồng" in texts
    assert (
        "(Bằng chữ: Hai trăm hai mươi mốt tỷ năm trăm bốn mươi hai triệu một trăm sáu mươi chín nghìn đồng)"
    ) in texts


def _with(tmp_path, change):
    from conftest import dump_yaml

    data = load_yaml(FIXTURES / "with_appendices.yaml")
    change(data)
    return dump_yaml(data, tmp_path / "ke-hoach.yaml")


def test_stated_total_that_differs_is_an_error_naming_both(tmp_path):
    spec = _with(tmp_path, lambda d: d["phu_luc"][1].update(tong_cong=3101000))
    with pytest.raises(SpecError) as info:
        api.check(spec)
    text = info.value.format()
    assert "phu_luc[2].tong_cong: tổng cộng ghi 3.101.000 nhưng cộng các dòng được 3.101.010 (chênh 10)" in text


def test_amount_in_a_year_the_line_does_not_run_is_a_warning_or_strict_error(tmp_path):
    def change(d):
        d["phu_luc"][1]["nhom"][0]["dong"][1]["so_tien"][2026] = 5
        d["phu_luc"][1]["tong_cong"] += 5

    spec = _with(tmp_path, change)
    checked = api.check(spec)
    assert any(
        "có kinh phí năm 2026" in w.message and w.path == "phu_luc[2].nhom[1].dong[2].so_tien.2026"
        for w in checked.warnings
    ), [w.format() for w in checked.warnings]
    with pytest.raises(SpecError):
        api.check(spec, strict=True)


@pytest.mark.parametrize(
    "bad,message",
    [
        ({2026: -5}, "phải lớn hơn hoặc bằng 0"),
        ({2026: 1.5}, "phải là số nguyên"),
        ({2031: 5}, "nằm ngoài giai đoạn"),
    ],
)
def test_bad_amounts(tmp_path, bad, message):
    def change(d):
        d["phu_luc"][1]["nhom"][0]["dong"][0]["so_tien"] = bad
        del d["phu_luc"][1]["tong_cong"]

    with pytest.raises(SpecError) as info:
        api.check(_with(tmp_path, change))
    assert message in info.value.format()


def test_unknown_task_link_is_an_error(tmp_path):
    spec = _with(tmp_path, lambda d: d["phu_luc"][1]["nhom"][0]["dong"][0].update(nhiem_vu="9.9"))
    with pytest.raises(SpecError) as info:
        api.check(spec)
    assert 'không có nhiệm vụ mã "9.9"' in info.value.format()


@pytest.mark.parametrize("years", [1, 3, 10])
def test_any_period_from_one_to_ten_years(tmp_path, years):
    def change(d):
        d["giai_doan"] = {"tu": 2026, "den": 2026 + years - 1}
        d["phan"][1]["noi_dung"][0]["noi_dung"][1]["nhiem_vu"]["thoi_gian"] = "Hàng năm"
        d["phan"][1]["noi_dung"][1]["noi_dung"][0]["nhiem_vu"]["thoi_gian"] = "Hàng năm"
        for g in d["phu_luc"][1]["nhom"]:
            for line in g["dong"]:
                line["thoi_gian"] = "Hàng năm"
                line["so_tien"] = {2026 + k: 1000 * (k + 1) for k in range(years)}
        d["phu_luc"][1]["tong_cong"] = 3 * sum(1000 * (k + 1) for k in range(years))

    out = api.render(_with(tmp_path, change), tmp_path / "out")
    doc = Document(str(out[0]))
    [t] = _table(doc, "drafting:kinh-phi")
    assert len(t._tbl.tblGrid.findall(qn("w:gridCol"))) == 5 + years
    assert _texts(t.rows[1])[5:] == [str(2026 + k) for k in range(years)]
    width_mm = sum(int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))) / 56.69
    assert width_mm <= 253
    end = "" if years == 1 else f"-{2026 + years - 1}"
    assert any(
        p.text.startswith(f"Tổng khái toán {'năm 2026' if years == 1 else 'cả giai đoạn 2026' + end}")
        for p in t.rows[-1].cells[0].paragraphs
    )


def test_restart_numbering_per_group_and_separate_file(tmp_path):
    def change(d):
        d["phu_luc"][0].update(danh_so="theo_nhom", tep_rieng=True)

    out = api.render(_with(tmp_path, change), tmp_path / "out")
    names = [p.name for p in out]
    assert names == ["ke-hoach.docx", "ke-hoach-phu-luc-1.docx", "ke-hoach-kinh-phi-2.xlsx"]
    sep = Document(str(out[1]))
    assert len(sep.sections) == 1 and sep.sections[0].orientation == WD_ORIENT.LANDSCAPE
    [t] = _table(sep, "drafting:phu-luc")
    assert [_texts(r)[0] for r in t.rows] == ["STT", "I", "1", "2", "II", "1"]
    main = Document(str(out[0]))
    assert [s.orientation for s in main.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert "Phụ lục I" in [p.text for p in sep.paragraphs]


def test_xlsx_has_live_sum_formulas(rendered):
    import openpyxl

    ws = openpyxl.load_workbook(rendered[".xlsx"]).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    total = next(r for r in values if r[1] == "Tổng cộng")
    assert all(isinstance(v, str) and v.startswith("=") for v in total[5:10])
    assert any(isinstance(v, str) and v.startswith("=SUM(") for r in values for v in r)


needs_calc = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)"
)


@pytest.mark.slow
@needs_calc
def test_xlsx_formulas_recalculate_to_the_sheet_totals(rendered, tmp_path):
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
            "--outdir",
            str(out),
            str(rendered[".xlsx"]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = next(out.glob("*.csv")).read_text(encoding="utf-8")
    total_line = next(l for l in text.splitlines() if l.split(",")[1:2] == ["Tổng cộng"])
    assert total_line.split(",")[5:10] == ["320000", "1070000", "570000", "820000", "321010"]
    assert ",3101010," in text or text.count("3101010") >= 1


@pytest.mark.slow
@needs_calc
def test_appendices_convert_with_libreoffice(rendered, tmp_path):
    from drafting.render.pdf import convert

    copy = tmp_path / "a.docx"
    shutil.copy(rendered[".docx"], copy)
    pdf = convert(copy)
    info = subprocess.run(["pdfinfo", "-l", "10", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert any(float(w) > float(h) for w, h in sizes), "no landscape page"
    assert float(sizes[0][0]) < float(sizes[0][1]), "first page must be portrait"
