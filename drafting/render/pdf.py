"""PDF through LibreOffice (headless): PDF/A-2b by default, many documents in one LibreOffice process.

What the PDF holds is read back (``pypdf``): its PDF/A identification and the fonts it embeds, so that a PDF made
on a machine without Times New Roman (LibreOffice then embeds the metric-equal Liberation Serif) is reported as
a preview, not a conforming official file (``../shared/reference/e-office.md``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import PdfError
from ..fileio import write_atomic

#: LibreOffice's export filter for PDF/A-2b (archival, TCVN 14159-1:2024), and for a plain PDF
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PLAIN_FILTER = "pdf:writer_pdf_Export"
OFFICIAL_FONT = "TimesNewRoman"


def soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _need_soffice() -> str:
    exe = soffice()
    if not exe:
        raise PdfError(
            "không có LibreOffice để xuất PDF", hint="cài gói libreoffice-writer-nogui, hoặc bỏ tùy chọn --pdf"
        )
    return exe


def convert_many(
    docs: list[Path], *, pdfa: bool = True, fmt: str | None = None, timeout: float = 600, into: list[Path] | None = None
) -> list[Path]:
    """Convert every document (to a PDF beside it, or to ``into``'s paths) with ONE LibreOffice process and a
    throw-away profile; ``fmt`` may name another LibreOffice target ("docx:MS Word 2007 XML", "odt").

    Documents may share a name (``a/ke-hoach.docx``, ``b/ke-hoach.docx``): each is converted under a
    numbered name and moved to its place. Returns the converted files in the order of ``docs``."""
    if not docs:
        return []
    exe = _need_soffice()
    fmt = fmt or (PDFA_FILTER if pdfa else PLAIN_FILTER)
    ext = fmt.split(":")[0]
    with tempfile.TemporaryDirectory(prefix="drafting-lo-") as tmp:
        work = Path(tmp)
        inputs = []
        for i, doc in enumerate(docs):
            staged = work / "in" / f"{i:05d}{Path(doc).suffix}"
            staged.parent.mkdir(exist_ok=True)
            shutil.copyfile(doc, staged)
            inputs.append(staged)
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(work / "out"),
            *map(str, inputs),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice không xuất xong {len(docs)} văn bản sau {int(timeout)} giây") from exc
        targets = []
        wanted = into or [Path(doc).with_suffix(f".{ext}") for doc in docs]
        for doc, staged, target in zip(docs, inputs, wanted, strict=True):
            produced = work / "out" / f"{staged.stem}.{ext}"
            if not produced.is_file():
                err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
                raise PdfError(f"LibreOffice không chuyển được {Path(doc).name}" + (f": {err}" if err else ""))
            write_atomic(target, produced.read_bytes())
            targets.append(target)
    return targets


def convert(docx: Path, pdf: Path | None = None, fmt: str = "pdf", timeout: float = 180, pdfa: bool = False) -> Path:
    """Convert one document (default: a plain PDF beside it, or PDF/A-2b with ``pdfa``); raises PdfError when
    LibreOffice is missing or fails."""
    chosen = PDFA_FILTER if pdfa and fmt == "pdf" else fmt
    (produced,) = convert_many([Path(docx)], fmt=chosen, timeout=timeout, into=[Path(pdf)] if pdf else None)
    return produced


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    pdfa_part: str | None  # "2" for PDF/A-2
    pdfa_conformance: str | None  # "B"
    fonts: frozenset[str]  # base names of the embedded fonts, subset prefix removed
    unembedded: frozenset[str]  # fonts used but not embedded

    @property
    def official_font(self) -> bool:
        return any(f.replace(" ", "").startswith(OFFICIAL_FONT) for f in self.fonts)


def read_pdf(path: Path) -> PdfFacts:
    """Pages, PDF/A identification (XMP ``pdfaid``) and fonts of a PDF we made."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    part = conformance = None
    meta = reader.trailer["/Root"].get("/Metadata")
    if meta is not None:
        xmp = meta.get_object().get_data().decode("utf-8", "replace")
        m = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", xmp)
        c = re.search(r"pdfaid:conformance(?:>|=\")\s*([ABU])", xmp)
        part, conformance = (m[1] if m else None), (c[1] if c else None)
    fonts: set[str] = set()
    unembedded: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts"):
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            (fonts if embedded else unembedded).add(name)
    return PdfFacts(len(reader.pages), part, conformance, frozenset(fonts), frozenset(unembedded))


def font_warning(path: Path) -> str | None:
    """One Vietnamese line when the PDF does not embed Times New Roman (a preview, not an official file)."""
    facts = read_pdf(path)
    if facts.official_font:
        return None
    used = ", ".join(sorted({re.sub(r"-(Bold|Italic|BoldItalic|Regular)$", "", f) for f in facts.fonts})) or "không rõ"
    return (
        f"{path}: PDF không nhúng phông Times New Roman (máy này không có phông đó; đã dùng {used} cùng kích "
        "thước chữ): dùng để xem trước, chưa phải bản chính thức để ký số"
    )
