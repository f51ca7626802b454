"""The JSON file of a document's Phụ lục VI metadata (``--metadata``), read back from the .docx written and the
PDF beside it. Apart from ``metadata`` (which a render uses): the untrusted-file reader and the PDF driver load
only for this."""

from __future__ import annotations

import json
from pathlib import Path

from ..fileio import write_atomic
from .docx.reader import read_properties
from .metadata import from_properties
from .pdf import read_pdf


def metadata_path(docx: Path) -> Path:
    return Path(docx).with_suffix(".metadata.json")


def write_metadata(docx: Path) -> Path | None:
    """Write the JSON beside ``docx`` (its page count from the PDF beside it, when there is one); None when the
    document carries no metadata (a form, a sheet)."""
    custom, _core = read_properties(docx)
    meta = from_properties(custom)
    if meta is None:
        return None
    pdf = Path(docx).with_suffix(".pdf")
    if pdf.is_file():
        meta["PageAmount"] = read_pdf(pdf).pages
    target = metadata_path(docx)
    write_atomic(target, (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return target
