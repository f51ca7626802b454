"""Cerberus, imported without importlib.metadata (issue 20, item 4).

Cerberus 1.3 sets ``cerberus.__version__`` at import time with ``importlib.metadata.version("Cerberus")``.
Importing importlib.metadata (it brings the email, zipfile and csv packages) and searching sys.path for the
distribution cost 20–29 ms on this machine, a sixth of a whole ``drafting check`` of a small spec, for a
string drafting never reads. So, for the duration of that one import only, ``importlib.metadata`` is a stand-in
module (``_LazyMetadata``): its ``version("Cerberus")`` reads the version from the name of the
``cerberus-X.Y.Z.dist-info`` folder the installer put beside the package (one directory listing); any other
name, any other attribute, and the same question when no such folder exists go to the real importlib.metadata,
imported then. The stand-in leaves sys.modules as soon as Cerberus is imported, so every later
``import importlib.metadata`` gets the real module; ``cerberus.platform.importlib_metadata`` keeps the
stand-in, which hands every use to the real module.

When importlib.metadata or Cerberus is already imported (a test run, a program that uses drafting as a
library), nothing is replaced.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

_NAME = "importlib.metadata"


def _real() -> Any:
    import importlib.metadata  # noqa: PLC0415 - the real module, only when something asks it a question

    return importlib.metadata


class _LazyMetadata(types.ModuleType):
    """``importlib.metadata`` for Cerberus' import: answers ``version("Cerberus")`` from the dist-info folder's
    name, everything else from the real module."""

    def __init__(self, site: str | None) -> None:
        super().__init__(_NAME)
        self._site = site

    def version(self, name: str) -> str:
        found = _dist_info_version(self._site, name) if self._site else None
        return found if found is not None else str(_real().version(name))

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(), attr)


def _dist_info_version(site: str, name: str) -> str | None:
    """The version in ``<site>/<name>-<version>.dist-info`` (names compared as pip normalises them), when
    exactly one such folder is there."""
    wanted = name.lower().replace("-", "_").replace(".", "_")
    try:
        entries = os.listdir(site)
    except OSError:
        return None
    found = []
    for entry in entries:
        if entry.endswith(".dist-info"):
            project, _, version = entry[: -len(".dist-info")].rpartition("-")
            if project.lower().replace("-", "_").replace(".", "_") == wanted and version:
                found.append(version)
    return found[0] if len(found) == 1 else None


def _import_cerberus() -> Any:  # cerberus is untyped
    if "cerberus" in sys.modules or _NAME in sys.modules:
        import cerberus  # noqa: PLC0415 - already imported (or its import costs nothing more)

        return cerberus
    from importlib.util import find_spec  # noqa: PLC0415 - importlib.util is imported by site already

    spec = find_spec("cerberus")
    origin = spec.origin if spec is not None else None
    site = os.path.dirname(os.path.dirname(origin)) if origin else None
    stand_in = _LazyMetadata(site)
    sys.modules[_NAME] = stand_in
    try:
        import cerberus  # noqa: PLC0415 - imported here, with the stand-in in place

    finally:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
    return cerberus


cerberus = _import_cerberus()

# what drafting uses of Cerberus, from here (so that nothing imports Cerberus before the stand-in is in place)
from cerberus import TypeDefinition, Validator  # noqa: E402
from cerberus import errors as cerr  # noqa: E402
from cerberus.schema import DefinitionSchema, RulesSetRegistry, SchemaRegistry, UnvalidatedSchema  # noqa: E402

__all__ = [
    "DefinitionSchema",
    "RulesSetRegistry",
    "SchemaRegistry",
    "TypeDefinition",
    "UnvalidatedSchema",
    "Validator",
    "cerberus",
    "cerr",
]
