"""Hostile templates: the sandbox's operator bounds, the render's CPU-time and memory budget, the
well-formedness check, exit 4 for every template problem, and `templates check` finding them first."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode

from conftest import FIXTURES, ROOT

# each payload runs a whole drafting process to its CPU and memory limits
pytestmark = pytest.mark.slow

runner = CliRunner()
SPEC = FIXTURES / "minimal.yaml"


def hostile(folder: Path, *paragraphs: str) -> Path:
    """An office's own ke-hoach.docx: the shipped one with ``paragraphs`` added before its last one."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = Document(str(ROOT / "templates" / "ke-hoach.docx"))
    for text in paragraphs:
        doc.paragraphs[-1].insert_paragraph_before(text)
    doc.save(str(folder / "ke-hoach.docx"))
    return folder


# a process running the CLI, reporting its exit code, stderr and its children's peak memory (the render
# worker, if any, included); run from a small interpreter so that its own memory is not counted
_PROBE = """
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
print(json.dumps([p.returncode, p.stdout + p.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def run_cli(args: list[str], **env) -> tuple[int, str, float]:
    e = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, sys.executable, "-m", "drafting", *args],
        capture_output=True,
        text=True,
        env=e,
        cwd=ROOT,
        timeout=180,
    )
    code, text, kb = json.loads(out.stdout.strip().splitlines()[-1])
    return code, text, kb / 1024


PAYLOADS = {
    "power": ("{{ 9**(9**9) }}", "lũy thừa"),
    "repeat": ("{{ 'x'*10**9 }}", "phép nhân chuỗi"),
    "nested-range": ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "đã dừng"),
    "loop-of-megabytes": ("{% for i in range(100000) %}{{ 'x'*1000000 }}{% endfor %}", "quá nhiều bộ nhớ"),
    "center": ('{{ "x"|center(900000000) }}', "quá nhiều bộ nhớ"),
    "format-width": ('{{ "{:>999999999}".format(1) }}', "quá nhiều bộ nhớ"),
}


@pytest.mark.parametrize("worker", ["", "1"], ids=["in-process", "worker"])
@pytest.mark.parametrize("key", list(PAYLOADS))
def test_each_payload_ends_with_exit_4_within_the_memory_bound(tmp_path, key, worker):
    payload, expected = PAYLOADS[key]
    templates = hostile(tmp_path / "mau", payload)
    out = tmp_path / "out"
    code, text, peak_mb = run_cli(
        ["render", str(SPEC), "-o", str(out), "--templates", str(templates)], DRAFTING_RENDER_WORKER=worker
    )
    assert code == ExitCode.TEMPLATE, text
    assert expected in text and "ke-hoach.docx" in text and "Traceback" not in text
    assert peak_mb < 500, f"{peak_mb:.0f} MB"
    assert not out.exists() or not list(out.iterdir())  # nothing written


def test_a_power_names_the_paragraph(tmp_path):
    templates = hostile(tmp_path / "mau", "Kinh phí: {{ 9**(9**9) }}")
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    assert r.exit_code == ExitCode.TEMPLATE
    assert "thân văn bản, đoạn" in r.output and '("Kinh phí: {{ 9**(9**9) }}")' in r.output


@pytest.mark.parametrize(
    "payload,expected",
    [
        ("{{ 1/0 }}", "thẻ chia cho 0"),
        ("{% include 'khac.xml' %}", "mẫu Word không nạp mẫu khác"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "lồng nhau quá sâu"),
        ("{{ trich_yeu|khong_co }}", 'không có bộ lọc "khong_co"'),
        ("{{ trich_yeu.__class__ }}", 'thuộc tính "__class__" bị cấm'),
        ("{{ 10**4000 }}", "lũy thừa"),
        ("{{ (trich_yeu|list)[10**9] }}", "dữ liệu không có phần tử"),
    ],
    ids=["zero-division", "include", "recursion", "unknown-filter", "dunder", "huge-int", "index"],
)
def test_every_template_problem_exits_4_never_70(tmp_path, payload, expected):
    templates = hostile(tmp_path / "mau", payload)
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(tmp_path / "out"), "--templates", str(templates)])
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert expected in r.output and "Lỗi nội bộ" not in r.output
    english = ("Error", "undefined", "unsafe", "named", "element", "object")
    assert not any(word in r.output for word in english), r.output


@pytest.mark.parametrize(
    "paragraphs", [["{{ '<w:b' | safe }}"], ["{{ '</w:p>'|safe }}"]], ids=["open-tag", "mismatched-tag"]
)
def test_xml_that_is_not_well_formed_is_refused_before_writing(tmp_path, paragraphs):
    templates = hostile(tmp_path / "mau", *paragraphs)
    out = tmp_path / "out"
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(out), "--templates", str(templates)])
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert "không phải XML hợp lệ" in r.output and "đoạn" in r.output
    assert not out.exists() or not list(out.glob("*.docx"))


def test_a_stray_brace_never_gives_a_broken_docx_with_exit_0(tmp_path):
    templates = hostile(tmp_path / "mau", "{{ trich_yeu }", "Hết }")
    out = tmp_path / "out"
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(out), "--templates", str(templates)])
    assert r.exit_code == ExitCode.TEMPLATE
    assert not out.exists() or not list(out.glob("*.docx"))


def test_limits_are_put_back_after_a_render_that_ran_out_of_memory(tmp_path):
    before = resource.getrlimit(resource.RLIMIT_AS)
    templates = hostile(tmp_path / "mau", "{% for i in range(100000) %}{{ 'x'*1000000 }}{% endfor %}")
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(tmp_path / "a"), "--templates", str(templates)])
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    r = runner.invoke(app, ["render", str(SPEC), "-o", str(tmp_path / "b")])  # the next render is normal
    assert r.exit_code == 0, r.output
    texts = [p.text for p in Document(str(tmp_path / "b" / "minimal.docx")).paragraphs]
    assert any("KẾ HOẠCH" in t for t in texts)


@pytest.mark.parametrize(
    "payload,expected",
    [
        ("{{ 9**(9**9) }}", "lũy thừa 9**387420489 quá lớn"),
        ("{{ 'x'*10**9 }}", "chuỗi lặp 1.000.000.000 lần"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", "10.000.000.000 lần"),
        ("{{ range(10**6)|list }}", "range quá lớn"),
        ("{{ trich_yeu|attr('__class__') }}", 'bộ lọc "attr" bị cấm'),
        ("{{ trich_yeu['__class__'] }}", 'khóa "__class__"'),
        ("{{ trich_yeu.__class__ }}", 'thuộc tính "__class__"'),
        ("{{ '{0.__class__}'.format(trich_yeu) }}", "chuỗi định dạng"),
        ("{{ trich_yeu.format }}", None),
        ("{% include 'khac.xml' %}", "thẻ include"),
        ("{% import 'khac.xml' as k %}", "thẻ import"),
        ("{{ trich_yeu|khong_co }}", 'bộ lọc "khong_co" không có'),
        ("{% if trich_yeu is khong_co %}x{% endif %}", 'phép thử "khong_co" không có'),
        ('{{ "x"|center(900000000) }}', "độ rộng quá lớn"),
    ],
    ids=[
        "power",
        "repeat",
        "nested-range",
        "range",
        "attr",
        "getitem",
        "getattr",
        "format",
        "format-attr",
        "include",
        "import",
        "unknown-filter",
        "unknown-test",
        "center",
    ],
)
def test_templates_check_finds_what_the_sandbox_refuses(tmp_path, payload, expected):
    templates = hostile(tmp_path / "mau", payload)
    r = runner.invoke(app, ["templates", "check", str(templates)])
    if expected is None:  # a bare .format attribute, not called: nothing to refuse … but not a crash either
        assert r.exit_code in (0, ExitCode.TEMPLATE) and "Lỗi nội bộ" not in r.output
        return
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert expected in r.output and "đoạn" in r.output
    assert "Lỗi nội bộ" not in r.output


def test_the_shipped_templates_pass_the_check():
    r = runner.invoke(app, ["templates", "check", str(ROOT / "templates")])
    assert r.exit_code == 0, r.output
    assert "0 lỗi" in r.output


@pytest.mark.parametrize("key", list(PAYLOADS))
def test_templates_check_never_evaluates_a_payload(tmp_path, key):
    """The check only reads templates: no payload runs (Jinja's optimizer folded `"x"|center(9**…)` into a
    string while looking for variable names), whatever it finds."""
    templates = hostile(tmp_path / "mau", PAYLOADS[key][0])
    code, text, peak_mb = run_cli(["templates", "check", str(templates)])
    refused = key in ("power", "repeat", "nested-range", "center")
    assert code == (ExitCode.TEMPLATE if refused else 0), text
    assert peak_mb < 500, f"{peak_mb:.0f} MB"
    assert "Traceback" not in text and "không kiểm tra được" not in text
