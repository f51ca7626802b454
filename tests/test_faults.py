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

from conftest import EXAMPLES, FIXTURES

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
    from drafting.render import xlsx

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


@pytest.mark.parametrize("name,expected", [
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
])
def test_file_names_from_agency_names_are_safe(name, expected):
    got = safe_filename(name)
    assert got == expected
    assert "/" not in got and "\\" not in got and ".." not in got and got.isascii()
