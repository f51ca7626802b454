"""Cerberus imported without importlib.metadata (drafting/spec/cerberus_lib.py): the same Cerberus, the same
version string, and the real importlib.metadata for everyone after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from drafting.spec.cerberus_lib import _dist_info_version

ROOT = Path(__file__).resolve().parents[2]


def _fresh(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return p.stdout


def test_a_check_does_not_import_importlib_metadata_and_cerberus_keeps_its_true_version():
    out = _fresh(
        "import sys\n"
        "import drafting.spec.validator, cerberus\n"
        "print('importlib.metadata' in sys.modules)\n"
        "print(cerberus.__version__)\n"
        "import importlib.metadata as m\n"
        "print(type(m).__name__, m.__file__.endswith('__init__.py'), m.version('cerberus'))\n"
        "print(cerberus.platform.importlib_metadata.PackageNotFoundError is m.PackageNotFoundError)\n"
    ).split("\n")
    import importlib.metadata

    real = importlib.metadata.version("cerberus")
    assert out[0] == "False"  # nothing loaded it
    assert out[1] == real  # cerberus.__version__ as importlib.metadata says
    assert out[2] == f"module True {real}"  # a later import gets the real module
    assert out[3] == "True"  # what Cerberus kept hands its questions to the real module


def test_the_version_comes_from_the_one_dist_info_folder_of_that_name(tmp_path):
    (tmp_path / "cerberus-1.3.8.dist-info").mkdir()
    (tmp_path / "other_pkg-2.0.dist-info").mkdir()
    assert _dist_info_version(str(tmp_path), "Cerberus") == "1.3.8"
    assert _dist_info_version(str(tmp_path), "other-pkg") == "2.0"
    assert _dist_info_version(str(tmp_path), "absent") is None
    (tmp_path / "Cerberus-1.3.9.dist-info").mkdir()  # two installs side by side: ask importlib.metadata
    assert _dist_info_version(str(tmp_path), "cerberus") is None
    assert _dist_info_version(str(tmp_path / "nowhere"), "cerberus") is None
