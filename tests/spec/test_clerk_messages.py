"""Messages a clerk trips over (issue 16, item 4): each says what to write instead; every error in one pass;
every warning at its own line; a broken workspace registry reported once."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import SpecError

from conftest import FIXTURES

PLAN = FIXTURES / "quang-tri-2027-2029.yaml"
ONE_YEAR = FIXTURES / "quang-tri-2027.yaml"
PURPOSE = "      - Tăng cường quan hệ hữu nghị, hợp tác toàn diện giữa hai tỉnh.\n"


def _variant(tmp_path, old: str, new: str, source=PLAN):
    text = source.read_text(encoding="utf-8")
    assert old in text
    spec = tmp_path / "ke-hoach.yaml"
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")
    return spec


def _line_of(spec, needle: str, nth: int = 1) -> int:
    found = [i for i, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), start=1) if needle in line]
    return found[nth - 1]


def _problems(spec):
    with pytest.raises(SpecError) as exc:
        api.check(spec)
    return exc.value.problems


def _errors(spec):
    return [p for p in _problems(spec) if p.severity == "error"]


def test_a_sentence_in_braces_is_one_error_that_says_to_drop_or_quote_them(tmp_path):
    spec = _variant(tmp_path, PURPOSE, "      - {Tăng cường quan hệ hữu nghị, hợp tác toàn diện giữa hai tỉnh}\n")
    errors = _errors(spec)
    assert len(errors) == 1, [p.format() for p in errors]
    p = errors[0]
    assert (p.line, p.path) == (_line_of(spec, "- {Tăng cường"), "phan[1].noi_dung[1]")
    assert p.message.startswith("câu viết trong ngoặc nhọn {…} bị YAML đọc thành bảng khóa")
    assert "bỏ cặp ngoặc nhọn, hoặc đặt cả câu trong ngoặc kép" in p.message
    assert "khóa không được phép" not in p.format()


def test_agencies_in_braces_are_told_to_use_square_brackets(tmp_path):
    spec = _variant(tmp_path, "phoi_hop: Sở Tài chính", "phoi_hop: {Sở Tài chính, Sở Nội vụ}")
    [p] = _errors(spec)
    assert p.path.endswith("nhiem_vu.phoi_hop") and p.message == "phải là văn bản"
    assert "danh sách thì dùng ngoặc vuông: [Sở Tài chính, Sở Nội vụ]" in p.hint


def test_a_colon_inside_a_sentence_is_told_to_quote_it(tmp_path):
    spec = _variant(tmp_path, PURPOSE, "      - Hai bên thống nhất như sau: tăng cường hợp tác toàn diện\n")
    [p] = _errors(spec)
    assert p.message.startswith(
        'câu có dấu hai chấm và khoảng trắng (": ") bị YAML đọc thành khóa "Hai bên thống nhất như sau"'
    )
    assert 'đặt cả câu trong ngoặc kép: "Hai bên thống nhất như sau: tăng cường hợp tác toàn diện"' in p.message


def test_a_thousands_dot_says_write_the_digits_and_no_total_error_follows(tmp_path):
    spec = _variant(tmp_path, "so_tien: {2028: 300000}", "so_tien: {2028: 300.000}")
    errors = _errors(spec)
    assert len(errors) == 1, [p.format() for p in errors]  # no cascading "tổng cộng ghi …" error
    p = errors[0]
    assert p.path == "phu_luc[1].nhom[1].dong[2].so_tien.2028" and p.message == "phải là số nguyên"
    assert p.hint == (
        "YAML đọc 300.000 là số thập phân; số tiền viết liền, không dấu chấm phân cách nghìn: viết 300000"
    )
    assert p.line == _line_of(spec, "300.000")


def test_an_amount_with_decimals_says_round_or_change_the_unit(tmp_path):
    spec = _variant(tmp_path, "so_tien: {2028: 300000}", "so_tien: {2028: 300000.5}")
    [p] = _errors(spec)
    assert p.hint.startswith("300000.5 có phần lẻ; số tiền là số nguyên theo đơn vị của biểu (don_vi)")


def test_a_wrong_task_id_comes_with_the_other_errors_in_one_pass(tmp_path):
    spec = _variant(tmp_path, 'nhiem_vu: "1.2"', 'nhiem_vu: "1.7"')
    text = spec.read_text(encoding="utf-8").replace("dia_danh: Quảng Trị", "dia_danh: ''")
    spec.write_text(text, encoding="utf-8")
    errors = _errors(spec)
    paths = {p.path: p for p in errors}
    assert set(paths) == {"dia_danh", "phu_luc[1].nhom[1].dong[2].nhiem_vu"}, [p.format() for p in errors]
    ref = paths["phu_luc[1].nhom[1].dong[2].nhiem_vu"]
    assert ref.message.startswith('không có nhiệm vụ mã "1.7" trong kế hoạch (các mã: 1.1, 1.2, 2.1, 2.2')
    assert ref.line == _line_of(spec, 'nhiem_vu: "1.7"')


def test_a_duplicate_id_points_at_the_second_task(tmp_path):
    spec = _variant(tmp_path, 'id: "2.2"', 'id: "2.1"')
    [p] = _errors(spec)
    assert p.message == "mã nhiệm vụ bị trùng: 2.1 (đặt khóa id riêng cho từng nhiệm vụ)"
    assert p.line == _line_of(spec, "- nhiem_vu:", nth=4)


def test_warnings_point_at_their_own_line(tmp_path):
    # a near-duplicate task and a name written two ways in a budget line
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace("Học bổng cho lưu học sinh tỉnh Savannakhet", "Học bổng cho lưu học sinh tỉnh Sa-van-na-khet")
    text = text.replace(
        "Đào tạo điều dưỡng viên cho Bệnh viện tỉnh Savannakhet.",
        "Khám, chữa bệnh miễn phí cho nhân dân các huyện biên giới của tỉnh Savannakhet",
    )
    spec = tmp_path / "ke-hoach.yaml"
    spec.write_text(text, encoding="utf-8")
    warnings = api.check(spec).warnings
    by_message = {w.message.split(":")[0]: w for w in warnings}
    near = next(w for w in warnings if "trùng nội dung với nhiệm vụ 1.1" in w.message)
    assert near.line == _line_of(spec, "- nhiem_vu:", nth=2) and near.path.endswith("nhiem_vu")
    names = next(w for w in warnings if w.message.startswith("tên riêng được viết nhiều cách"))
    assert '"Sa-van-na-khet"' in names.message or "Sa-van-na-khet" in names.message
    assert names.line == _line_of(spec, "Học bổng cho lưu học sinh tỉnh Sa-van-na-khet")
    assert names.path == "phu_luc[1].nhom[2].dong[1].noi_dung"
    assert all(w.path != "phan" for w in warnings), by_message


def test_a_word_after_a_name_is_no_spelling_of_it(tmp_path):
    text = ONE_YEAR.read_text(encoding="utf-8")
    text = text.replace(
        "Xây dựng kế hoạch đón đoàn lãnh đạo tỉnh Savannakhet.", "Xây dựng kế hoạch đón đoàn Xay Sôm Bun đến thăm."
    )
    text = text.replace("Sơ kết việc thực hiện Bản ghi nhớ.", "Đoàn Xay Sớm Bun đến làm việc.")
    spec = tmp_path / "ke-hoach.yaml"
    spec.write_text(text, encoding="utf-8")
    found = [w.message for w in api.check(spec).warnings if w.message.startswith("tên riêng")]
    assert len(found) == 1, found
    assert '"Xay Sôm Bun"' in found[0] and '"Xay Sớm Bun"' in found[0] and "đến" not in found[0]


def test_a_broken_workspace_registry_is_reported_once(tmp_path):
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(ONE_YEAR, tmp_path / name)
    (tmp_path / "co-quan.yaml").write_text("co_quan:\n  - ten: Sở A\n   ten_khac: [x\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", *(str(tmp_path / n) for n in ("a.yaml", "b.yaml", "c.yaml"))])
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert sum("co-quan.yaml:" in line for line in lines) == 1, r.output
    assert sum("chưa kiểm tra được vì" in line for line in lines) == 3, r.output
    assert sum("(đã báo ở trên)" in line for line in lines) == 2
