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
import zlib
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
    """The PDF LibreOffice made from ``docx``, with what changes from run to run fixed: the creation date
    (document information and XMP, kept equal as PDF/A requires) becomes the .docx's own date, the creation time
    inside the embedded ICC colour profile (PDF/A's output intent) too, and the document ID (and LibreOffice's
    /DocChecksum) is taken from the .docx's hash. Same .docx, same LibreOffice ⇒ the same bytes.

    LibreOffice's file is edited in place (its classic cross-reference table moved to follow), which costs a few
    milliseconds; a file of another shape goes through pypdf (a full rewrite, ~0.1 s per document)."""
    when = docx_created(docx)
    digest = hashlib.sha256(Path(docx).read_bytes()).digest()[:16]
    patched = _patched_in_place(pdf, when, digest)
    return patched if patched is not None else _rewritten(pdf, when, digest)


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \n|\r\n| \r)")


def _patched_in_place(pdf: bytes, when: _dt.datetime, digest: bytes) -> bytes | None:
    """``reproducible`` by editing LibreOffice's bytes; None when the file is not of the shape it writes (one
    classic xref table, an uncompressed XMP stream with a direct length)."""
    edits: list[tuple[int, int, bytes]] = []  # (start, end, new bytes), not overlapping
    for m in re.finditer(rb"/(?:CreationDate|ModDate)\((D:[^)]*)\)", pdf):
        edits.append((m.start(1), m.end(1), _pdf_date(when).encode()))
    ident = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]", pdf)
    if ident is None:
        return None
    hexid = digest.hex().upper().encode()
    edits += [(ident.start(1), ident.end(1), hexid), (ident.start(2), ident.end(2), hexid)]
    check = re.search(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})", pdf)
    if check is not None:
        edits.append((check.start(1), check.end(1), hexid))
    meta = re.search(rb"/Type/Metadata/Subtype/XML/Length (\d+)>>\r?\nstream\r?\n", pdf)
    if meta is None:
        return None
    body_start = meta.end()
    body_end = body_start + int(meta[1])
    xmp = pdf[body_start:body_end]
    if not xmp.startswith(b"<?xpacket"):
        return None
    new_xmp = _XMP_DATES.sub(lambda m: m[1] + _xmp_date(when) + m[2], xmp.decode("utf-8")).encode("utf-8")
    edits += [(meta.start(1), meta.end(1), str(len(new_xmp)).encode()), (body_start, body_end, new_xmp)]
    edits += _icc_edits(pdf, when)
    edits.sort()
    if any(a[1] > b[0] for a, b in zip(edits, edits[1:], strict=False)):
        return None
    start_m = list(re.finditer(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf))
    if len(start_m) != 1 or pdf.count(b"\nxref") != 1:
        return None
    xref_at = int(start_m[0][1])
    head = re.compile(rb"xref\r?\n(\d+) (\d+)\r?\n").match(pdf, xref_at)
    if head is None:
        return None
    count = int(head[2])
    table_end = head.end() + 20 * count
    entries = list(_XREF_ENTRY.finditer(pdf, head.end(), table_end))
    if len(entries) != count or any(m.start() != head.end() + 20 * i for i, m in enumerate(entries)):
        return None
    body = [e for e in edits if e[1] <= xref_at]  # the objects
    trailer = [e for e in edits if e[0] >= table_end]  # /ID and /DocChecksum
    if len(body) + len(trailer) != len(edits):
        return None

    def moved(offset: int) -> int:
        return offset + sum(len(new) - (end - start) for start, end, new in body if start < offset)

    out = bytearray(_applied(pdf, body, 0, head.end()))
    for m in entries:
        offset = int(m[1])
        out += (b"%010d" % (moved(offset) if m[3] == b"n" else offset)) + pdf[m.start() + 10 : m.end()]
    tail = _applied(pdf, trailer, table_end, len(pdf))
    return bytes(out) + re.sub(rb"startxref\s+\d+", b"startxref\n%d" % moved(xref_at), tail)


def _applied(data: bytes, edits: list[tuple[int, int, bytes]], start: int, end: int) -> bytes:
    """``data[start:end]`` with ``edits`` (sorted, inside it, absolute offsets) made."""
    out = bytearray()
    last = start
    for a, b, new in edits:
        out += data[last:a] + new
        last = b
    return bytes(out + data[last:end])


def _icc_edits(pdf: bytes, when: _dt.datetime) -> list[tuple[int, int, bytes]]:
    """The edits that fix the creation time of the ICC profile of the output intent: its stream recompressed,
    and its length (an indirect object in LibreOffice's files, or a direct number) set to match."""
    ref = re.search(rb"/DestOutputProfile (\d+) 0 R", pdf)
    if ref is None:
        return []
    obj = re.search(rb"(?<![0-9])" + ref[1] + rb" 0 obj\s*<<([^>]*)>>\s*stream\r?\n", pdf)
    if obj is None or b"/FlateDecode" not in obj[1]:
        return []
    length = re.search(rb"/Length (\d+)( 0 R)?", obj[1])
    if length is None:
        return []
    if length[2]:
        holder = re.search(rb"(?<![0-9])" + length[1] + rb" 0 obj\s*(\d+)\s*endobj", pdf)
        if holder is None:
            return []
        size, size_span = int(holder[1]), holder.span(1)
    else:
        size, size_span = int(length[1]), (obj.start(1) + length.start(1), obj.start(1) + length.end(1))
    data = bytearray(zlib.decompress(pdf[obj.end() : obj.end() + size]))
    if len(data) < 40 or data[36:40] != b"acsp":  # the ICC header's dateTimeNumber is bytes 24-35
        return []
    utc = when.astimezone(_dt.UTC)
    data[24:36] = struct.pack(">6H", utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    packed = zlib.compress(bytes(data), 9)
    return sorted([(obj.end(), obj.end() + size, packed), (*size_span, str(len(packed)).encode())])


def _rewritten(pdf: bytes, when: _dt.datetime, digest: bytes) -> bytes:
    """``reproducible`` through pypdf: the whole file written again."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 - pypdf only when a PDF is made (``--help`` stays light)
    from pypdf.generic import ArrayObject, ByteStringObject  # noqa: PLC0415 - pypdf loads only when a PDF is read

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # LibreOffice's "%PDF-1.6" of PDF/A-2, not pypdf's default
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    info["/CreationDate"] = _pdf_date(when)
    if "/ModDate" in info:
        info["/ModDate"] = _pdf_date(when)
    writer.metadata = info  # the source's own entries only (nothing pypdf would add, as its /Producer)
    root = writer.root_object
    meta = root.get("/Metadata")
    if meta is not None:
        stream = meta.get_object()
        xmp = stream.get_data().decode("utf-8")
        stream.set_data(_XMP_DATES.sub(lambda m: m[1] + _xmp_date(when) + m[2], xmp).encode("utf-8"))
    for intent in root.get("/OutputIntents") or []:
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is None:
            continue
        icc = profile.get_object()
        data = bytearray(icc.get_data())
        if len(data) >= 40 and data[36:40] == b"acsp":
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
    from pypdf import PdfReader  # noqa: PLC0415 - pypdf loads only when a PDF is read

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
