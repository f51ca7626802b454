"""Faults: interrupted writes, renders failing half-way, two builds at once, hostile values, file names."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from docx import Document
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import ExitCode
from drafting.fileio import write_atomic
from drafting.vi.text import safe_filename

from conftest import EXAMPLES, FIXTURES, docx_paragraph_texts

runner = CliRunner()


def test_ctrl_c_during_a_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_ctrl_c_in_the_cli_exits_130_without_traceback(write_spec, minimal_data, monkeypatch, tmp_path):
    from drafting import api as api_module

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(api_module, "render", interrupted)
    r = runner.invoke(app, ["render", str(write_spec(minimal_data)), "-o", str(tmp_path)])
    assert r.exit_code == ExitCode.INTERRUPTED
    assert "Ctrl-C" in r.output and "Traceback" not in r.output


def test_a_render_failing_half_way_leaves_previous_outputs(tmp_path, monkeypatch):
    spec = FIXTURES / "with_appendices.yaml"
    out = tmp_path / "out"
    first = api.render(spec, out)
    before = {p: p.read_bytes() for p in first}
    from drafting.render import xlsx  # the plan kind loads its workbook writer from here when it makes outputs

    def broken(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xlsx, "budget_xlsx", broken)
    with pytest.raises(RuntimeError):
        api.render(spec, out)
    assert {p: p.read_bytes() for p in first} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in first)


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "drafting", "build", str(EXAMPLES), "-o", str(out), "--force"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    docs = list(out.rglob("*.docx"))
    assert len(docs) >= 7
    for d in docs:
        with zipfile.ZipFile(d) as z:
            assert z.testzip() is None
        Document(str(d))
    assert not [p for p in out.rglob(".~*")]  # no temp file left


HOSTILE = [
    "R&D <b>in đậm</b> & \"ngoặc\" 'đơn'",
    "{{ x }} {% if true %}có{% endif %} {%p endfor %} {{r y }}",
    "{_{ docxtpl }_} {_% thẻ %_}",
    "Xin chào 🇻🇳👍 — ‘ngoặc cong’ — עברית — العربية",
    "Dòng một\nDòng hai\tcó tab",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE, ids=["xml", "jinja", "docxtpl-escapes", "emoji-rtl", "newline-tab", "10k"])
def test_hostile_values_render_literally_and_read_back(write_spec, minimal_data, tmp_path, value):
    minimal_data["trich_yeu"] = value
    minimal_data["phan"][0]["noi_dung"][0]["noi_dung"] = [value]
    minimal_data["nguoi_ky"]["ho_ten"] = value.split("\n")[0][:200]
    task = minimal_data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]
    task["ten"] = value
    [out] = api.render(write_spec(minimal_data), tmp_path / "out")
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    expected = value.replace("\t", "\t")
    assert expected in texts  # the paragraph of part I
    assert any(t.endswith(expected) and t.startswith("1.1.") for t in texts)  # the task title
    assert value.split("\n")[0][:200] in "\n".join(cells)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Sở Y tế", "so-y-te"),
        ("Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("CON", "con-van-ban"),
        ("com1", "com1-van-ban"),
        ("", "van-ban"),
        ("...", "van-ban"),
        ("Đoàn TNCS Hồ Chí Minh/Thành đoàn", "doan-tncs-ho-chi-minh-thanh-doan"),
        ("🇻🇳🇱🇦", "van-ban"),
    ],
)
def test_file_names_from_agency_names_are_safe(name, expected):
    got = safe_filename(name)
    assert got == expected
    assert "/" not in got and "\\" not in got and ".." not in got and got.isascii()


# ------------------------------------------------------------------- small items of issue 13


def _nested_blocks(minimal_text: str, depth: int) -> str:
    block = "{muc: Tầng, noi_dung: [" * depth + "Văn bản trong cùng." + "]}" * depth
    return minimal_text.replace("      - muc: Mục đích\n", "      - " + block + "\n      - muc: Mục đích\n", 1)


def test_deep_nesting_is_a_spec_error_with_its_place_not_a_recursion_error(write_spec, tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    spec = write_spec(_nested_blocks(text, 80))
    r = runner.invoke(app, ["render", str(spec), "-o", str(tmp_path / "out")])
    assert r.exit_code == ExitCode.SPEC_INVALID, r.output
    assert "cấu trúc lồng nhau quá sâu" in r.output and ":21:" in r.output and "phan[1].noi_dung[1]" in r.output
    spec = write_spec(_nested_blocks(text, 25), "vua-phai.yaml")  # deep, but within the bound: renders
    [out] = api.render(spec, tmp_path / "ok")
    assert "Văn bản trong cùng." in [p.text for p in Document(str(out)).paragraphs]


@pytest.mark.parametrize("text", ["0x10", "0o20"])
def test_hex_and_octal_are_not_numbers(write_spec, minimal_data, text):
    spec = write_spec((FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("so: 5", f"so: {text}"))
    r = runner.invoke(app, ["check", str(spec)])
    assert r.exit_code == ExitCode.SPEC_INVALID
    assert f'số văn bản "{text}" không hợp lệ' in r.output


@pytest.mark.parametrize(
    "char,kind",
    [
        ("\u202e", "hướng chữ (bidi)"),
        ("\u2067", "hướng chữ (bidi)"),
        ("\u200f", "hướng chữ (bidi)"),
        ("\u200b", "vô hình"),
        ("\u2060", "vô hình"),
        ("\u00ad", "vô hình"),
    ],
    ids=["rlo", "rli", "rlm", "zwsp", "word-joiner", "soft-hyphen"],
)
def test_invisible_characters_are_removed_with_a_warning(write_spec, minimal_data, tmp_path, char, kind):
    minimal_data["trich_yeu"] = f"Hợp tác với tỉnh Hủa{char}phăn giai đoạn 2026{char}-2030"
    spec = write_spec(minimal_data)
    r = runner.invoke(app, ["check", str(spec)])
    assert r.exit_code == 0, r.output
    assert "trich_yeu" in r.output and kind in r.output and f"U+{ord(char):04X}" in r.output
    [out] = api.render(spec, tmp_path / "out")
    texts = "\n".join(docx_paragraph_texts(out))
    assert "Hợp tác với tỉnh Hủaphăn giai đoạn 2026-2030" in texts and char not in texts
    r = runner.invoke(app, ["check", "--strict", str(spec)])
    assert r.exit_code == ExitCode.SPEC_INVALID


@pytest.mark.parametrize("amount", ["9007199254740993", "1" + "0" * 4000], ids=["2^53+1", "10^4000"])
def test_amounts_a_workbook_cannot_hold_exactly_are_refused(write_spec, tmp_path, amount):
    import re

    text = (FIXTURES / "with_appendices.yaml").read_text(encoding="utf-8")
    text = text.replace("so_tien: {2027: 500000, 2029: 500000}", f"so_tien: {{2027: {amount}, 2029: 500000}}")
    spec = write_spec(re.sub(r"\n *tong_cong: 3101010", "", text))
    out = tmp_path / "out"
    r = runner.invoke(app, ["render", str(spec), "-o", str(out)])
    assert r.exit_code == ExitCode.SPEC_INVALID, r.output
    assert "Trao đổi đoàn" in r.output and "9.007.199.254.740.992" in r.output
    assert not out.exists() or not list(out.iterdir())  # neither the .docx nor the workbook


def test_just_below_two_to_the_53_is_written_exactly(write_spec, tmp_path):
    import re

    import openpyxl

    text = (FIXTURES / "with_appendices.yaml").read_text(encoding="utf-8")
    big = 2**53 - 10_000_000  # the other lines add about 3 million: the total stays exact too
    text = text.replace("so_tien: {2027: 500000, 2029: 500000}", f"so_tien: {{2027: {big}}}")
    spec = write_spec(re.sub(r"\n *tong_cong: 3101010", "", text))
    written = api.render(spec, tmp_path / "out")
    book = next(p for p in written if p.suffix == ".xlsx")
    values = [c for row in openpyxl.load_workbook(book).active.iter_rows(values_only=True) for c in row]
    assert big in values


@pytest.mark.parametrize(
    "stem,expected", [("CON", "CON-van-ban"), ("aux", "aux-van-ban"), ("com1", "com1-van-ban"), ("console", "console")]
)
def test_windows_reserved_output_names_are_avoided(write_spec, minimal_data, tmp_path, stem, expected):
    spec = write_spec(minimal_data, f"{stem}.yaml")
    [out] = api.render(spec, tmp_path / "out")
    assert out.name == f"{expected}.docx"


def test_ctrl_c_in_watch_exits_130(write_spec, minimal_data, monkeypatch, tmp_path):
    from drafting.workflows import build

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "watch_tree", interrupted)
    write_spec(minimal_data)
    r = runner.invoke(app, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--watch"])
    assert r.exit_code == ExitCode.INTERRUPTED
    assert "Đã dừng theo dõi" in r.output
