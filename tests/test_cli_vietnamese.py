"""The command line speaks Vietnamese (Typer's own words included) and exits as the README documents."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode

from conftest import EXAMPLES

runner = CliRunner()

#: every English word Typer/Click print on their own (help, usage, errors) and the types they show as metavars
ENGLISH = {
    "usage",
    "options",
    "option",
    "arguments",
    "argument",
    "commands",
    "command",
    "show",
    "this",
    "message",
    "and",
    "exit",
    "missing",
    "error",
    "try",
    "for",
    "help",
    "required",
    "invalid",
    "value",
    "such",
    "did",
    "you",
    "mean",
    "possible",
    "default",
    "got",
    "unexpected",
    "extra",
    "requires",
    "an",
    "does",
    "not",
    "take",
    "list",
    "path",
    "str",
    "int",
    "text",
    "integer",
    "args",
    "is",
    "valid",
    "input",
    "should",
    "be",
    "unable",
    "parse",
    "string",
    "as",
    "aborted",
    "env",
    "var",
    "dynamic",
    "true",
    "false",
    "none",
    "bool",
    "boolean",
}
COMMANDS = [
    "check",
    "render",
    "build",
    "shells",
    "collect",
    "report",
    "next-year",
    "diff",
    "schema",
    "moi",
    "words",
    "templates",
    "templates check",
    "kiem-tra",
    "web",
    "co-quan",
    "import",
]
#: words that are ours on purpose: command and option names, file kinds, proper names
OURS = {
    "drafting",
    "yaml",
    "docx",
    "pdf",
    "xlsx",
    "word",
    "libreoffice",
    "ctrl",
    "nd",
    "cp",
    "head",
    "debug",
    "examples",
    "phieu",
    "bao",
    "cao",
    "so",
    "sanh",
    "tien",
    "do",
    "ke",
    "hoach",
    "cu",
    "moi",
    "da",
    "dien",
    "chua_xep",
    "out",
    "loai",
    "tien_do",
    "vt",
    "kh",
    "ubnd",
    "json",
}


def english_words(text: str) -> set[str]:
    """ASCII words of the output that are English, once option names (--out, -o) and commands are removed."""
    text = re.sub(r"(?<![\w-])--?[a-z][\w-]*", " ", text)
    for name in COMMANDS:
        text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
    words = {w.lower() for w in re.findall(r"(?<![\w\u00C0-\u1EF9])[A-Za-z]+(?![\w\u00C0-\u1EF9])", text)}
    return (words & ENGLISH) - OURS


def invocations() -> list[list[str]]:
    calls = [
        ["--help"],
        ["-h"],
        [],
        ["templates"],
        ["rendr"],
        ["check", "--bogus", "x.yaml"],
        ["render"],
        ["render", "-o"],
        ["check"],
        ["shells", "ke-hoach.yaml"],
        ["next-year", "ke-hoach.yaml", "--year", "abc", "-o", "x.yaml"],
        ["words", "--unit", "nghìn", "5"],
        ["diff", "a.yaml"],
        ["words", "1", "--le=3"],
    ]
    calls += [[*c.split(), "--help"] for c in COMMANDS]
    return calls


@pytest.mark.parametrize("args", invocations(), ids=lambda a: " ".join(a) or "(no arguments)")
def test_no_english_word_reaches_the_user(args):
    r = runner.invoke(app, args)
    out = r.output
    assert out.strip(), "something is printed"
    assert not english_words(out), (english_words(out), out)
    assert "<" not in out and "list[" not in out, out  # no Python types as metavars
    if "--help" in args or "-h" in args:
        assert r.exit_code == 0 and out.startswith("Cách dùng: drafting")
    elif args == ["templates"]:  # a group alone shows its help, as a usage error
        assert r.exit_code == ExitCode.USAGE and out.startswith("Cách dùng: drafting templates")
    elif args:
        assert r.exit_code == ExitCode.USAGE, out
        assert "Lỗi: " in out


def test_usage_errors_say_what_is_wrong():
    r = runner.invoke(app, ["render"])
    assert "thiếu tham số ĐẶC_TẢ…" in r.output
    r = runner.invoke(app, ["check", "--bogus", "x.yaml"])
    assert "không có tùy chọn --bogus" in r.output
    r = runner.invoke(app, ["rendr"])
    assert 'không có lệnh "rendr" (có phải là render?)' in r.output
    r = runner.invoke(app, ["next-year", "k.yaml", "--year", "abc", "-o", "x.yaml"])
    assert "giá trị của --year không hợp lệ: phải là số nguyên" in r.output
    r = runner.invoke(app, ["shells", "k.yaml"])
    assert "thiếu tùy chọn --period" in r.output


def test_every_parameter_has_a_vietnamese_metavar():
    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")
        for p in cmd.params:
            yield path, p

    for where, p in walk(get_command(app), "drafting"):
        if p.param_type_name == "option" and p.is_flag:
            continue
        assert p.metavar and p.metavar.upper() == p.metavar and not p.metavar.isascii() or p.metavar in ("KỲ",), (
            where,
            p.name,
            p.metavar,
        )
        assert p.help, (where, p.name)


def test_a_wrong_period_is_a_usage_error(tmp_path):
    plan = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
    r = runner.invoke(app, ["shells", str(plan), "--period", "quý V năm 2026", "-o", str(tmp_path / "p")])
    assert r.exit_code == ExitCode.USAGE and r.output.startswith("--period: ")
    assert not (tmp_path / "p").exists()


def test_words_refuses_a_non_number_as_a_usage_error():
    r = runner.invoke(app, ["words", "12,5"])
    assert r.exit_code == ExitCode.USAGE and "không phải số nguyên" in r.output


# ----------------------------------------------------------------------------------------- whole processes


def _drafting(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "drafting", *args], env=env, **kw)


def test_a_closed_pipe_ends_quietly_with_141():
    numbers = [str(n) for n in range(1, 20001)]  # ~1 MB of output: far more than a pipe holds
    p = _drafting("words", *numbers, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()  # the reader goes away, as `| head -1` does
    err = p.stderr.read()
    p.wait(timeout=60)
    assert first.decode().strip() == "Một đồng"
    assert p.returncode == ExitCode.BROKEN_PIPE == 141
    assert err == b"", err.decode()


def test_ctrl_c_in_watch_exits_130(tmp_path):
    work = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "khanh-hoa-2022", work, ignore=shutil.ignore_patterns("*.docx", "*.xlsx"))
    p = _drafting(
        "build",
        str(work),
        "-o",
        str(tmp_path / "out"),
        "--watch",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        lines.append(line)
        if not line or line.startswith("Đã tạo lại") or line.startswith("Không có gì thay đổi"):
            break
    assert any("Đang theo dõi" in x for x in lines), lines
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == ExitCode.INTERRUPTED == 130, err
    assert "Traceback" not in err and "Đã dừng" in err
