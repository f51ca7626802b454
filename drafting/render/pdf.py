"""PDF through LibreOffice (headless): PDF/A-2b by default, many documents in one LibreOffice process.

What the PDF holds is read back (``pypdf``): its PDF/A identification and the fonts it embeds, so that a PDF made
on a machine without Times New Roman (LibreOffice then embeds the metric-equal Liberation Serif) is reported as
a preview, not a conforming official file (``../shared/reference/e-office.md``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import PdfError
from ..fileio import write_atomic
from .docx.reader import read_core
from .docx.safezip import Refused

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
    numbered name and moved to its place. A PDF is made reproducible (``reproducible``). Returns the converted
    files in the order of ``docs``; raises PdfError when one of them could not be converted (the others are
    written)."""
    wanted = into or [Path(doc).with_suffix(f".{(fmt or 'pdf').split(':')[0]}") for doc in docs]
    results, err = convert_batch(docs, pdfa=pdfa, fmt=fmt, timeout=timeout)
    targets = []
    for doc, data, target in zip(docs, results, wanted, strict=True):
        if data is None:
            raise PdfError(f"LibreOffice không chuyển được {Path(doc).name}" + (f": {err}" if err else ""))
        write_atomic(target, data)
        targets.append(target)
    return targets


def convert_batch(
    docs: list[Path], *, pdfa: bool = True, fmt: str | None = None, timeout: float = 600
) -> tuple[list[bytes | None], str]:
    """The converted bytes of every document (None for one LibreOffice could not convert), all made by ONE
    LibreOffice process with a throw-away profile, and LibreOffice's last words (for the message)."""
    if not docs:
        return [], ""
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
        err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
        results: list[bytes | None] = []
        for staged in inputs:
            produced = work / "out" / f"{staged.stem}.{ext}"
            if not produced.is_file():
                results.append(None)
                continue
            data = produced.read_bytes()
            results.append(reproducible(data, staged) if ext == "pdf" else data)
    return results, err


#: the time zone of the documents' dates (Vietnam, UTC+7)
VN_TZ = _dt.timezone(_dt.timedelta(hours=7))
#: the date a PDF carries when its .docx has none
FALLBACK_DATE = _dt.datetime(2000, 1, 1, tzinfo=VN_TZ)


def docx_created(docx: Path) -> _dt.datetime:
    """The creation date a .docx carries (``dcterms:created``, which our renderer fixes from the document's
    date), read as Vietnam time; ``FALLBACK_DATE`` when it has none."""
    try:
        text = read_core(docx).get("created", "")
    except Refused:
        return FALLBACK_DATE
    if not text:
        return FALLBACK_DATE
    try:
        when = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return FALLBACK_DATE
    # our renderer writes the document's local (Vietnam) time with a "Z": read it as Vietnam time
    return when.replace(tzinfo=VN_TZ) if when.tzinfo is None or text.endswith("Z") else when


def _pdf_date(when: _dt.datetime) -> str:
    off = when.utcoffset() or _dt.timedelta(0)
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"D:{when:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _xmp_date(when: _dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


_XMP_DATES = re.compile(r"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:)")


def reproducible(pdf: bytes, docx: Path) -> bytes:
    """The PDF LibreOffice made from ``docx``, with what changes from run to run fixed: the creation and
    modification dates (document information and XMP, kept equal as PDF/A requires) become the .docx's own
    date, the creation time inside the embedded ICC colour profile (PDF/A's output intent) too, and the
    document ID is taken from the .docx's hash. Same .docx, same LibreOffice ⇒ the same bytes."""
    from pypdf import PdfReader, PdfWriter  # reason: pypdf only when a PDF is made (``--help`` stays light)
    from pypdf.generic import ArrayObject, ByteStringObject

    when = docx_created(docx)
    digest = hashlib.sha256(Path(docx).read_bytes()).digest()[:16]
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # LibreOffice's "%PDF-1.6" of PDF/A-2, not pypdf's default
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    info["/CreationDate"] = info["/ModDate"] = _pdf_date(when)
    writer.metadata = info  # the source's own entries only (nothing pypdf would add, as its /Producer)
    root = writer.root_object
    meta = root.get("/Metadata")
    if meta is not None:
        stream = meta.get_object()
        xmp = stream.get_data().decode("utf-8")
        xmp = _XMP_DATES.sub(lambda m: m[1] + _xmp_date(when) + m[2], xmp)
        if "<xmp:ModifyDate>" not in xmp and "<xmp:CreateDate>" in xmp:
            xmp = xmp.replace(
                "</xmp:CreateDate>", f"</xmp:CreateDate>\n   <xmp:ModifyDate>{_xmp_date(when)}</xmp:ModifyDate>", 1
            )
        stream.set_data(xmp.encode("utf-8"))
    for intent in root.get("/OutputIntents") or []:
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is None:
            continue
        icc = profile.get_object()
        data = bytearray(icc.get_data())
        if len(data) >= 36 and data[36:40] == b"acsp":  # the ICC header's dateTimeNumber (bytes 24-35)
            utc = when.astimezone(_dt.UTC)
            data[24:36] = struct.pack(">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
            icc.set_data(bytes(data))
    # pypdf has no public setter for the trailer's /ID (it copies the source's random one)
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
