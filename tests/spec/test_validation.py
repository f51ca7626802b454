"""Invalid specs: every mistake is reported at once, in Vietnamese, as file:line:col: field: message."""

from __future__ import annotations

import re

import pytest

from drafting import api
from drafting.errors import ExitCode, SpecError


def problems_of(path):
    with pytest.raises(SpecError) as info:
        api.check(path)
    assert info.value.exit_code == ExitCode.SPEC_INVALID
    return info.value.problems, info.value.format()


def test_minimal_fixture_is_valid(write_spec, minimal_data):
    checked = api.check(write_spec(minimal_data))
    assert [t.number for t in checked.model.tasks] == ["1.1.", "1.2."]


def _mutations():
    """(name, change to the minimal data, expected field path, expected message regex)."""

    def setp(path, value):
        def f(d):
            node = d
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = value

        return f

    def delete(key):
        def f(d):
            del d[key]

        return f

    task = ("phan", 1, "noi_dung", 0, "noi_dung", 0, "nhiem_vu")
    return [
        ("wrong type: trich_yeu is a list", setp(("trich_yeu",), ["a", "b"]), "trich_yeu", r"phải là văn bản"),
        ("wrong type: giai_doan.tu text", setp(("giai_doan", "tu"), "hai nghìn"), "giai_doan.tu", r"phải là số nguyên"),
        ("missing trich_yeu", delete("trich_yeu"), "trich_yeu", r"thiếu trường bắt buộc"),
        ("missing nguoi_ky", delete("nguoi_ky"), "nguoi_ky", r"thiếu trường bắt buộc"),
        (
            "missing task title",
            setp(task, {"thoi_gian": "Hàng năm", "chu_tri": "Sở Y tế"}),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.ten",
            r"thiếu trường bắt buộc",
        ),
        (
            "unknown lead agency",
            setp(task + ("chu_tri",), "Sở Y tê"),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.chu_tri",
            r"không có cơ quan \"Sở Y tê\".*có phải là \"Sở Y tế\"",
        ),
        (
            "unknown coordinating agency",
            setp(task + ("phoi_hop",), "Văn phòng UBND tỉnh; Sở Thần kỳ"),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.phoi_hop",
            r"không có cơ quan \"Sở Thần kỳ\"",
        ),
        ("impossible date", setp(("ngay",), "30/2/2026"), "ngay", r"ngày 30/2/2026 không tồn tại"),
        ("impossible month", setp(("ngay",), {"thang": 13, "nam": 2026}), "ngay", r"tháng 13 không tồn tại"),
        (
            "year outside period",
            setp(task + ("thoi_gian",), "Năm 2031"),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.thoi_gian",
            r"năm 2031 nằm ngoài giai đoạn 2026-2030",
        ),
        (
            "explicit years outside period",
            setp(task + ("nam",), [2025, 2026]),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.nam",
            r"năm 2025 nằm ngoài giai đoạn",
        ),
        (
            "unreadable timeline",
            setp(task + ("thoi_gian",), "khi nào rảnh"),
            "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.thoi_gian",
            r"không hiểu thời gian",
        ),
        ("unknown key with hint", setp(("trich_yue",), "x"), "trich_yue", r"khóa không được phép"),
        ("ky_hieu with spaces", setp(("ky_hieu",), "KH - UBND"), "ky_hieu", r"không được có dấu cách"),
        ("bad signer prefix", setp(("nguoi_ky", "chuc_danh"), ["XX. CHỦ TỊCH"]), "nguoi_ky", r"thẩm quyền ký \"XX\.\""),
        (
            "KT. without own title",
            setp(("nguoi_ky", "chuc_danh"), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]),
            "nguoi_ky",
            r"phải có dòng chức vụ",
        ),
        ("missing required part", lambda d: d["phan"].pop(), "phan", r"thiếu phần \"TỔ CHỨC THỰC HIỆN\""),
        (
            "two kinds in one block",
            setp(("phan", 0, "noi_dung", 0, "doan"), "x"),
            "phan[1].noi_dung[1]",
            r"chỉ được có một loại",
        ),
        ("period reversed", setp(("giai_doan",), {"tu": 2030, "den": 2026}), "giai_doan", r"bị ngược"),
        ("unknown kind", setp(("loai",), "cong_van_bi_mat"), "loai", r"không được hỗ trợ"),
        ("empty recipients", setp(("noi_nhan",), []), "noi_nhan", r"quá ngắn"),
        ("number not a number", setp(("so",), "12a/b"), "so", r"số văn bản"),
    ]


@pytest.mark.parametrize("name,change,field,message", _mutations(), ids=[m[0] for m in _mutations()])
def test_invalid_spec_is_reported_precisely(write_spec, minimal_data, name, change, field, message):
    change(minimal_data)
    path = write_spec(minimal_data)
    problems, text = problems_of(path)
    errors = [p for p in problems if p.severity == "error"]
    match = [p for p in errors if p.path == field and re.search(message, p.format())]
    assert match, f"{name}: expected {field}: /{message}/ in\n{text}"
    p = match[0]
    assert p.line >= 1 and p.col >= 1
    # the reported line really holds the field (or its parent block, for a missing field)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 <= p.line <= len(lines)
    assert re.match(rf"{re.escape(str(path.name))}:\d+:\d+: ", p.format().split("/")[-1]) or path.name in p.format()


def test_unknown_key_suggests_the_right_one(write_spec, minimal_data):
    minimal_data["trich_yue"] = "x"
    problems, _ = problems_of(write_spec(minimal_data))
    p = next(p for p in problems if p.path == "trich_yue")
    assert p.hint == 'có phải là "trich_yeu"?'


def test_all_errors_reported_at_once(write_spec, minimal_data):
    del minimal_data["luu"]
    minimal_data["ngay"] = "31/4/2026"
    minimal_data["phan"][1]["noi_dung"][0]["noi_dung"][1]["nhiem_vu"]["chu_tri"] = "Sở Bí ẩn"
    problems, text = problems_of(write_spec(minimal_data))
    paths = {p.path for p in problems}
    assert {"luu", "ngay", "phan[2].noi_dung[1].noi_dung[2].nhiem_vu.chu_tri"} <= paths, text


def test_line_and_column_point_at_the_value(write_spec):
    from conftest import FIXTURES

    src = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "chu_tri: Sở Y tế\n              phoi_hop: Văn phòng",
            "chu_tri: Sở Y tê\n              phoi_hop: Văn phòng",
            1,
        )
    )
    path = write_spec(src)
    problems, _ = problems_of(path)
    p = next(p for p in problems if p.path.endswith("chu_tri"))
    line = path.read_text(encoding="utf-8").splitlines()[p.line - 1]
    assert "chu_tri: Sở Y tê" in line
    assert line[p.col - 1 :].startswith("chu_tri")


@pytest.mark.parametrize(
    "content,line,message",
    [
        ("loai: ke_hoach\nloai: ke_hoach\n", 2, r"khóa \"loai\" bị lặp lại"),
        ("loai: ke_hoach\nphan:\n\t- a\n", 3, r"thụt lề bằng phím Tab"),
        ("loai: ke_hoach\ntrich_yeu: [a, b\n", 3, r"thiếu dấu đóng ngoặc|cú pháp YAML"),
        ("loai: ke_hoach\ntrich_yeu: Kế hoạch: năm 2026: x: y\n", 2, r"dấu \":\" không hợp lệ"),
        ("", 1, r"tệp rỗng"),
        ("# chỉ có ghi chú\n\n", 1, r"tệp rỗng"),
        ("- a\n- b\n", 1, r"phải là một bảng khóa"),
        ("trich_yeu: x\n", 1, r"thiếu trường \"loai\""),
    ],
)
def test_yaml_level_problems(write_spec, content, line, message):
    problems, text = problems_of(write_spec(content))
    assert re.search(message, text), text
    assert problems[0].line == line, text


def test_non_utf8_file_is_refused_with_encoding_named(write_spec):
    raw = "loai: ke_hoach\ntrich_yeu: Đà Hà Tây Ninh\n".encode("cp1258")
    problems, text = problems_of(write_spec(raw))
    assert "không phải mã UTF-8" in text and problems[0].line == 2


def test_utf16_file_is_refused(write_spec):
    problems, text = problems_of(write_spec("loai: ke_hoach\n".encode("utf-16")))
    assert "UTF-16" in text


def test_utf8_bom_is_accepted(write_spec, minimal_data, tmp_path):
    from conftest import FIXTURES

    raw = b"\xef\xbb\xbf" + (FIXTURES / "minimal.yaml").read_bytes()
    assert api.check(write_spec(raw)).model.trich_yeu.startswith("Thực hiện")


def test_decomposed_unicode_is_normalised(write_spec, minimal_data):
    import unicodedata

    minimal_data["trich_yeu"] = unicodedata.normalize("NFD", "Thực hiện hợp tác")
    checked = api.check(write_spec(minimal_data))
    assert checked.model.trich_yeu == unicodedata.normalize("NFC", "Thực hiện hợp tác")


def test_control_characters_removed_with_warning(write_spec, minimal_data):
    minimal_data["trich_yeu"] = "Thực hiện\x07 hợp tác"
    checked = api.check(write_spec(minimal_data))
    assert checked.model.trich_yeu == "Thực hiện hợp tác"
    assert any("ký tự điều khiển" in w.message and w.path == "trich_yeu" for w in checked.warnings)


def test_alias_bomb_is_refused_fast(write_spec):
    import time

    lines = ["loai: ke_hoach", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    problems, text = problems_of(write_spec("\n".join(lines) + "\n"))
    assert time.perf_counter() - start < 5
    assert "alias" in text


def test_workspace_registry_extends_the_shipped_one(write_spec, minimal_data, tmp_path):
    minimal_data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]["chu_tri"] = "Bệnh viện Hữu nghị Lào - Việt"
    spec = write_spec(minimal_data)
    with pytest.raises(SpecError):
        api.check(spec)
    (spec.parent / "co-quan.yaml").write_text("co_quan:\n  - ten: Bệnh viện Hữu nghị Lào - Việt\n", encoding="utf-8")
    assert api.check(spec)


def test_registry_name_variants_match(write_spec, minimal_data):
    task = minimal_data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]
    task["phoi_hop"] = "Sở Văn hoá, Thể thao và Du lịch; VPUBND tỉnh và cơ quan có liên quan"
    assert api.check(write_spec(minimal_data))


@pytest.mark.parametrize(
    "content,line,message",
    [
        ("loai: ke_hoach\nloai: ke_hoach\n", 2, r"khóa \"loai\" bị lặp lại"),
        ("loai: ke_hoach\ntrich_yeu: Kế hoạch: năm 2026: x: y\n", 2, r"dấu \":\" không hợp lệ"),
        ('loai: ke_hoach\ntrich_yeu: "abc\n', 2, r"thiếu dấu ngoặc kép đóng"),
    ],
)
def test_pure_python_yaml_path_reports_the_same(write_spec, monkeypatch, content, line, message):
    """Without libyaml the one reader uses PyYAML's pure-Python composer: same messages, same lines."""
    from drafting.spec import loader

    monkeypatch.setattr(loader, "_has_libyaml", lambda: False)
    problems, text = problems_of(write_spec(content))
    assert re.search(message, text), text
    assert problems[0].line == line


def test_both_yaml_paths_read_the_same_data(monkeypatch):
    from drafting.spec import loader

    from conftest import EXAMPLES

    for spec in sorted(EXAMPLES.rglob("*.yaml")):
        fast = loader.load_spec(spec)
        monkeypatch.setattr(loader, "_has_libyaml", lambda: False)
        slow = loader.load_spec(spec)
        monkeypatch.undo()
        assert fast.data == slow.data, spec
        assert fast.positions == slow.positions, spec


def test_yaml_12_scalars(write_spec, minimal_data):
    """YAML 1.2 as ruamel reads it: 'no' and 'on' are text, '010' is ten, a quoted number is text."""
    from drafting.spec.loader import load_spec

    path = write_spec("a: no\nb: on\nc: 010\nd: '5'\ne: 2026-02-30\nf: ~\ng: 1.5\n")
    data = load_spec(path).data
    assert data == {"a": "no", "b": "on", "c": 10, "d": "5", "e": "2026-02-30", "f": None, "g": 1.5}
