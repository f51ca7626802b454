"""drafting: Vietnamese official documents (Decree 30/2020/NĐ-CP) from validated YAML specs."""

from __future__ import annotations

from .version import __version__

__all__ = ["check", "render", "build", "__version__"]


def __getattr__(name):  # lazy: `drafting --help` must not load the Word libraries
    if name in ("check", "render", "find_specs"):
        from . import api  # noqa: PLC0415 - `import drafting` stays light: the API loads on first use

        return getattr(api, name)
    if name == "build":
        from .workflows.build import build  # noqa: PLC0415 - `import drafting` stays light: the API loads on first use

        return build
    raise AttributeError(name)
