"""A bug inside one of our own Cerberus rules is an internal error (exit 70), never a user's "wrong type"."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.errors import ExitCode
from drafting.spec.validator import SpecValidator

from conftest import EXAMPLES

runner = CliRunner()
SPEC = str(EXAMPLES / "khanh-hoa-2022" / "ke-hoach.yaml")


def _planted(exc: type[Exception]):
    def broken(self, *args):
        raise exc("planted")

    return broken


@pytest.mark.parametrize(
    ("rule", "exc"),
    [
        ("_coerce_to_text", TypeError),  # a coercer: runs while Cerberus normalises
        ("_coerce_to_list", AttributeError),
        ("_check_with_ky_hieu", KeyError),  # a check: runs while Cerberus validates
        ("_check_with_nhiem_vu", TypeError),
    ],
)
def test_a_bug_in_a_rule_is_exit_70_not_a_spec_error(monkeypatch, engine_always_runs, rule, exc):
    assert runner.invoke(app, ["check", SPEC]).exit_code == 0  # the spec itself is valid
    monkeypatch.setattr(SpecValidator, rule, _planted(exc))
    r = runner.invoke(app, ["check", SPEC])
    assert r.exit_code == ExitCode.INTERNAL, r.output
    assert f"Lỗi nội bộ của drafting: {exc.__name__}" in r.output
    assert "phải là" not in r.output and "hợp lệ" not in r.output
    r = runner.invoke(app, ["--debug", "check", SPEC])
    assert isinstance(r.exception, exc)
