"""End to end on forms as departments really return them (an invented Quảng Trị plan, counted in đồng):
tracked changes, moves, inserted and deleted rows, content controls, comments, text boxes, nested tables,
fields, merged cells, added rows, a form sent twice, forms of another plan and period, a damaged file, an .odt.
Every typed character ends up in the progress file or its review list; no deleted character does; the
report shows none of the review list."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML
from typer.testing import CliRunner

from drafting.cli import app
from drafting.vi.timeline import parse_period
from drafting.workflows.shells import write_shells

import formfill as ff
from conftest import EXAMPLES, as_read, soffice_convert

# every test here goes through LibreOffice (a form returned as .odt or re-saved by it)
pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLAN = FIXTURES / "quang-tri-2026-2028.yaml"
GIA_LAI = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
DELETED = ["XÓAMỘT ", "XÓAHAI", "CHUYỂNĐI ", "DÒNGXÓA"]  # typed and then deleted with Track Changes
PLACEHOLDER = "Nhấn vào đây để nhập văn bản."


def _soffice_convert(path: Path, fmt: str, tmp: Path) -> Path:
    return soffice_convert(path, fmt, tmp / f"lo-{fmt.split(':')[0]}")


def _fill_health(src: Path, dst: Path, typed: list[str]) -> None:
    """Sở Y tế: Track Changes, content controls, smart tag, fields, hyperlink, nested table, merged money,
    an inserted row, a deleted row, a text box and a comment."""
    doc = Document(str(src))
    t = ff.form_table(doc)
    rows = ff.rows_by_id(t)
    a, b = rows["2.1"], rows["2.2"]
    ff.set_cell(a.cells[2], "Đang thực hiện")
    ff.set_cell_xml(
        a.cells[3],
        ff.para(ff.r("Đã cử "), ff.dele(DELETED[0]), ff.ins("05 "), ff.r("đoàn cán bộ y tế")),
        ff.para(ff.ins("Đào tạo 20 học viên Savannakhet")),
    )
    typed += ["Đã cử 05 đoàn cán bộ y tế", "Đào tạo 20 học viên Savannakhet"]
    ff.set_cell(a.cells[4], "120 triệu")
    ff.set_cell_xml(a.cells[5], ff.para(ff.sdt(ff.r("Thiếu phiên dịch tiếng Lào"))))
    typed.append("Thiếu phiên dịch tiếng Lào")
    ff.set_cell(a.cells[6], "Đề nghị bố trí thêm phiên dịch")
    typed.append("Đề nghị bố trí thêm phiên dịch")
    ff.set_cell_xml(b.cells[2], ff.para(ff.smart_tag("Hoàn thành")))
    ff.set_cell_xml(
        b.cells[3],
        ff.para(
            ff.r("Khám cho "),
            ff.simple_field("1.500"),
            ff.r(" lượt người tại "),
            ff.hyperlink("huyện Hướng Hóa"),
            ff.r("; "),
            ff.move_from(DELETED[2]),
            ff.r("cấp "),
            ff.complex_field(" NUMPAGES \\* MERGEFORMAT ", "300"),
            ff.r(" suất thuốc"),
            ff.move_to(" miễn phí"),
            ff.dele(DELETED[1]),
        ),
    )
    typed += ["Khám cho 1.500 lượt người tại huyện Hướng Hóa; cấp 300 suất thuốc miễn phí"]
    ff.set_cell(b.cells[5], "Theo đợt:")
    ff.nested_table(b.cells[5], [["Đợt 1", "500 lượt"], ["Đợt 2", "1.000 lượt"]])
    typed += ["Theo đợt:", "Đợt 1 | 500 lượt", "Đợt 2 | 1.000 lượt"]
    ff.set_cell_xml(b.cells[6], ff.para(ff.sdt(ff.r(PLACEHOLDER), placeholder=True)))
    ff.merge_down(t, a, b, 4)  # one money cell for both tasks: counted once
    added = ff.add_row_after(t, b, tracked=True)
    ff.set_cell_xml(added.cells[3], ff.para(ff.ins("Khám sàng lọc cho học sinh biên giới")))
    ff.set_cell_xml(added.cells[4], ff.para(ff.ins("15.000.000 đ")))
    typed += ["Khám sàng lọc cho học sinh biên giới"]
    gone = ff.add_row_after(t, added, deleted=True)
    ff.set_cell_xml(gone.cells[3], ff.para(ff.dele(DELETED[3])))
    body = doc.element.body
    box = ff.parse_xml(ff.para(ff.r("Ghi chú: "), ff.text_box("Liên hệ bác sĩ Hồ Văn Hùng, 0233 3852 111")))
    body.insert(list(body).index(body.find(ff.qn("w:sectPr"))), box)
    typed += ["Ghi chú:", "Liên hệ bác sĩ Hồ Văn Hùng, 0233 3852 111"]
    p = doc.add_paragraph("Sở Y tế sẽ gửi bổ sung danh sách học viên.")
    ff.add_comment(doc, p, "Cần số liệu cụ thể theo từng đợt")
    typed += ["Sở Y tế sẽ gửi bổ sung danh sách học viên.", "Cần số liệu cụ thể theo từng đợt"]
    doc.save(str(dst))


def _fill_finance(src: Path, dst: Path, typed: list[str]) -> None:
    """Sở Tài chính (coordinates 2.1): Kết quả and Kinh phí merged across; later columns must not shift."""
    doc = Document(str(src))
    t = ff.form_table(doc)
    row = ff.rows_by_id(t)["2.1"]
    ff.set_cell(row.cells[2], "Hoàn thành")
    ff.merge_across(row, 3, 4)
    ff.set_cell(row.cells[3], "Đã thẩm định dự toán đào tạo")
    ff.set_cell(row.cells[5], "Nguồn vốn còn hạn chế")
    ff.set_cell(row.cells[6], "Bổ sung dự toán năm sau")
    typed += ["Đã thẩm định dự toán đào tạo", "Nguồn vốn còn hạn chế", "Bổ sung dự toán năm sau"]
    doc.save(str(dst))


def _fill_foreign(src: Path, dst: Path, typed: list[str]) -> None:
    """Sở Ngoại vụ's own sheet: an amount in tỷ, and an added row with content of its own."""
    doc = Document(str(src))
    t = ff.form_table(doc)
    row = ff.rows_by_id(t)["1.1"]
    ff.set_cell(row.cells[2], "Hoàn thành")
    ff.set_cell(row.cells[3], "Đã tổ chức đoàn thăm tỉnh Savannakhet ngày 12/3/2026")
    ff.set_cell(row.cells[4], "1,5 tỷ")
    typed += ["Đã tổ chức đoàn thăm tỉnh Savannakhet ngày 12/3/2026"]
    extra = ff.add_row_after(t, row)
    ff.set_cell(extra.cells[1], "Đoàn khảo sát cửa khẩu Lao Bảo")
    ff.set_cell(extra.cells[3], "Khảo sát hạ tầng cửa khẩu")
    ff.set_cell(extra.cells[4], "80 triệu")
    typed += ["Đoàn khảo sát cửa khẩu Lao Bảo", "Khảo sát hạ tầng cửa khẩu", "80 triệu"]
    doc.save(str(dst))


def _fill_office(src: Path, dst: Path, typed: list[str]) -> None:
    """Văn phòng UBND tỉnh: a bare amount 1 000 times the plan's (typed in đồng where thousands were meant?)."""
    doc = Document(str(src))
    row = ff.rows_by_id(ff.form_table(doc))["1.1"]
    ff.set_cell(row.cells[2], "Hoàn thành")
    ff.set_cell(row.cells[3], "Bố trí xe và lễ tân cho đoàn")
    ff.set_cell(row.cells[4], "350.000.000.000")
    typed += ["Bố trí xe và lễ tân cho đoàn"]
    doc.save(str(dst))


def _fill_office_again(src: Path, dst: Path, typed: list[str]) -> None:
    """Văn phòng UBND tỉnh sends a corrected form later: it is the one counted, the first goes to review."""
    import datetime as dt

    doc = Document(str(src))
    row = ff.rows_by_id(ff.form_table(doc))["1.1"]
    ff.set_cell(row.cells[2], "Hoàn thành")
    ff.set_cell(row.cells[3], "Bố trí xe, lễ tân và phiên dịch cho đoàn")
    ff.set_cell(row.cells[4], "350.000.000")
    doc.core_properties.modified = dt.datetime(2026, 7, 1, 9, 0, 0)
    typed.append("Bố trí xe, lễ tân và phiên dịch cho đoàn")
    doc.save(str(dst))


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed (.ci/run installs it): one form is returned as .odt")
    tmp = tmp_path_factory.mktemp("returned")
    forms = {p.name: p for p in write_shells(PLAN, parse_period("6 tháng đầu năm 2026"), tmp / "forms")}
    filled = tmp / "filled"
    filled.mkdir()
    typed: list[str] = []
    health: list[str] = []
    _fill_health(forms["phieu-so-y-te.docx"], filled / "phieu-so-y-te.docx", health)
    typed += health
    _fill_finance(forms["phieu-so-tai-chinh.docx"], tmp / "phieu-so-tai-chinh.docx", typed)
    odt = _soffice_convert(tmp / "phieu-so-tai-chinh.docx", "odt", tmp)
    shutil.copy(odt, filled / odt.name)
    _fill_foreign(forms["phieu-so-ngoai-vu.docx"], filled / "phieu-so-ngoai-vu.docx", typed)
    _fill_office(forms["phieu-van-phong-ubnd-tinh.docx"], filled / "phieu-van-phong-ubnd-tinh.docx", typed)
    shutil.copy(filled / "phieu-van-phong-ubnd-tinh.docx", filled / "phieu-van-phong-ubnd-tinh-gui-lai.docx")
    _fill_office_again(
        forms["phieu-van-phong-ubnd-tinh.docx"], filled / "phieu-van-phong-ubnd-tinh-ban-sua.docx", typed
    )
    other_plan = write_shells(GIA_LAI, parse_period("6 tháng đầu năm 2026"), tmp / "gia-lai")[0]
    shutil.copy(other_plan, filled / "phieu-ke-hoach-khac.docx")
    q1 = {p.name: p for p in write_shells(PLAN, parse_period("quý I năm 2026"), tmp / "q1")}
    shutil.copy(q1["phieu-so-y-te.docx"], filled / "phieu-so-y-te-quy-1.docx")
    (filled / "phieu-hong.docx").write_bytes((filled / "phieu-so-y-te.docx").read_bytes()[:3000])
    progress = tmp / "tien-do.yaml"
    r = CliRunner().invoke(
        app,
        [
            "collect",
            str(PLAN),
            *map(str, sorted(filled.iterdir())),
            "-o",
            str(progress),
            "--ra-soat",
            str(tmp / "ra-soat.docx"),
        ],
    )
    rep = CliRunner().invoke(app, ["report", str(PLAN), str(progress), "-o", str(tmp / "report")])
    assert rep.exit_code == 0, rep.output
    data = YAML(typ="safe").load(progress.read_text(encoding="utf-8"))
    return dict(
        tmp=tmp,
        forms=forms,
        q1=q1,
        collect=r,
        progress=progress,
        data=data,
        typed=typed,
        health=health,
        report=tmp / "report" / "tien-do-bao-cao.docx",
    )


def _strings(x) -> list[str]:
    if isinstance(x, dict):
        return [s for v in x.values() for s in _strings(v)]
    if isinstance(x, list):
        return [s for v in x for s in _strings(v)]
    return [x] if isinstance(x, str) else []


def _docx_text(path: Path) -> str:
    from drafting.render.docx.reader import read_docx

    return read_docx(path).all_text()


def _entries(data, task, dept=None):
    return [e for e in data["ket_qua"] if e["nhiem_vu"] == task and (dept is None or e["don_vi"] == dept)]


def test_every_typed_character_is_kept_and_no_deleted_one(loop):
    """Texts are kept verbatim; amounts are checked as numbers (test_money_…), raw when they could not be read."""
    blob = "\n".join(_strings(loop["data"]))
    missing = [s for s in loop["typed"] if s not in blob]
    assert not missing
    kept = sum(len(s) for s in loop["typed"] if s in blob)
    assert kept == sum(len(s) for s in loop["typed"]) > 400
    raw = loop["progress"].read_text(encoding="utf-8")
    for gone in DELETED + [PLACEHOLDER, "NUMPAGES", "MERGEFORMAT"]:
        assert gone.strip() not in raw
    assert raw.count("Liên hệ bác sĩ Hồ Văn Hùng") == 1  # a text box is read once, not with its fallback copy


def test_tracked_changes_and_comments_are_in_the_review_list(loop):
    review = loop["data"]["ra_soat"]
    revs = [r for r in review if r["loai"] == "sua_doi"]
    assert revs and revs[0]["nguoi"] == "Nguyễn Văn An" and revs[0]["ngay"] == "2026-06-02"
    assert "xóa dòng 1 lần" in revs[0]["noi_dung"] and "chèn dòng 1 lần" in revs[0]["noi_dung"]
    comments = [r for r in review if r["loai"] == "y_kien"]
    assert comments == [
        {
            "nguon": "phieu-so-y-te.docx",
            "loai": "y_kien",
            "don_vi": "Sở Y tế",
            "nguoi": "Trần Thu Hà",
            "ngay": comments[0]["ngay"],
            "noi_dung": 'nhận xét (tại "Sở Y tế sẽ gửi bổ sung danh sách học viên."): Cần số liệu cụ thể theo từng đợt',
        }
    ]


def test_money_is_exact_in_the_plans_unit_and_counted_once(loop):
    data = loop["data"]
    assert data["don_vi_tien"] == 1
    (health,) = [e for e in _entries(data, "2.1", "Sở Y tế")]
    assert health["kinh_phi"] == 120_000_000
    (other,) = [e for e in _entries(data, "2.2", "Sở Y tế") if not e.get("dong_them")]
    assert "kinh_phi" not in other  # the merged cell belongs to the first task only
    assert any(r["loai"] == "bang" and "gộp nhiều dòng" in r["noi_dung"] for r in data["ra_soat"])
    (added,) = [e for e in _entries(data, "2.2") if e.get("dong_them")]
    assert added["kinh_phi"] == 15_000_000 and added["ket_qua"] == "Khám sàng lọc cho học sinh biên giới"
    (sngv,) = _entries(data, "1.1", "Sở Ngoại vụ")
    assert sngv["kinh_phi"] == 1_500_000_000
    (vp,) = _entries(data, "1.1", "Văn phòng UBND tỉnh")
    assert vp["kinh_phi"] == 350_000_000 and vp["ket_qua"] == "Bố trí xe, lễ tân và phiên dịch cho đoàn"
    # the earlier form of the same department is not counted: its text waits in the review list
    (dup,) = [r for r in data["ra_soat"] if r["loai"] == "trung_lap"]
    assert (
        dup["nguon"] == "phieu-van-phong-ubnd-tinh-gui-lai.docx" and "Bố trí xe và lễ tân cho đoàn" in dup["noi_dung"]
    )
    assert "lấy phieu-van-phong-ubnd-tinh-ban-sua.docx" in dup["noi_dung"]
    assert any("lệch khoảng 1.000 lần" in r["noi_dung"] and r.get("nhiem_vu") == "1.1" for r in data["ra_soat"])
    # the added row with content of its own is one unit, its money never summed
    (own,) = [u for u in data["chua_xep"] if "Lao Bảo" in u["van_ban"]]
    assert "Khảo sát hạ tầng cửa khẩu" in own["van_ban"] and "80 triệu" in own["van_ban"]
    assert (
        sum(e.get("kinh_phi") or 0 for e in data["ket_qua"]) == 120_000_000 + 15_000_000 + 1_500_000_000 + 350_000_000
    )
    from docx import Document as D

    header = D(str(loop["forms"]["phieu-so-y-te.docx"])).tables[-1].rows[0].cells[4].text
    assert header == "Kinh phí đã sử dụng (đồng)"


def test_horizontal_merge_does_not_shift_columns_and_odt_is_converted(loop):
    (fin,) = _entries(loop["data"], "2.1", "Sở Tài chính")
    assert fin["trang_thai"] == "hoan_thanh"
    assert fin["ket_qua"] == "Đã thẩm định dự toán đào tạo"
    assert fin["kho_khan"] == "Nguồn vốn còn hạn chế" and fin["de_xuat"] == "Bổ sung dự toán năm sau"
    assert any(r["loai"] == "chuyen_doi" and r["nguon"] == "phieu-so-tai-chinh.odt" for r in loop["data"]["ra_soat"])


def test_lead_and_coordinator_on_one_task_raise_no_warning(loop):
    assert {e["don_vi"] for e in _entries(loop["data"], "2.1") if not e.get("dong_them")} == {"Sở Y tế", "Sở Tài chính"}
    assert not any("nhiều đơn vị" in r["noi_dung"] for r in loop["data"]["ra_soat"])


def test_refused_forms_are_named_and_the_others_collected(loop):
    r = loop["collect"]
    assert r.exit_code == 1, r.output
    out = r.output
    assert "Đã đọc 5/9 phiếu 6 tháng đầu năm 2026" in out
    assert re.search(r"phieu-van-phong-ubnd-tinh.*\.docx: trùng hoàn toàn với phiếu phieu-van-phong-ubnd-tinh", out)
    assert "phieu-ke-hoach-khac.docx: phiếu của một kế hoạch khác" in out
    assert "phieu-so-y-te-quy-1.docx: phiếu kỳ quý I năm 2026, không phải kỳ 6 tháng đầu năm 2026" in out
    assert "phieu-hong.docx: tệp .docx bị hỏng" in out
    assert "Traceback" not in out
    refused = {x["nguon"] for x in loop["data"]["ra_soat"] if x["loai"] == "tu_choi"}
    assert len(refused) == 4
    assert f"Đã ghi {loop['progress']}." in out
    # the duplicate counted once: one entry of Văn phòng UBND tỉnh
    assert len(_entries(loop["data"], "1.1", "Văn phòng UBND tỉnh")) == 1


def test_report_is_clean_and_names_the_period(loop):
    text = _docx_text(loop["report"])
    doc = Document(str(loop["report"]))
    assert "6 tháng đầu năm 2026" in doc.core_properties.title
    assert "BÁO CÁO" in text
    flat = " ".join(as_read(text).split())  # the title's line breaks and no-break spaces read as spaces
    assert "Kết quả thực hiện 6 tháng đầu năm 2026 Kế hoạch triển khai Thỏa thuận hợp tác" in flat
    for r in loop["data"]["ra_soat"]:
        assert r["noi_dung"] not in text
        assert r["noi_dung"][:40] not in text
    for word in ("canh_bao", "cảnh báo", "ra_soat", "chưa rõ tình trạng", "Cần số liệu cụ thể", " 00 ", "kế hoạch 0"):
        assert word not in text, word
    assert (
        "Trong 6 tháng đầu năm 2026, Kế hoạch có 03 nhiệm vụ cần triển khai; đã hoàn thành 02 nhiệm vụ, "
        "đang thực hiện 01 nhiệm vụ." in text
    )
    assert "Đã cử 05 đoàn cán bộ y tế" in text
    # planned money per field from the budget lines, in đồng; 1.1's line is linked, the trade line is not
    assert "Hợp tác đối ngoại: kế hoạch năm 2026 350.000.000 đồng; đã sử dụng 1.850.000.000 đồng." in text
    assert "Hợp tác thương mại, du lịch: kế hoạch năm 2026 200.000.000 đồng; chưa có báo cáo sử dụng." in text


def test_review_docx_lists_what_the_report_leaves_out(loop):
    text = _docx_text(loop["tmp"] / "ra-soat.docx")
    assert "DANH SÁCH RÀ SOÁT PHIẾU BÁO CÁO 6 THÁNG ĐẦU NĂM 2026" in text
    assert "Cần số liệu cụ thể theo từng đợt" in text and "phieu-hong.docx" in text


def test_shells_list_only_the_tasks_of_the_period(loop):
    def ids(path):
        return [
            row.cells[0].text for row in ff.form_table(Document(str(path))).rows[1:] if row.cells[0].text[:1].isdigit()
        ]

    assert ids(loop["forms"]["phieu-so-y-te.docx"]) == ["2.1", "2.2"]
    assert ids(loop["q1"]["phieu-so-y-te.docx"]) == ["2.1"]  # 2.2 runs in quarter II
    assert "phieu-so-cong-thuong.docx" not in loop["forms"]  # the fair is in September
    h2 = write_shells(PLAN, parse_period("6 tháng cuối năm 2026"), loop["tmp"] / "h2")
    assert {p.name for p in h2} >= {"phieu-so-cong-thuong.docx", "phieu-so-du-lich.docx"}


def test_the_monitoring_office_does_not_address_itself(loop):
    text = _docx_text(loop["forms"]["phieu-so-ngoai-vu.docx"])
    assert "Sở Ngoại vụ đề nghị Sở Ngoại vụ" not in text
    assert "Kính gửi: Các phòng, đơn vị thuộc Sở Ngoại vụ" in text
    assert "PHIẾU THEO DÕI KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026" in text
    left_out = write_shells(PLAN, parse_period("6 tháng đầu năm 2026"), loop["tmp"] / "bo-qua", own="bo_qua")
    assert "phieu-so-ngoai-vu.docx" not in {p.name for p in left_out} and left_out


def test_report_refuses_a_progress_file_of_another_plan(loop):
    r = CliRunner().invoke(app, ["report", str(GIA_LAI), str(loop["progress"]), "-o", str(loop["tmp"] / "x")])
    assert r.exit_code == 1
    assert "không phải" in r.output and "không lập báo cáo" in r.output
    assert not (loop["tmp"] / "x").exists()


def test_a_period_outside_the_plan_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(app, ["shells", str(PLAN), "--period", "quý I năm 2030", "-o", str(tmp_path)])
    assert r.exit_code == 2 and "ngoài giai đoạn" in r.output
    r = CliRunner().invoke(app, ["shells", str(PLAN), "--period", "quý V 2026", "-o", str(tmp_path)])
    assert r.exit_code == 2 and "không hợp lệ" in r.output


def test_a_progress_file_whose_plan_fingerprint_differs_is_refused(loop, tmp_path):
    from drafting import api
    from drafting.errors import SpecError

    text = loop["progress"].read_text(encoding="utf-8")
    plan_ref = re.search(r"^ke_hoach: (.+)$", text, re.M)[1]
    tampered = tmp_path / "tien-do.yaml"
    tampered.write_text(
        text.replace(f"ke_hoach: {plan_ref}", f"ke_hoach: {PLAN}").replace(
            f"ma_ke_hoach: {loop['data']['ma_ke_hoach']}", "ma_ke_hoach: 000000000000"
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as info:
        api.check(tampered)
    assert "tệp tiến độ thuộc một kế hoạch khác" in info.value.format()


def test_tracked_changes_saved_by_libreoffice_read_the_same(loop):
    """LibreOffice keeps Word's tracked changes when it saves the form again: the same text comes out."""
    saved = _soffice_convert(loop["tmp"] / "filled" / "phieu-so-y-te.docx", "docx:MS Word 2007 XML", loop["tmp"])
    out = loop["tmp"] / "lo-tien-do.yaml"
    r = CliRunner().invoke(app, ["collect", str(PLAN), str(saved), "-o", str(out)])
    assert r.exit_code == 0, r.output
    raw = out.read_text(encoding="utf-8")
    blob = "\n".join(_strings(YAML(typ="safe").load(raw)))
    # LibreOffice updates page fields (their results become its own page count): the rest is unchanged
    fields = "Khám cho 1.500 lượt người tại huyện Hướng Hóa; cấp 300 suất thuốc miễn phí"
    assert [s for s in loop["health"] if s not in blob and s != fields] == []
    assert re.search(r"Khám cho \d+ lượt người tại huyện Hướng Hóa; cấp \d+ suất thuốc miễn phí", blob)
    for gone in DELETED + [PLACEHOLDER, "NUMPAGES"]:
        assert gone.strip() not in raw
    data = YAML(typ="safe").load(raw)
    assert any(x["loai"] == "sua_doi" and x.get("nguoi") == "Nguyễn Văn An" for x in data["ra_soat"])
    assert [e["kinh_phi"] for e in data["ket_qua"] if e.get("kinh_phi")] == [120_000_000, 15_000_000]


def test_report_period_must_match_the_progress_file(loop):
    r = CliRunner().invoke(
        app, ["report", str(PLAN), str(loop["progress"]), "--period", "quý I năm 2026", "-o", str(loop["tmp"] / "y")]
    )
    assert r.exit_code == 2 and "là kỳ 6 tháng đầu năm 2026, không phải quý I năm 2026" in r.output
    r = CliRunner().invoke(
        app, ["report", str(PLAN), str(loop["progress"]), "--period", "2026-H1", "-o", str(loop["tmp"] / "y")]
    )
    assert r.exit_code == 0, r.output


def test_collect_output_is_repeatable(loop, tmp_path):
    """The same forms in any order give byte-identical progress files and review documents."""
    from drafting.spec.writer import dump_yaml
    from drafting.workflows.collect import collect, write_review_docx

    files = sorted((loop["tmp"] / "filled").iterdir())
    a, b = collect(PLAN, files), collect(PLAN, list(reversed(files)))
    assert dump_yaml(a.doc) == dump_yaml(b.doc)
    write_review_docx(a, tmp_path / "a.docx")
    write_review_docx(b, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
