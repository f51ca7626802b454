"""`drafting --help` from the help cache (drafting/launch.py, drafting/cache.py): the page Typer wrote, byte for
byte, only while it still holds, and the same page (and exit code) when the cache cannot be used at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['drafting', *sys.argv[1:]]\n"
    "rc = 0\n"
    "try:\n    runpy.run_module('drafting', run_name='__main__', alter_sys=True)\n"
    "except SystemExit as exc:\n    rc = exc.code or 0\n"
    "sys.stdout.flush()\n"
    "sys.stderr.write('\\n@@typer=' + str('typer' in sys.modules) + '\\n')\n"
    "sys.exit(rc)\n"
)


def drafting(args, cache: Path | None, *, src: Path = ROOT, **env):
    """``python -m drafting ARGS`` in a fresh interpreter: (exit code, stdout, stderr, whether Typer was loaded)."""
    full = {k: v for k, v in os.environ.items() if k != "DRAFTING_CACHE"}
    full.update(PYTHONPATH=str(src), COLUMNS=env.pop("COLUMNS", "80"), **env)
    if cache is not None:
        full["DRAFTING_CACHE"] = str(cache)
    p = subprocess.run([sys.executable, "-c", PROBE, *args], env=full, capture_output=True, text=True, cwd=src)
    err, _, flag = p.stderr.rpartition("\n@@typer=")
    return p.returncode, p.stdout, err, flag.strip() == "True"


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], ["check", "--help"], ["templates", "check", "-h"], ["templates", "--help"]]
)
def test_the_stored_page_is_the_page_typer_writes(tmp_path, args):
    first = drafting(args, tmp_path / "cache")
    assert first[0] == 0 and first[3], first[2]
    assert first[1].startswith("Cách dùng: drafting")
    second = drafting(args, tmp_path / "cache")
    assert second == (*first[:3], False)  # the same bytes and exit code, without loading Typer


def test_no_stored_page_for_anything_but_a_help_request(tmp_path):
    drafting(["--help"], tmp_path / "cache")
    for args in (["--debug", "--help"], ["khong-co-lenh", "--help"], ["check", "x", "--help"]):
        rc, out, err, typer_loaded = drafting(args, tmp_path / "cache")
        assert typer_loaded, args
    # a plain quick command runs without Typer (drafting.launch._quick), and prints no help page either
    assert drafting(["words", "123"], tmp_path / "cache") == (0, "Một trăm hai mươi ba đồng\n", "", False)
    rc, out, err, _ = drafting(["khong-co-lenh", "--help"], tmp_path / "cache")
    assert rc == 2 and 'không có lệnh "khong-co-lenh"' in err


def test_each_width_has_its_page(tmp_path):
    narrow = drafting(["--help"], tmp_path / "cache", COLUMNS="60")
    wide = drafting(["--help"], tmp_path / "cache", COLUMNS="120")
    assert narrow[1] != wide[1] and narrow[0] == wide[0] == 0
    assert drafting(["--help"], tmp_path / "cache", COLUMNS="60") == (*narrow[:3], False)
    assert drafting(["--help"], tmp_path / "cache", COLUMNS="120") == (*wide[:3], False)
    assert max(map(len, narrow[1].splitlines())) <= 58


def test_a_change_of_the_code_is_seen(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "drafting", src / "drafting", ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    before = drafting(["--help"], cache, src=src)
    assert drafting(["--help"], cache, src=src)[3] is False
    cli = src / "drafting" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8").replace("Soạn văn bản hành chính", "Soạn thảo văn bản"), "utf-8")
    after = drafting(["--help"], cache, src=src)
    assert after[3] and "Soạn thảo văn bản" in after[1] and "Soạn thảo văn bản" not in before[1]
    assert drafting(["--help"], cache, src=src) == (*after[:3], False)


def test_a_tampered_or_foreign_entry_is_not_used(tmp_path):
    cache = tmp_path / "cache"
    page = drafting(["--help"], cache)
    (entry,) = (cache / "help").glob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["text"] = "giả mạo"
    data["sources"] = {k: "0" * 64 for k in data["sources"]}
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert drafting(["--help"], cache) == (*page[:3], True)  # sources differ: Typer writes the page again
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["text"] = "giả mạo"
    entry.write_text(json.dumps(data), encoding="utf-8")
    entry.chmod(0o666)  # writable by others: never trusted
    assert drafting(["--help"], cache)[1] == page[1]


def test_an_unusable_cache_still_prints_the_page(tmp_path):
    page = drafting(["--help"], tmp_path / "cache")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for where in (blocker, blocker / "below"):  # a file, a folder that cannot be made
        assert drafting(["--help"], where) == (*page[:3], True)
        assert drafting(["--help"], where) == (*page[:3], True)
    shared = tmp_path / "shared"
    (shared / "help").mkdir(parents=True)
    (shared / "help").chmod(0o777)  # writable by others: not used
    assert drafting(["--help"], shared) == (*page[:3], True)
    assert list((shared / "help").iterdir()) == []


def test_an_output_that_cannot_encode_vietnamese_gets_the_same_page_from_the_cache_as_from_typer(tmp_path):
    # drafting.launch writes such an output (a pipe here) in UTF-8 before either answers
    drafting(["--help"], tmp_path / "cache")
    stored = drafting(["--help"], tmp_path / "cache", PYTHONIOENCODING="latin-1")
    uncached = drafting(["--help"], None, PYTHONIOENCODING="latin-1", DRAFTING_CACHE=str(tmp_path / "none"))
    assert stored[:2] == uncached[:2]
    assert stored[0] == 0 and stored[1].startswith("Cách dùng: drafting")


def test_the_test_runner_width_is_not_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0 and result.output.startswith("Cách dùng: drafting")
    assert not (tmp_path / "cache" / "help").exists() or not list((tmp_path / "cache" / "help").iterdir())


@pytest.mark.parametrize("columns", [None, "", "0", "-5", "abc", "60", "132"])
def test_the_width_is_the_one_shutil_gives(monkeypatch, columns):
    from drafting import cache

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cache._columns() == shutil.get_terminal_size().columns


def test_a_stored_page_is_read_with_the_interpreter_alone(tmp_path):
    """Without site's own imports (python -S, as a plain install starts: no editable finder), printing a stored
    page loads neither pathlib, hashlib, shutil, importlib.util nor typing."""
    import sysconfig

    page = drafting(["check", "--help"], tmp_path / "cache")
    assert page[0] == 0
    code = (
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}]\n"
        f"sys.path += [{sysconfig.get_paths()['purelib']!r}, {sysconfig.get_paths()['platlib']!r}]\n"
        "sys.argv = ['drafting', 'check', '--help']\n"
        "import atexit\n"
        "atexit.register(lambda: sys.stderr.write('\\n@@' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        "from drafting.launch import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DRAFTING_CACHE", "PYTHONPATH")}
    env.update(DRAFTING_CACHE=str(tmp_path / "cache"), COLUMNS="80")
    p = subprocess.run([sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True)
    err, _, loaded = p.stderr.rpartition("\n@@")
    assert (p.returncode, p.stdout, err) == (0, page[1], "")
    assert not {"pathlib", "hashlib", "shutil", "importlib.util", "typing", "typer", "dataclasses"} & set(
        loaded.split()
    )
