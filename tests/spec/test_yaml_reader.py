"""One YAML reader: libyaml's composer and PyYAML's pure-Python one accept and refuse the same forms, with the
same data, positions and Vietnamese messages (issue 11 step 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.errors import SpecError
from drafting.spec import loader

HEAD = "loai: ke_hoach\n"
TABLE = [
    # (YAML after the first line, expected data of the second key or the error's (line, col, message part))
    ("0x10: a\n", {"0x10": "a"}),  # hexadecimal stays text (YAML 1.2 core: no "0x" ints for a clerk)
    ("0o17: a\n", {"0o17": "a"}),
    ("yes: a\n", {"yes": "a"}),  # YAML 1.1 booleans are text
    ("on: a\n", {"on": "a"}),
    ("2026: a\n", {2026: "a"}),  # a year stays an integer key
    ("010: a\n", {10: "a"}),
    ("'1.0': a\n", {"1.0": "a"}),  # a quoted key is text
    ("1.0: a\n", (2, 1, "tên khóa không hợp lệ")),  # a float key is refused
    ("true: a\n", (2, 1, "tên khóa không hợp lệ")),
    ("? [a, b]\n: c\n", (2, 3, "tên khóa không hợp lệ")),
    ("~: a\n", (2, 1, "tên khóa không hợp lệ")),
    ("a: 1\na: 2\n", (3, 1, 'khóa "a" bị lặp lại')),
    ("x: !!python/object:os.system ls\n", (2, 4, "không được hỗ trợ")),
    ("x: *nothing\n", (2, 4, "tham chiếu (alias) chưa được định nghĩa")),
    ('x: "abc\n', (2, 4, "thiếu dấu ngoặc kép đóng")),
    ("x: a: b\n", (2, 5, 'dấu ":" không hợp lệ')),
    ("x: [a, b\n", (3, 1, 'thiếu dấu đóng ngoặc "]"')),
    ("x: yes\ny: No\nz: 1_000\nw: .5\nv: 1e3\nu: 2026-02-30\nt: 2026-2-3\n", None),
    ("x: 'yes'\ny: \"1\"\nz: ''\nw:\nv: null\n", None),
]


def _read(path: Path, libyaml: bool, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(loader, "_has_libyaml", lambda: libyaml)
        try:
            got = loader.load_spec(path)
        except SpecError as exc:
            return ("error", [(p.line, p.col, p.path, p.message) for p in exc.problems])
        return ("data", got.data, got.positions)


@pytest.mark.parametrize(("yaml_text", "expected"), TABLE, ids=[t for t, _ in TABLE])
def test_both_composers_agree(tmp_path, monkeypatch, yaml_text, expected):
    path = tmp_path / "dac-ta.yaml"
    path.write_text(HEAD + yaml_text, encoding="utf-8")
    fast = _read(path, True, monkeypatch)
    pure = _read(path, False, monkeypatch)
    assert fast == pure
    if isinstance(expected, dict):
        assert fast[0] == "data" and fast[1] == {"loai": "ke_hoach", **expected}
        key = next(iter(expected))
        assert fast[2][(key,)] == (2, 1)
    elif isinstance(expected, tuple):
        line, col, message = expected
        assert fast[0] == "error", fast
        assert (fast[1][0][0], fast[1][0][1]) == (line, col) and message in fast[1][0][3], fast


def test_scalars_by_the_yaml_12_core_schema(tmp_path, monkeypatch):
    path = tmp_path / "dac-ta.yaml"
    path.write_text(HEAD + TABLE[-2][0], encoding="utf-8")
    data = _read(path, True, monkeypatch)[1]
    assert data == {
        "loai": "ke_hoach",
        "x": "yes",
        "y": "No",
        "z": "1_000",
        "w": 0.5,
        "v": "1e3",  # PyYAML resolves it as text (a YAML 1.1 float has a dot): it stays text
        "u": "2026-02-30",
        "t": "2026-2-3",  # a date has two-digit month and day
    }


def test_the_message_names_file_line_and_field(tmp_path):
    path = tmp_path / "dac-ta.yaml"
    path.write_text(HEAD + "a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        loader.load_spec(path)
    text = info.value.format()
    assert "dac-ta.yaml:3:1" in text and 'khóa "a" bị lặp lại' in text


@pytest.mark.parametrize(
    "text, where, words",
    [
        ("loai: ke_hoach\n---\nloai: ke_hoach\n", "2:1", "nhiều hơn một tài liệu YAML"),
        ('loai: ke_hoach\ntrich_yeu: "a\x01b"\n', "2:14", "ký tự điều khiển (U+0001)"),
        ("x: " + "[" * 1100 + "]" * 1100 + "\n", "1:", "cấu trúc lồng nhau quá sâu"),
        ("a: b: c: [\n", "1:", "dấu"),
    ],
)
def test_the_parsers_refusals_are_vietnamese_and_placed(tmp_path, text, where, words):
    spec = tmp_path / "loi.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as err:
        loader.load_spec(spec)
    shown = "\n".join(p.format() for p in err.value.problems)
    assert words in shown and f"loi.yaml:{where}" in shown, shown
    for english in ("found", "expected", "document", "character", "nesting", "position"):
        assert english not in shown, shown
