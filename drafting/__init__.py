"""drafting: Vietnamese official documents (Decree 30/2020/NĐ-CP) from validated YAML specs."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["check", "render", "build", "__version__"]


def __getattr__(name):  # lazy: `drafting --help` must not import docxtpl
    if name in ("check", "render", "build", "find_specs"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
