"""One document a spec produces, as the kinds describe it and the renderer writes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..record import Record


@dataclass(frozen=True, eq=False, repr=False)
class Output(Record):
    """One document a spec produces: file name suffix, template, context, properties."""

    suffix: str  # "" for the main document, e.g. "-phu-luc" for an appendix file
    template: str  # file name under the templates folder ("" for a non-Word output)
    context: dict
    core: Any  # render.docx.CoreProps
    layout: dict | None = None  # table widths, landscape tail: applied by the docx adapter
    ext: str = ".docx"
    writer: Callable[[], bytes] | None = None  # for outputs that are not rendered from a Word template
