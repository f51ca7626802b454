"""`drafting kiem-tra`: checks any .docx against the layout of Decree 30/2020/NĐ-CP (Phụ lục I).

The rules are those of ``../shared/reference/nd30-format.md`` (the decree's own text; "[practice]" where it is
silent). Each rule reads the plain facts of ``render.docx.inspect`` — never XML — and each finding names the
rule, the paragraph (its number in reading order and its first words) and what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model.agencies import Registry, doc_span, mentions_in_text, registry_files_for
from ..render.docx.inspect import DocumentFacts, ParagraphFacts, UnreadableDocument, inspect_docx
from ..resources import shipped_registry
from ..spec.registry import load_registry

FONT = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
#: document type names that open a Decree 30 document (Phụ lục III); agreements have their own layout
TYPE_NAMES = (
    "KẾ HOẠCH",
    "BÁO CÁO",
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "TỜ TRÌNH",
    "BIÊN BẢN",
    "GIẤY MỜI",
    "CÔNG ĐIỆN",
    "PHIẾU BÁO CÁO",
)
AGREEMENT_NAMES = ("VĂN BẢN HỢP TÁC", "BẢN GHI NHỚ", "BẢN THỎA THUẬN", "THỎA THUẬN HỢP TÁC", "BIÊN BẢN GHI NHỚ")
TOLERANCE_MM = 0.6
#: titles of working papers: made for the clerk and the leaders, not issued (no header block, no signature)
WORKING_PAPERS = ("BẢNG SO SÁNH", "BẢNG TỔNG HỢP", "DANH SÁCH RÀ SOÁT")
#: the heading line of an appendix: "Phụ lục", "Phụ lục II", "PHỤ LỤC 3"
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVXLC]+|\s+\d+)?$")


@dataclass(frozen=True)
class Finding:
    """One rule a document breaks: ``rule`` is a short Vietnamese name (the key of ``RULES``)."""

    file: str
    rule: str
    message: str
    paragraph: int = 0
    excerpt: str = ""

    def format(self) -> str:
        where = f"{self.file}: đoạn {self.paragraph}" if self.paragraph else self.file
        if self.excerpt:
            where += f' ("{self.excerpt}")'
        return f"{where}: [{self.rule}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "tep": self.file,
            "quy_tac": self.rule,
            "doan": self.paragraph,
            "trich": self.excerpt,
            "thong_bao": self.message,
        }


@dataclass
class Context:
    """What a rule may need beyond the document's facts: the file (its workspace's agency registry)."""

    path: Path
    _registry: Registry | None = None

    def registry(self) -> Registry:
        """The shipped agency registry with the workspace's ``co-quan.yaml`` files around the document."""
        if self._registry is None:
            self._registry = load_registry(registry_files_for(self.path, shipped_registry()))
        return self._registry


Check = Callable[[DocumentFacts, Context], Iterable[tuple[str, ParagraphFacts | None]]]


def _sizes_between(p: ParagraphFacts, low: float, high: float) -> bool:
    return all(s is not None and low <= s <= high for s in p.sizes) and bool(p.sizes)


def _size_text(p: ParagraphFacts) -> str:
    sizes = sorted(s for s in p.sizes if s is not None)
    return ", ".join(f"{s:g}" for s in sizes) or "không rõ"


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _find(doc: DocumentFacts, pred: Callable[[ParagraphFacts], bool]) -> ParagraphFacts | None:
    return next((p for p in doc.paragraphs if pred(p)), None)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _kind(doc: DocumentFacts) -> str:
    """``agreement`` for a bilateral document (its own layout); ``appendix`` for an appendix issued as a file of
    its own (it opens with "Phụ lục …" and has no header block: the document it goes with has); ``working`` for a
    working paper that is not issued (a bảng so sánh, a review list: it opens with its title and has no header
    block); else ``decree``."""
    for p in doc.paragraphs[:40]:
        if _norm(p.text).upper() in AGREEMENT_NAMES:
            return "agreement"
    opening = next((p for p in doc.paragraphs if p.cell is None and p.text.strip()), None)
    if opening is None or _find(doc, lambda p: _norm(p.text).upper() == QUOC_HIEU.upper()) is not None:
        return "decree"
    if _APPENDIX.match(_norm(opening.text)):
        return "appendix"
    if _norm(opening.text).upper().startswith(WORKING_PAPERS):
        return "working"
    return "decree"


# ------------------------------------------------------------------------------------------ the rules


def check_page(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    for n, s in enumerate(doc.sections, start=1):
        short, long_ = sorted((s.width_mm, s.height_mm))
        if abs(short - 210) > TOLERANCE_MM or abs(long_ - 297) > TOLERANCE_MM:
            yield f"phần {n}: khổ giấy {s.width_mm:g} × {s.height_mm:g} mm, phải là A4 (210 × 297 mm)", None


def check_margins(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    for n, s in enumerate(doc.sections, start=1):
        if s.landscape:  # [practice] a landscape appendix keeps 20–25 mm top and bottom, 20–35 left, 15–20 right
            limits = {
                "trên": (s.top_mm, 20, 25),
                "dưới": (s.bottom_mm, 20, 25),
                "trái": (s.left_mm, 20, 35),
                "phải": (s.right_mm, 15, 20),
            }
        else:
            limits = {
                "trên": (s.top_mm, 20, 25),
                "dưới": (s.bottom_mm, 20, 25),
                "trái": (s.left_mm, 30, 35),
                "phải": (s.right_mm, 15, 20),
            }
        for side, (value, low, high) in limits.items():
            if not low - TOLERANCE_MM <= value <= high + TOLERANCE_MM:
                yield (
                    (
                        f"phần {n}: lề {side} {value:g} mm, phải từ {low} đến {high} mm"
                        + (" (trang ngang)" if s.landscape else "")
                    ),
                    None,
                )


def check_fonts(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    for style, font in sorted(doc.style_fonts.items()):
        if font != FONT:
            yield f'kiểu "{style}" dùng phông {font}, phải là {FONT}', None
    seen: set[str] = set()
    for p in doc.paragraphs:
        for r in p.text_runs:
            if r.font and r.font != FONT and r.font not in seen:
                seen.add(r.font)
                yield f"chữ in bằng phông {r.font}, phải là {FONT}", p


def check_header(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    qh = _find(doc, lambda p: _norm(p.text).upper() == QUOC_HIEU.upper())
    if qh is None:
        yield f'không có Quốc hiệu "{QUOC_HIEU}"', None
    else:
        if _norm(qh.text) != QUOC_HIEU:
            yield f'Quốc hiệu phải viết in hoa: "{QUOC_HIEU}"', qh
        if not qh.bold or not _sizes_between(qh, 12, 13):
            yield f"Quốc hiệu: chữ đứng đậm, cỡ 12–13 (đang là cỡ {_size_text(qh)})", qh
    tn = _find(
        doc,
        lambda p: (
            _norm(p.text).replace("–", "-").lower() == TIEU_NGU.lower()
            or _norm(p.text).replace(" ", "").lower() == TIEU_NGU.replace(" ", "").lower()
        ),
    )
    if tn is None:
        yield f'không có Tiêu ngữ "{TIEU_NGU}"', None
    else:
        if _norm(tn.text) != TIEU_NGU:
            yield f'Tiêu ngữ phải viết "{TIEU_NGU}" (gạch nối có cách chữ hai bên)', tn
        if not tn.bold or not _sizes_between(tn, 13, 14):
            yield f"Tiêu ngữ: chữ đậm, cỡ 13–14 (đang là cỡ {_size_text(tn)})", tn


_SO = re.compile(r"^Số:\s*(?P<so>\d*)\s*/\s*(?P<kh>\S.*)$")
_KY_HIEU = re.compile(r"^[A-Za-zĐđ0-9]+(?:[-.][A-Za-zĐđ0-9]+)*$")  # "KH-UBND", "BC-SNgV"


def check_number(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    p = _find(doc, lambda p: _norm(p.text).startswith("Số:") and "/" in p.text)
    if p is None:
        yield 'không có dòng "Số: …/…" (số, ký hiệu) dưới tên cơ quan', None
        return
    m = _SO.match(_norm(p.text))
    if m is None:
        yield 'dòng số, ký hiệu phải có dạng "Số: 122/KH-UBND"', p
        return
    so, kh = m["so"], m["kh"]
    if so and len(so) == 1:
        yield f'số nhỏ hơn 10 phải có số 0 phía trước: "0{so}/{kh}"', p
    if " " in kh or not _KY_HIEU.match(kh):
        yield f'ký hiệu "{kh}" viết liền, các phần nối bằng gạch nối (ví dụ KH-UBND)', p
    if not _sizes_between(p, 13, 13):
        yield f"dòng số, ký hiệu: cỡ 13 (đang là cỡ {_size_text(p)})", p


#: a draft may leave the day, and the month, blank for the signing date
_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d*)\s*tháng (?P<m>\d*)\s*năm (?P<y>\d{4})$")


def check_date(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    p = _find(doc, lambda p: p.cell is not None and ", ngày" in p.text and "năm" in p.text)
    if p is None:
        yield 'không có dòng địa danh và ngày tháng ("Hà Nội, ngày … tháng … năm …")', None
        return
    m = _DATE.match(_norm(p.text))
    if m is None:
        yield 'dòng địa danh, ngày tháng phải có dạng "Hà Nội, ngày 05 tháng 3 năm 2026"', p
        return
    d, month = m["d"], int(m["m"] or 0)
    if d and int(d) < 10 and len(d) == 1:
        yield f'ngày nhỏ hơn 10 phải có số 0 phía trước: "ngày 0{d}"', p
    if 0 < month < 3 and len(m["m"]) == 1:
        yield f'tháng 1 và 2 phải có số 0 phía trước: "tháng 0{month}"', p
    if not p.italic or not _sizes_between(p, 13, 14):
        yield f"dòng địa danh, ngày tháng: chữ nghiêng, cỡ 13–14 (đang là cỡ {_size_text(p)})", p


def _type_paragraph(doc: DocumentFacts) -> ParagraphFacts | None:
    return _find(doc, lambda p: p.cell is None and _norm(p.text).upper() in TYPE_NAMES)


def check_title(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    p = _type_paragraph(doc)
    if p is None:
        # a công văn has no type name: its "V/v …" line stands under the number
        if _find(doc, lambda q: _norm(q.text).startswith("V/v")) is None:
            yield "không có tên loại văn bản (KẾ HOẠCH, BÁO CÁO …) dưới phần đầu", None
        return
    if not _is_upper(p.text) or not p.bold or p.align != "center" or not _sizes_between(p, 13, 14):
        yield f"tên loại văn bản: in hoa, đậm, căn giữa, cỡ 13–14 (đang là cỡ {_size_text(p)})", p
    following = [q for q in doc.paragraphs if q.number > p.number and q.text.strip()]
    if not following:
        return
    ty = following[0]
    if not ty.bold or ty.align != "center" or not _sizes_between(ty, 13, 14):
        yield f"trích yếu: chữ đậm, căn giữa, cỡ 13–14 (đang là cỡ {_size_text(ty)})", ty


def _closing_index(doc: DocumentFacts) -> int:
    p = _find(doc, lambda p: _norm(p.text).startswith("Nơi nhận"))
    return p.number if p else len(doc.paragraphs) + 1


def _body(doc: DocumentFacts) -> list[ParagraphFacts]:
    """Body paragraphs of the first part: after the trích yếu, before the Nơi nhận block, outside tables, with
    text, not headings (bold throughout) and not centred lines."""
    start = _type_paragraph(doc)
    if start is None:
        return []
    after = [q for q in doc.paragraphs if q.number > start.number and q.text.strip()]
    first = after[1].number if len(after) > 1 else start.number  # skip the trích yếu
    end = _closing_index(doc)
    return [
        q
        for q in doc.paragraphs
        if first <= q.number < end
        and q.cell is None
        and q.section == 0
        and q.text.strip()
        and not q.bold
        and q.align != "center"
        and not q.text.strip().startswith("(")
    ]


def check_body(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    for p in _body(doc):
        if p.align != "both":
            yield "đoạn văn phải căn đều hai bên", p
        if not _sizes_between(p, 13, 14):
            yield f"đoạn văn: cỡ chữ 13–14 (đang là cỡ {_size_text(p)})", p
        if not 0.95 <= p.first_line_cm <= 1.32:
            yield f"đoạn văn: thụt đầu dòng 1 cm hoặc 1,27 cm (đang là {p.first_line_cm:g} cm)", p
        if max(p.space_before, p.space_after) < 6:
            yield "đoạn văn: cách đoạn tối thiểu 6 pt", p


def check_page_numbers(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if not doc.sections:
        return
    s = doc.sections[0]
    if not s.page_field_in_header:
        yield "số trang phải đặt ở giữa phần đầu trang (trường PAGE trong header)", None
        return
    if not s.title_page or s.first_header_text:
        yield 'không hiện số trang ở trang đầu (bật "trang đầu khác", để trống đầu trang của trang 1)', None
    if s.header_align not in ("center", None) or (s.header_size is not None and not 13 <= s.header_size <= 14):
        yield "số trang: căn giữa, cỡ 13–14", None


def check_recipients(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    head = _find(doc, lambda p: _norm(p.text).startswith("Nơi nhận"))
    if head is None:
        yield 'không có phần "Nơi nhận:"', None
        return
    if _norm(head.text) != "Nơi nhận:" or not (head.bold and head.italic) or not _sizes_between(head, 12, 12):
        yield f'"Nơi nhận:": chữ đậm nghiêng, cỡ 12 (đang là cỡ {_size_text(head)})', head
    items = [p for p in doc.paragraphs if p.number > head.number and p.cell == head.cell and p.text.strip()]
    if not items:
        yield '"Nơi nhận:" không có nơi nhận nào', head
        return
    for p in items[:-1]:
        text = _norm(p.text)
        if not text.startswith("-") or not text.endswith(";"):
            yield 'mỗi nơi nhận bắt đầu bằng "-" và kết thúc bằng ";"', p
    last = items[-1]
    if not re.match(r"^- Lưu: .+\.$", _norm(last.text)):
        yield 'nơi nhận cuối cùng là "- Lưu: VT, …" kết thúc bằng dấu chấm', last
    for p in items:
        if not _sizes_between(p, 11, 11):
            yield f"nơi nhận: cỡ 11 (đang là cỡ {_size_text(p)})", p
            break


def check_signer(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    if _kind(doc) != "decree":
        return
    head = _find(doc, lambda p: _norm(p.text).startswith("Nơi nhận"))
    if head is None or head.cell is None:
        return
    t, r, c = head.cell
    cell = [p for p in doc.paragraphs if p.cell is not None and p.cell[0] == t and p.cell[1] == r and p.cell[2] != c]
    lines = [p for p in cell if p.text.strip()]
    if len(lines) < 2:
        yield 'khối chữ ký cạnh "Nơi nhận:" phải có quyền hạn, chức vụ và họ tên người ký', head
        return
    authority, name = lines[:-1], lines[-1]
    for p in authority:
        if not _is_upper(p.text) or not p.bold or not _sizes_between(p, 13, 14):
            yield f"quyền hạn, chức vụ người ký: in hoa, đậm, cỡ 13–14 (đang là cỡ {_size_text(p)})", p
    if not name.bold or not _sizes_between(name, 13, 14) or _is_upper(name.text) and len(name.text) > 40:
        yield f"họ tên người ký: chữ đậm, cỡ 13–14 (đang là cỡ {_size_text(name)})", name
    gap = [p for p in cell if authority[-1].number < p.number < name.number and not p.text.strip()]
    if not gap and name.space_before < 36:
        yield "để khoảng trống giữa chức vụ và họ tên người ký (chỗ ký)", name


def check_appendices(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    for p in doc.paragraphs:
        if p.cell is not None or not _APPENDIX.match(_norm(p.text)):
            continue
        if not p.bold or p.align != "center" or not _sizes_between(p, 13, 14):
            yield f'"Phụ lục": dòng riêng, đậm, căn giữa, cỡ 14 (đang là cỡ {_size_text(p)})', p
        after = [q for q in doc.paragraphs if q.number > p.number and q.text.strip()][:2]
        if not after:
            yield "phụ lục không có tên", p
            continue
        title = after[0]
        if not _is_upper(title.text) or not title.bold or title.align != "center":
            yield "tên phụ lục: in hoa, đậm, căn giữa", title
        if len(after) > 1 and _norm(after[1].text).startswith("("):
            ref = after[1]
            if not re.match(r"^\((Ban hành )?[Kk]èm theo .+\)$", _norm(ref.text)) or not ref.italic:
                yield 'dòng "(Kèm theo … số … ngày … của …)": nghiêng, trong ngoặc đơn', ref
        else:
            yield 'dưới tên phụ lục phải có dòng "(Kèm theo … số … ngày … của …)"', title


def _document_span(doc: DocumentFacts):
    """The days the document is dated (its place-and-date line; a draft's blank day: the whole month)."""
    p = _find(doc, lambda p: ", ngày" in p.text and "năm" in p.text and _DATE.match(_norm(p.text)) is not None)
    if p is None:
        return None
    m = _DATE.match(_norm(p.text))
    assert m is not None
    return doc_span(
        {"nam": int(m["y"]), "thang": int(m["m"]) if m["m"] else None, "ngay": int(m["d"]) if m["d"] else None}
    )


def check_names(doc: DocumentFacts, ctx: Context) -> Iterable[tuple[str, ParagraphFacts | None]]:
    """Bodies named as they were not on the document's date, read against the dated agency registry (the
    shipped one and the workspace's): old names (with the successor), bodies named before they exist, and
    Vietnamese district-level bodies after 01/07/2025. Lao units are exempt; a "Căn cứ …" paragraph (it cites
    documents of their time) and a name marked "(cũ)" or "(nay là …)" are left alone. Each problem is reported
    once, at its first paragraph, with how many other paragraphs repeat it."""
    when = _document_span(doc)
    if when is None:  # undated: nothing to compare with
        return
    registry = ctx.registry()
    first: dict[str, ParagraphFacts] = {}
    count: dict[str, int] = {}
    for p in doc.paragraphs:
        text = _norm(p.text)
        if not text or text.startswith("Căn cứ"):
            continue
        for note in registry.notes(mentions_in_text(text, registry), when):
            first.setdefault(note, p)
            count[note] = count.get(note, 0) + 1
    for note, p in first.items():
        more = count[note] - 1
        yield note + (f" (và {more} chỗ khác)" if more else ""), p


#: every rule, by its short name (what a finding prints in brackets)
RULES: dict[str, Check] = {
    "khổ giấy": check_page,
    "lề": check_margins,
    "phông chữ": check_fonts,
    "quốc hiệu, tiêu ngữ": check_header,
    "số, ký hiệu": check_number,
    "địa danh, ngày tháng": check_date,
    "tên loại, trích yếu": check_title,
    "thân văn bản": check_body,
    "số trang": check_page_numbers,
    "nơi nhận": check_recipients,
    "chữ ký": check_signer,
    "phụ lục": check_appendices,
    "tên cơ quan": check_names,
}


def check_document(path: Path | str, display: str | None = None) -> list[Finding]:
    """Every rule ``path`` breaks (an unreadable file is one finding)."""
    name = display or str(path)
    try:
        doc = inspect_docx(path)
    except UnreadableDocument as exc:
        return [Finding(name, "tệp", str(exc))]
    out = []
    ctx = Context(Path(path))
    for rule, check in RULES.items():
        for message, p in check(doc, ctx):
            out.append(Finding(name, rule, message, p.number if p else 0, p.excerpt if p else ""))
    return out
