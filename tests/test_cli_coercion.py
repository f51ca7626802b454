"""The light coercer of our commands (drafting/cli_vi.py LightCoercion) gives what Typer's pydantic adapter gives:
the same value, or the same usage error (its message is what the Vietnamese reason is chosen from)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from drafting.cli import app
from drafting.cli_vi import LightCoercion

ROOT = Path(__file__).resolve().parent.parent

INPUTS = [
    "123",
    "007",
    "-5",
    "+5",
    " 5",
    "5 ",
    "1_000",
    "1.0",
    "1.5",
    "１２",
    "9" * 30,
    "",
    "abc",
    "a//b",
    "./x",
    " a ",
    "a\x00b",
    "tests/fixtures/minimal.yaml",
    "tests/fixtures",
    "kh\u00f4ng-c\u00f3.yaml",
]


def _params():
    """Every parameter of every command (and group) of the app, with its path in the tree."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group)
    found = []

    def walk(cmd, path):
        for param in [*cmd.params, cmd.get_help_option(ctx)]:
            if param is not None:
                found.append((f"{path}:{param.name}", param))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(group, "drafting")
    return ctx, found


def _outcome(runtime, value, param, ctx):
    try:
        return ("ok", runtime.coerce(value, param=param, ctx=ctx))
    except typer.BadParameter as exc:
        return ("error", exc.message)


def test_every_parameter_of_ours_gets_the_light_coercer():
    _ctx, params = _params()
    assert params
    for where, param in params:
        assert isinstance(param._runtime_param, LightCoercion), where


@pytest.mark.parametrize("value", INPUTS)
def test_light_coercion_agrees_with_typers_adapter(value, monkeypatch):
    monkeypatch.chdir(ROOT)
    ctx, params = _params()
    kinds = {}
    for _where, param in params:
        kinds.setdefault(repr(param.type_descriptor.annotation), param)
    assert {"<class 'int'>", "<class 'str'>", "<class 'pathlib.Path'>", "list[pathlib.Path]", "list[str]"} <= set(kinds)
    for _kind, param in kinds.items():
        typer_own = build_runtime_param(param.type_descriptor)
        multi = param.multiple or param.nargs == -1
        for given in ([value], (value, "123"), value) if multi else (value,):
            assert _outcome(param._runtime_param, given, param, ctx) == _outcome(typer_own, given, param, ctx)


def test_an_unreadable_path_is_refused_as_typer_refuses_it(tmp_path, monkeypatch):
    locked = tmp_path / "number.yaml"
    locked.write_text("x", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != locked)  # unreadable, even for root
    ctx, params = _params()
    param = next(p for where, p in params if where == "drafting check:specs")
    light = _outcome(param._runtime_param, (str(locked),), param, ctx)
    assert light[0] == "error" and "not readable" in light[1]
    assert light == _outcome(build_runtime_param(param.type_descriptor), (str(locked),), param, ctx)


def test_a_bad_integer_is_still_a_vietnamese_usage_error():
    result = CliRunner().invoke(app, ["words", "5", "--unit", "1.5"])
    assert result.exit_code == 2
    assert "Lỗi: giá trị của --unit không hợp lệ: phải là số nguyên" in result.output
    assert CliRunner().invoke(app, ["words", "5", "--unit", " 1000"]).output == "Năm nghìn đồng\n"


def test_words_runs_without_pydantic():
    code = (
        "import sys\n"
        "sys.argv = ['drafting', 'words', '221542169', '--unit', '1000']\n"
        "from drafting.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "Hai trăm hai mươi mốt tỷ năm trăm bốn mươi hai triệu một trăm sáu mươi chín nghìn đồng",
        "[]",
    ]


def test_what_the_light_coercer_leaves_to_typer():
    from typer._coercion import resolve_type_descriptor

    def fits(annotation, info):
        return LightCoercion.fits(resolve_type_descriptor(annotation, info))

    assert fits(int, typer.Option(1)) and fits(list[Path], typer.Argument(...)) and fits(Path, typer.Option(None))
    assert not fits(int, typer.Option(1, min=1))  # a range: Typer's own checks and messages
    assert not fits(Path, typer.Option(None, path_type=str))
    assert not fits(float, typer.Option(1.0)) and not fits(list[int | str], typer.Argument(...))
    assert not fits(typer.FileText, typer.Option(None))
