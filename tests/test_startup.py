"""What the quick commands load (issue 20 item 4): structural checks on a fresh interpreter, never timings
(the figures are bench/bench_startup.py's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent


def run_loaded(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str, set[str]]:
    """Run ``drafting ARGS`` in a fresh interpreter: exit code, stdout, stderr and the modules it had loaded."""
    code = (
        "import sys\n"
        f"sys.argv = ['drafting', *{args!r}]\n"
        "from drafting.cli import main\n"
        "rc = 0\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    rc = exc.code or 0\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write('\\n@@' + ' '.join(sorted(sys.modules)) + '\\n')\n"
        "sys.exit(rc)\n"
    )
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    p = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=full_env, capture_output=True, text=True)
    err, _, modules = p.stderr.rpartition("\n@@")
    return p.returncode, p.stdout, err, set(modules.split())


def test_a_no_op_build_loads_no_engine(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    rc, out, err, _ = run_loaded(["build", "examples", "-o", "out"], tmp_path)
    assert rc == 0, err
    n = out.count(".docx\n")
    assert n and out.splitlines()[-1].startswith("Đã tạo lại ")
    rc, out, err, modules = run_loaded(["build", "examples", "-o", "out"], tmp_path)
    assert (rc, err) == (0, "")
    specs = len(list((tmp_path / "examples").rglob("*.yaml"))) - len(
        list((tmp_path / "examples").rglob("co-quan.yaml"))
    )
    assert out == f"Không có gì thay đổi: {specs} đặc tả đã cập nhật, không ghi tệp nào.\n"
    engine = {m for m in modules if m == "drafting.api" or m.startswith(("drafting.render", "drafting.kinds"))}
    assert engine == set()
    assert not {"cerberus", "docx", "docxtpl", "lxml", "pydantic", "rich"} & {m.split(".")[0] for m in modules}


def test_a_build_after_a_change_loads_the_engine_and_rebuilds_that_spec(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    assert run_loaded(["build", "examples", "-o", "out"], tmp_path)[0] == 0
    spec = tmp_path / "examples" / "khanh-hoa-2022" / "ke-hoach.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    rc, out, err, modules = run_loaded(["build", "examples", "-o", "out"], tmp_path)
    assert rc == 0, err
    assert "out/khanh-hoa-2022/ke-hoach.docx" in out
    assert out.splitlines()[-1].startswith("Đã tạo lại 1 đặc tả (1 tệp), giữ nguyên ")
    assert "drafting.api" in modules


def run_both(args: list[str], cwd: Path) -> tuple[tuple[int, str, str], tuple[int, str, str, set[str]]]:
    """``drafting ARGS`` through the Typer command line (drafting.cli.main), then through the `drafting`
    command (drafting.launch, which runs a plain quick command without Typer)."""
    typer_run = run_loaded(args, cwd)[:3]
    # the modules loaded are printed by an atexit function: a quick command ends its process at once
    # (drafting.launch._leave) after running those, as a normal exit does
    code = (
        "import atexit, sys, runpy\n"
        f"sys.argv = ['drafting', *{args!r}]\n"
        "atexit.register(lambda: (sys.stdout.flush(), sys.stderr.write('\\n@@' + ' '.join(sorted(sys.modules)) + '\\n')))\n"
        "runpy.run_module('drafting', run_name='__main__', alter_sys=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    err, _, modules = p.stderr.rpartition("\n@@")
    return typer_run, (p.returncode, p.stdout, err, set(modules.split()))


SMALL = "examples/khanh-hoa-2022/ke-hoach.yaml"


def test_a_quick_command_answers_as_typer_does_without_loading_it(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    (tmp_path / "hong.yaml").write_text("loai: ke_hoach\nten: [\n", encoding="utf-8")
    plain = [
        ["check", SMALL],
        ["check", "--strict", SMALL, "hong.yaml", "khong-co.yaml", "examples"],
        ["check", "\x1b[31mdo.yaml"],  # an escape code in a message: removed off a terminal, as Click does
        ["words", "123", "1.000.000"],
        ["words", "--unit", "1000", "--le", "--bon", "--ngan", "--chan", "105", "24000"],
        ["words", "12a"],
        ["words", "--unit", "0", "5"],
        ["build", "khong-co"],
        ["render", SMALL, "-o", "ra"],
        [
            "render",
            "--strict",
            "--dien-tu",
            "--metadata",
            SMALL,
            "examples/bac-ninh-2026-2030/ke-hoach.yaml",
            "--out",
            "ra",
        ],
        ["render", "hong.yaml", "-o", "ra"],
        ["render", "khong-co.yaml"],
        ["render", SMALL, "--templates", "khong-co", "-o", "ra"],
    ]
    for args in plain:
        typer_run, quick = run_both(args, tmp_path)
        assert quick[:3] == typer_run, args
        assert "typer" not in quick[3], args
        assert "drafting.commands" in quick[3], args  # the atexit functions ran before the process ended


def _launched(args: list[str], cwd: Path, cache: Path) -> tuple[int, str, set[str]]:
    """``drafting ARGS`` through the `drafting` command (drafting.launch), the cache found as a user's: exit code,
    stdout and the modules loaded."""
    code = (
        "import atexit, sys, runpy\n"
        f"sys.argv = ['drafting', *{args!r}]\n"
        "atexit.register(lambda: (sys.stdout.flush(), sys.stderr.write('\\n@@' + ' '.join(sorted(sys.modules)) + '\\n')))\n"
        "runpy.run_module('drafting', run_name='__main__', alter_sys=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DRAFTING_CACHE"}
    env.update(PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(cache))
    p = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    err, _, loaded = p.stderr.rpartition("\n@@")
    return p.returncode, p.stdout, set(loaded.split())


def test_a_check_loads_only_what_checking_needs(tmp_path):
    """A plain check, with the cache folder found as a user has it (no DRAFTING_CACHE), loads neither Typer,
    platformdirs (nor the tempfile it imports), decimal, importlib.metadata, num2words nor the renderer."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for _ in range(2):  # the first run fills the cache, the second uses it: neither loads them
        rc, out, loaded = _launched(["check", SMALL], tmp_path, tmp_path / "xdg")
        assert rc == 0
        assert out.splitlines()[-1].endswith("hợp lệ (Kế hoạch)")
        top = {m.split(".")[0] for m in loaded}
        assert not {"typer", "click", "platformdirs", "tempfile", "decimal", "num2words", "docx", "lxml"} & top
        assert "importlib.metadata" not in loaded
        assert not {m for m in loaded if m.startswith("drafting.render.docx")}
    assert (tmp_path / "xdg" / "drafting" / "checks").is_dir()


def test_what_finds_nothing_to_do_loads_no_dataclasses(tmp_path):
    """A no-op build and the check of an unchanged spec (its verdict kept) load neither dataclasses (with
    inspect, ast, dis: 7 ms) nor typing: errors.Problem and workflows.build.Outcome are plain classes."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for args in (["build", "examples", "-o", "out"], ["check", SMALL]):
        first = _launched(args, tmp_path, tmp_path / "xdg")
        again = _launched(args, tmp_path, tmp_path / "xdg")
        assert first[0] == again[0] == 0
        assert "drafting.api" in first[2] and "drafting.api" not in again[2], args
        assert not {"dataclasses", "typing", "inspect", "drafting.record"} & again[2], args


def test_anything_but_a_plain_command_line_goes_to_typer(tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    for args in (
        ["check"],
        ["check", "-"],
        ["check", "--debug", SMALL],
        ["--debug", "check", SMALL],
        ["words", "-5"],
        ["words", "--unit", "x", "5"],
        ["words", "--unit"],
        ["build", "a", "b"],
        ["build", "khong-co", "--out=out"],
        ["build", "khong-co", "-o"],
        ["render"],
        ["render", SMALL, "-o"],
        ["render", SMALL, "--out=ra"],
        ["render", SMALL, "--force"],
    ):
        typer_run, quick = run_both(args, tmp_path)
        assert quick[:3] == typer_run, args
        assert "typer" in quick[3], args


def test_a_quick_command_ends_at_once_with_its_output_whole_and_its_exit_code(tmp_path):
    """drafting.launch._leave ends a quick command's process without Python's teardown: what it printed is all
    there, the documents are whole, the exit code is the command's, and a reader that stops early (| head)
    gets the documented broken-pipe code with no traceback."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "drafting", "render", SMALL, "-o", "ra"]
    p = subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    written = [Path(line) for line in p.stdout.splitlines()]
    assert written and all((tmp_path / w).stat().st_size > 0 for w in written)
    import docx  # the document is whole: python-docx opens it

    assert docx.Document(str(tmp_path / written[0])).paragraphs
    (tmp_path / "hong.yaml").write_text("loai: ke_hoach\nten: [\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "drafting", "check", "hong.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1 and "hong.yaml:3:1:" in bad.stderr and "Traceback" not in bad.stderr
    reader = subprocess.Popen(run, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # the reader has gone before anything was printed
    err = reader.stderr.read().decode()
    reader.stderr.close()
    assert reader.wait() == 141 and "Traceback" not in err


def test_an_output_that_cannot_encode_vietnamese_gets_utf_8_not_a_traceback(tmp_path):
    # Windows writes a redirected output in its ANSI code page; PYTHONIOENCODING or a C locale do the same here
    spec = tmp_path / "hong.yaml"
    spec.write_text("loai: ke_hoach\ntrich_yeu: [\n", encoding="utf-8")
    for encoding in ("latin-1", "ascii", "cp1258"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": encoding}
        for args, code, where, expected in (
            (["words", "1234"], 0, "stdout", "Một nghìn hai trăm ba mươi tư đồng"),
            (["--help"], 0, "stdout", "Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP"),
            (["check", str(spec)], 1, "stderr", "hong.yaml:"),
        ):
            p = subprocess.run([sys.executable, "-m", "drafting", *args], cwd=tmp_path, env=env, capture_output=True)
            out = getattr(p, where).decode("utf-8")  # strict: the bytes are UTF-8
            assert p.returncode == code, (encoding, args, p.stderr.decode("utf-8", "replace"))
            assert expected in out, (encoding, args, out)
            assert "Traceback" not in p.stderr.decode("utf-8") and "UnicodeEncodeError" not in out
