"""The layers only import downward (import-linter's contract in pyproject.toml), and a new upward import fails it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("importlinter")


def lint(tree: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the package found in ``tree`` with the contract of ``tree/pyproject.toml``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())"
    return subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, capture_output=True, text=True, timeout=300)


def test_the_layer_contract_holds():
    r = lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 kept, 0 broken" in r.stdout


def test_an_upward_import_breaks_it(tmp_path):
    shutil.copytree(ROOT / "drafting", tmp_path / "drafting", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    planted = tmp_path / "drafting" / "vi" / "planted.py"
    planted.write_text(
        '"""A Vietnamese helper that reaches up into the API (not allowed)."""\n'
        "from ..api import check  # noqa: F401\n",
        encoding="utf-8",
    )
    r = lint(tmp_path)
    assert r.returncode != 0
    assert "drafting.vi.planted -> drafting.api" in r.stdout
