"""Where the files shipped with drafting are: Word templates, Cerberus schemas, the agency registry.

They are package data (``drafting.templates``, ``drafting.specs``), read through ``importlib.resources``, so a
wheel, ``pip install .``, ``pipx install`` and an editable checkout all find them. In the repository they sit at
the root (``templates/``, ``specs/``, as the design card lays out); ``pyproject.toml`` maps those folders into the
package.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib
import os
from pathlib import Path

__all__ = ["templates_dir", "template_file", "schemas_dir", "shipped_registry", "data_files"]

_KEEP = contextlib.ExitStack()
atexit.register(_KEEP.close)


#: a source checkout: the package folder sits beside pyproject.toml and the data folders it maps in
_CHECKOUT = Path(__file__).resolve().parent.parent
_SOURCE_FOLDERS = {"drafting.templates": "templates", "drafting.specs": "specs"}


def _as_path(package: str) -> Path:
    """A real folder for ``package``'s files (extracted once, for the process, if it lives in a zip).

    When drafting runs from a source checkout (``python cli.py``, ``python -m pytest`` in the repository), the
    checkout's own folders are used, as ``pyproject.toml``'s ``package-dir`` maps them: an editable install made
    from another checkout must not lend its templates to this one."""
    source = _CHECKOUT / _SOURCE_FOLDERS[package]
    if (_CHECKOUT / "pyproject.toml").is_file() and (source / "__init__.py").is_file():
        return source
    # a package on disk: its folder, as importlib.resources.files() gives it (without loading importlib.resources
    # and tempfile, about 5 ms of -X importtime at every start of check and build)
    origin = getattr(importlib.import_module(package), "__file__", None)
    if origin and os.path.isfile(origin):
        return Path(origin).parent
    from importlib import resources  # noqa: PLC0415 - only for a package that is not a folder on disk (a zip)

    root = resources.files(package)
    if isinstance(root, Path):
        return root
    return Path(_KEEP.enter_context(resources.as_file(root)))  # pragma: no cover - zipped installs only


@functools.cache
def templates_dir() -> Path:
    """The folder of the shipped Word templates (ke-hoach.docx, phu-luc.docx, bao-cao.docx …)."""
    return _as_path("drafting.templates")


def template_file(name: str) -> Path:
    """One shipped template by file name."""
    return templates_dir() / name


@functools.cache
def _specs_dir() -> Path:
    return _as_path("drafting.specs")


def schemas_dir() -> Path:
    """The folder of the Cerberus schemas, one YAML file per document kind plus ``common.yaml``."""
    return _specs_dir() / "schemas"


def shipped_registry() -> Path:
    """The agency registry that ships with drafting (``co-quan.yaml``)."""
    return _specs_dir() / "co-quan.yaml"


def data_files() -> list[tuple[str, Path]]:
    """Every shipped data file that changes what drafting produces, with a name that does not depend on where
    drafting is installed (for the tool fingerprint of the build manifest)."""
    # the registry files the shipped co-quan.yaml includes (tinh.yaml, doi-tac.yaml) change checks and outputs too
    included = [(f.name, f) for f in sorted(_specs_dir().glob("*.yaml")) if f.name != "co-quan.yaml"]
    return [(f"schemas/{f.name}", f) for f in sorted(schemas_dir().glob("*.yaml"))] + included
