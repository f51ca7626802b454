"""Word (.docx) knowledge, in one package: namespaces and units (``ns``), templates compiled to Jinja source
(``compile``), the sandboxed renderer (``render``), layout on the tree (``layout``), document properties
(``props``), the template linter (``lint``), a size-capped zip and a lossless reader for files nobody here
wrote (``safezip``, ``reader``), conversion, formatting facts for the Decree 30 checker (``inspect``), Word
numbering and the schema order of property elements. Nothing outside it imports docx, docxtpl or lxml.

The names other modules use are importable from here; the submodules load lxml and docxtpl only when called.
"""

from __future__ import annotations

from .compile import LAYOUT_VAR, CompiledTemplate
from .props import CoreProps, with_core_dates, with_custom_properties
from .render import MAX_POWER_BITS, MAX_REPEAT, Runs, make_env, prepare_reference, render_docx

__all__ = [
    "LAYOUT_VAR",
    "MAX_POWER_BITS",
    "MAX_REPEAT",
    "CompiledTemplate",
    "CoreProps",
    "Runs",
    "make_env",
    "prepare_reference",
    "render_docx",
    "with_core_dates",
    "with_custom_properties",
]
