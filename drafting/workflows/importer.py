"""An existing plan in Word (.docx; .doc/.odt/.rtf through LibreOffice) → an editable, commented plan spec."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FileAccessError
from ..render.docx.convert import CONVERTIBLE, kind_of, to_docx
from ..render.docx.ole import is_encrypted_package
from ..render.docx.reader import Cell, Para, Table, WordDocument, read_docx
from ..render.docx.safezip import Refused
from ..spec.writer import YamlMap, YamlSeq, dump_yaml
from ..vi.numbering import heading_number, roman
from ..vi.words import amount_in_words, format_number

# ---- what a line is ---------------------------------------------------------------------------------------

_ROMAN = re.compile(r"^([IVXLC]+)[.\-–]\s*(.+)$")
_NUM = re.compile(r"^((?:\d+\.)*\d+)(\.|\))?\s+(.+)$", re.S)
_LETTER = re.compile(r"^([a-zđ])\)\s*(.+)$", re.S)
_DASH = re.compile(r"^\s*([-–+•▪➢o])\s+(.*)$", re.S)
_FIELDS = [
    ("thoi_gian", r"thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|tiến độ|lộ trình(?: thực hiện)?"),
    ("chu_tri", r"(?:cơ quan|đơn vị)(?:\s*/\s*đơn vị)? chủ trì(?: thực hiện)?|chủ trì"),
    ("phoi_hop", r"(?:cơ quan|đơn vị)(?:\s*/\s*đơn vị)? phối hợp(?: thực hiện)?|phối hợp"),
    ("ket_qua", r"kết quả(?: dự kiến| thực hiện| đầu ra)?|sản phẩm(?: đầu ra)?"),
]
_FIELD = re.compile(
    r"^\s*(?:[-–+•]\s*)?(" + "|".join(f"(?P<{k}>{v})" for k, v in _FIELDS) + r")\s*:\s*(.*)$", re.I | re.S
)
_KINDS = {"KẾ HOẠCH": "ke_hoach"}
_AGREEMENTS = {
    "VĂN BẢN HỢP TÁC": "van_ban_hop_tac",
    "BẢN GHI NHỚ": "ban_ghi_nho",
    "BẢN GHI NHỚ HỢP TÁC": "ban_ghi_nho",
    "THỎA THUẬN HỢP TÁC": "thoa_thuan_hop_tac",
}
_OTHER_KINDS = (
    "BÁO CÁO",
    "QUYẾT ĐỊNH",
    "CÔNG VĂN",
    "TỜ TRÌNH",
    "THÔNG BÁO",
    "BIÊN BẢN",
    "THỎA THUẬN",
    "CHƯƠNG TRÌNH",
    "GIẤY MỜI",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
)
_CLOSING = r"^(Trên đây|Trong quá trình|Yêu cầu|Ủy ban nhân dân \S+ yêu cầu|UBND \S+ yêu cầu)"
_END = re.compile(r"[\s.;,:]+$")


def _eol(node, text, key) -> None:
    """An end-of-line comment, always one line: a source cell may hold line breaks ("Tổng …\n(Bằng chữ: …)"),
    and a line break inside a comment would end it and leave the rest as YAML."""
    node.yaml_add_eol_comment(" ".join(str(text).split()), key)


def nfc(s: str) -> str:
    """NFC text with no-break spaces as plain ones (the renderer binds "giai đoạn 2026-2030" with them; a spec
    states words, and the renderer binds them again)."""
    return re.sub(r"(?<=\S)\u00a0(?=\S)", " ", unicodedata.normalize("NFC", s))  # a run of them is a blank: kept


def fold(s: str) -> str:
    """Lower case without diacritics ("Cơ quan chủ trì" → "co quan chu tri"), for matching names loosely."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in s if unicodedata.category(c) != "Mn")).strip()


def field_of(text: str) -> tuple[str, str] | None:
    """("chu_tri", "Sở Y tế;") for "Cơ quan chủ trì: Sở Y tế;", else None."""
    m = _FIELD.match(text)
    if not m:
        return None
    key = next(k for k, _ in _FIELDS if m.group(k))
    return key, m.groups()[-1].strip()


def strip_end(text: str) -> str:
    return _END.sub("", text).strip()


def escape(text: str) -> str:
    """Text as typed, safe from the spec's inline marks (a literal ``*`` is written ``\\*``)."""
    return text.replace("*", "\\*")


def group_items(kind: str, rows: list[tuple[str, dict[str, Any]]]) -> Any:
    """The tasks (or budget lines, ``kind`` "kinh_phi") of one appendix group, each commented with its source."""
    CM, CS = YamlMap, YamlSeq

    items = CS()
    for where, t in rows:
        item = CM()
        for key, value in t.items():
            if key == "so_tien":
                if value:
                    item[key] = CM(sorted(value.items()))
            elif value:
                item["noi_dung" if kind == "kinh_phi" and key == "ten" else key] = escape(value)
        items.append(item)
        _note(items, where)
    return items


def _note(seq: Any, text: str) -> None:
    """Name the source of the last item of ``seq`` in an end-of-line comment."""
    if not text:
        return
    item = seq[-1]
    if hasattr(item, "yaml_add_eol_comment") and len(item):
        _eol(item, text, next(iter(item)))
    else:
        _eol(seq, text, len(seq) - 1)


@dataclass
class Line:
    text: str
    where: str  # "đoạn 12", "bảng 3"
    table: Table | None = None
    raw: str = ""  # the paragraph as read (tabs kept), for a header typed with tabs


@dataclass
class Imported:
    """What an import found: the spec (a ``spec.writer.YamlMap``), what could not be placed, and findings."""

    spec: Any
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    unknown_agencies: list[str] = field(default_factory=list)
    note: str = ""  # the comment at the top of the spec


# ---- the document as lines --------------------------------------------------------------------------------


def _split_breaks(text: str) -> list[str]:
    """A paragraph whose manual line breaks start task lines, numbers or dashes is several logical lines."""
    parts = text.split("\n")
    if len(parts) == 1:
        return parts
    out = [parts[0]]
    for p in parts[1:]:
        if field_of(p) or _NUM.match(p.strip()) or _DASH.match(p) or _LETTER.match(p.strip()):
            out.append(p)
        else:
            out[-1] += "\n" + p
    return out


def _clean(text: str) -> str:
    text = nfc(text)
    text = re.sub(r"^\s*((?:\d+\.)*\d+\.?|[a-zđ]\)|[IVXLC]+\.|[-–+•])\t+", r"\1 ", text)  # "1.\tTitle"
    text = text.replace("\t", " ")
    return text.strip(" ")


def document_lines(doc: WordDocument) -> list[Line]:
    lines: list[Line] = []
    n_par = n_tab = 0
    for b in doc.blocks:
        if isinstance(b, Table):
            n_tab += 1
            lines.append(Line("", f"bảng {n_tab}", b))
            continue
        assert isinstance(b, Para)
        n_par += 1
        text = b.text
        if b.label:
            label = b.label if b.label not in ("•", "▪", "➢", "o") else "-"
            text = f"{label} {text.lstrip()}"
        for piece in _split_breaks(text):
            lines.append(Line(_clean(piece), f"đoạn {n_par}", raw=piece))
    return lines


# ---- header, title, signature -----------------------------------------------------------------------------

_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})", re.I)
_SO = re.compile(r"Số\s*:\s*(?P<so>[0-9A-Za-z.\-]*)\s*/\s*(?P<kh>[^\s]+)", re.I)


def _title_case_agency(lines: list[str]) -> str:
    """ "ỦY BAN NHÂN DÂN" + "TỈNH KHÁNH HÒA" → "Ủy ban nhân dân tỉnh Khánh Hòa" (province names keep capitals)."""
    text = " ".join(lines)
    words = text.split()
    out = []
    place = False
    for w in words:
        low = w.lower()
        if place:
            out.append(w[:1] + w[1:].lower() if w.isupper() else w)
        elif low in ("tỉnh", "thành", "phố", "huyện", "quận", "xã", "phường", "thị"):
            out.append(low)
            if low in ("tỉnh", "phố", "huyện", "quận", "xã", "phường"):
                place = True
        else:
            out.append(low)
    s = " ".join(out)
    return s[:1].upper() + s[1:]


class _Header:
    def __init__(self) -> None:
        self.agency: list[str] = []
        self.so: str | None = None
        self.ky_hieu = ""
        self.place = ""
        self.date: Any = None
        self.where = ""

    def read_cell_texts(self, texts: list[str]) -> None:
        for t in texts:
            for raw in t.split("\n"):
                line = nfc(raw).replace("\u00a0", " ").strip()
                if not line or re.fullmatch(r"[_\-–—=.*\s]+", line):
                    continue
                m = _SO.search(line)
                if m and not self.ky_hieu:
                    so = m.group("so").strip()
                    self.so = so or None
                    self.ky_hieu = m.group("kh").strip()
                    continue
                d = _DATE.match(line)
                if d and not self.place:
                    self.place = d.group("place").strip()
                    day, month, year = d.group("d"), d.group("m"), int(d.group("y"))
                    if day and month:
                        self.date = f"{int(day)}/{int(month)}/{year}"
                    elif month:
                        self.date = {"thang": int(month), "nam": year}
                    else:
                        self.date = {"nam": year}
                    continue
                up = fold(line)
                if up.startswith("cong hoa xa hoi") or up.startswith("doc lap") or not line:
                    continue
                if line == line.upper():
                    self.agency.append(line)


def _header(lines: list[Line]) -> tuple[_Header, int]:
    """Read the header block (a table, or tab-separated lines) up to the document type line."""
    h = _Header()
    for i, ln in enumerate(lines[:12]):
        if ln.table is not None:
            grid = ln.table.rows
            left = [c.text for row in grid for c in row if c.col == 0]
            right = [c.text for row in grid for c in row if c.col > 0]
            h.read_cell_texts(left + right)
            h.where = ln.where
            return h, i + 1
        if ln.text.strip().upper() in _KINDS or ln.text.strip().upper() in _OTHER_KINDS:
            break
    # no table: the header typed as lines, left and right halves separated by tabs
    for i, ln in enumerate(lines[:12]):
        if ln.text.strip().upper() in _KINDS or ln.text.strip().upper() in _OTHER_KINDS:
            return h, i
        h.read_cell_texts(re.split(r"\t+| {3,}", nfc(ln.raw or ln.text)))  # left and right halves
        h.where = h.where or ln.where
    return h, 0


def _split_agency(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the agency above, the issuing agency's lines): a first line that names a whole body ("UBND TỈNH …")
    followed by more lines is the agency above; so is the first of three or more lines."""
    if len(lines) >= 3:
        return lines[:1], lines[1:]
    if len(lines) == 2 and re.match(r"^(ubnd|uy ban nhan dan) (tinh|thanh pho|huyen|quan|xa|phuong) ", fold(lines[0])):
        return lines[:1], lines[1:]
    return [], lines


# ---- body -------------------------------------------------------------------------------------------------


def _level(text: str) -> tuple[int, str, str] | None:
    """(level, label, rest) of a numbered line: "1." → 1, "1.2." → 2, "1.2.3." / "a)" → 3."""
    m = _NUM.match(text)
    if m and not re.match(r"^\d{1,2}/\d", text):
        nums = m.group(1).split(".")
        if len(nums) == 1 and m.group(2) is None:
            return None  # "2026 đoàn" is not a number label
        if len(nums) == 1 and len(nums[0]) > 2:
            return None
        label = m.group(1) + (m.group(2) or ".")
        return min(len(nums), 3), label, m.group(3)
    m = _LETTER.match(text)
    if m:
        return 3, m.group(1) + ")", m.group(2)
    return None


class _Body:
    """Turns the lines of one part (or of the opening) into spec blocks, with comments naming the source."""

    def __init__(self, lines: list[Line], imp: Imported, cm: Any, cs: Any):
        self.lines = lines
        self.i = 0
        self.imp = imp
        self.CM = cm
        self.CS = cs
        self.tasks = 0

    def peek(self, k: int = 0) -> Line | None:
        j = self.i + k
        return self.lines[j] if j < len(self.lines) else None

    def starts_task(self) -> bool:
        nxt = self.peek(1)
        return nxt is not None and nxt.table is None and field_of(nxt.text) is not None

    def blocks(self, container: int, depth: int, parent: str) -> Any:
        out = self.CS()
        index = 0
        task_index = 0
        bullets: list[str] = []
        bullets_from = ""

        def flush() -> None:
            nonlocal bullets
            if bullets:
                out.append(self.CM([("gach", [escape(b) for b in bullets])]))
                _note(out, bullets_from)
                bullets = []

        while self.i < len(self.lines):
            ln = self.lines[self.i]
            if ln.table is not None:
                flush()
                table = self.table_block(ln)
                if table is not None:
                    out.append(table)
                    self.tasks += len(table["bang_nhiem_vu"]["nhiem_vu"])
                else:
                    self.imp.unplaced.append((ln.where, ln.table and "\n".join(ln.table.texts()) or ""))
                self.i += 1
                continue
            text = ln.text
            if not text.strip():
                self.i += 1
                continue
            lvl = _level(text)
            if lvl and lvl[0] <= container:
                break
            if self.starts_task():
                flush()
                label, title = (lvl[1], lvl[2]) if lvl else ("", text)
                task_index += 1
                base = parent.rstrip(".")
                expected = f"{base}.{task_index}." if base else f"{task_index}."
                task = self.task(title)
                if label != expected:
                    task["so"] = label  # as for headings: an explicit number does not advance the counter
                    task_index -= 1
                out.append(self.CM([("nhiem_vu", task)]))
                _note(out, f"{ln.where}: {label or 'nhiệm vụ'}")
                continue
            if lvl:
                flush()
                level, label, rest = lvl
                index += 1
                expected = heading_number(depth, index, parent)
                self.i += 1
                # the renderer numbers children after the parent's printed number (depth 1 and 2 only)
                child_parent = label.rstrip(".") if depth <= 2 else parent
                nxt = self.peek()
                has_children = nxt is not None and (nxt.table is not None or (_level(nxt.text) or (99,))[0] > level)
                item = self.CM()
                if has_children:
                    item["muc"] = escape(rest)
                    children = self.blocks(level, depth + 1, child_parent)
                    item["noi_dung"] = children
                else:
                    m = re.match(r"^([^:]{2,80}:)\s+(.+)$", rest, re.S)
                    if m and len(rest) > 60:
                        item["muc"] = escape(m.group(1))
                        item["van_ban"] = escape(m.group(2))
                    elif len(rest) > 110 or rest.rstrip().endswith("."):
                        item["diem"] = escape(rest)
                    else:
                        item["muc"] = escape(rest)
                if label != expected:
                    item.insert(1, "so", label)  # a number given by hand does not advance the counter
                    index -= 1
                out.append(item)
                _note(out, f"{ln.where}: {label}")
                continue
            d = _DASH.match(text)
            if d:
                if not bullets:
                    bullets_from = ln.where
                bullets.append(d.group(2))
                self.i += 1
                continue
            flush()
            out.append(escape(text))
            _note(out, ln.where)
            self.i += 1
        flush()
        return out

    def task(self, title: str) -> Any:
        """A task title at self.i and its field lines after it; leaves self.i after the last field line."""
        t = self.CM([("ten", escape(title))])
        self.i += 1
        details: list[str] = []
        seen: set[str] = set()
        while self.i < len(self.lines):
            ln = self.lines[self.i]
            if ln.table is not None:
                break
            f = field_of(ln.text)
            if f:
                key, value = f
                if key in seen:
                    break
                seen.add(key)
                if value:
                    t[key] = escape(strip_end(value))
                self.i += 1
                continue
            # lines under "Thời gian:" before the agencies: the schedule by year
            if (
                "thoi_gian" in seen
                and not ({"chu_tri", "phoi_hop", "ket_qua"} & seen)
                and ln.text.strip()
                and not _level(ln.text)
            ):
                nxt_field = any(field_of(x.text) for x in self.lines[self.i : self.i + 12] if x.table is None)
                if nxt_field:
                    details.append(escape(strip_end(ln.text)))
                    self.i += 1
                    continue
            break
        if details:
            t["thoi_gian_chi_tiet"] = details
        self.tasks += 1
        return t

    def table_block(self, ln: Line) -> Any | None:
        assert ln.table is not None
        read = read_task_table(ln.table, ln.where, self.imp)
        if read is None or read.kind != "nhiem_vu" or read.groups_named:
            return None
        body = self.CM()
        body["cot"] = read.columns
        body["tieu_de_cot"] = self.CM([(k, v) for k, v in read.headers.items()])
        if read.dotted:
            body["so_cham"] = True
        tasks = self.CS()
        for where, t in read.tasks:
            tasks.append(self.CM([(k, escape(v)) for k, v in t.items() if v]))
            _note(tasks, where)
        body["nhiem_vu"] = tasks
        return self.CM([("bang_nhiem_vu", body)])


# ---- tables -----------------------------------------------------------------------------------------------

_COLUMNS = [
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("chu_tri", ("chu tri",)),
    ("phoi_hop", ("phoi hop",)),
    ("ket_qua", ("ket qua", "san pham")),
    ("thoi_gian", ("thoi gian", "thoi han", "lo trinh", "tien do", "nam thuc hien")),
    ("linh_vuc", ("linh vuc",)),
    ("ghi_chu", ("ghi chu",)),
    ("ten", ("noi dung", "nhiem vu", "ten", "hoat dong", "cong viec", "danh muc")),
]
_MONEY_HEAD = ("kinh phi", "du toan", "khai toan", "so tien", "tong")
_UNIT = re.compile(
    r"\(?\s*(?:đơn vị(?: tính)?\s*:?|đvt\s*:?)?\s*"
    r"(1\.000|1,000|nghìn|ngàn|triệu|1\.000\.000)?\s*đồng\s*\)?",
    re.I,
)


def column_key(header: str) -> str | None:
    """The spec key a column header names, by its Vietnamese name with or without diacritics."""
    h = fold(header)
    if re.fullmatch(r"(19|20|21)\d\d", h.strip()) or re.fullmatch(r"nam (19|20|21)\d\d", h.strip()):
        return "nam"
    for key, names in _COLUMNS:
        for n in names:
            if key == "stt" and h.strip(" .") == n:
                return key
            if key != "stt" and n in h:
                return key
    return None


def unit_of(text: str) -> int | None:
    f = fold(text)
    if "trieu dong" in f or "1.000.000 dong" in f:
        return 1000000
    if "1.000 dong" in f or "1,000 dong" in f or "nghin dong" in f or "ngan dong" in f:
        return 1000
    if re.search(r"\bdong\b", f):
        return 1
    return None


def money(text: str) -> int | None:
    """ "1.234.567" or "1,234,567" or "1234567" → 1234567; "" or "-" → None; anything else raises ValueError."""
    s = text.strip().replace(" ", "").replace("\u00a0", "")
    if s in ("", "-", "–", "0-"):
        return None
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+|\d+", s):
        return int(re.sub(r"[.,]", "", s))
    raise ValueError(text)


def _roman_value(s: str) -> int | None:
    s = s.strip().rstrip(".")
    if not re.fullmatch(r"[IVXLC]+", s):
        return None
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


@dataclass
class ReadTable:
    kind: str  # "nhiem_vu" or "kinh_phi"
    columns: list[str]
    headers: dict[str, str]
    header_rows: int
    dotted: bool = False
    tasks: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    groups: list[tuple[str, str, list[tuple[str, dict[str, Any]]]]] = field(default_factory=list)
    groups_named: bool = False
    years: list[int] = field(default_factory=list)
    unit: int | None = None
    money_head: str = ""
    totals: dict[int, int] = field(default_factory=dict)
    continuous: bool = True
    title: str = ""  # text in the rows above the header (a sheet's title row)
    header_texts: list[str] = field(default_factory=list)  # the header cells as typed, left to right
    totals_note: str = ""  # the totals row as typed, and whether it adds up
    closing: tuple[str, str] | None = None  # (where, text) of a closing line inside the table ("Tổng khái toán …")


def read_task_table(table: Table, where: str, imp: Imported) -> ReadTable | None:
    """A task or budget table: its header rows (merged cells read by grid), columns, groups, rows and totals."""
    grid = table.grid()
    if not grid:
        return None
    # the header row: the first row (within 4) naming a content column and an agency or time column
    head_at = None
    for r in range(min(4, len(grid))):
        keys = [column_key(c.text) if c is not None else None for c in grid[r]]
        if "ten" in keys and ({"chu_tri", "thoi_gian", "phoi_hop", "ket_qua"} & set(keys) or "nam" in keys):
            head_at = r
            break
    if head_at is None:
        return None
    cols: dict[int, str] = {}
    years: dict[int, int] = {}
    headers: dict[str, str] = {}
    money_head = ""
    header_rows = head_at + 1
    for c in range(table.ncols):
        cell = grid[head_at][c]
        if cell is None:
            continue
        text = nfc(cell.text).strip()
        key = column_key(text)
        below = grid[head_at + 1][c] if head_at + 1 < len(grid) else None
        below_text = nfc(below.text).strip() if below is not None and below is not cell else ""
        sub_header = cell.span > 1 or any(x is not None and x.rowspan > 1 for x in grid[head_at])
        money_column = key is None or any(w in fold(text) for w in _MONEY_HEAD)
        if below_text and sub_header and money_column and re.fullmatch(r"(?:năm\s*)?(19|20|21)\d\d", below_text, re.I):
            years[c] = int(below_text[-4:])
            money_head = text
            header_rows = max(header_rows, head_at + 2)
            continue
        if key == "nam":
            years[c] = int(re.findall(r"\d{4}", text)[0])
            continue
        if key and key not in cols.values():
            if key == "ten" and any(w in fold(text) for w in _MONEY_HEAD) and "noi dung" not in fold(text):
                continue
            cols[c] = key
            headers[key] = text
    if "ten" not in cols.values():
        return None
    kind = "kinh_phi" if years else "nhiem_vu"
    unit = unit_of(money_head) if money_head else None
    for c in range(table.ncols):
        if c not in cols and c not in years and grid[head_at][c] is not None:
            unit = unit or unit_of(grid[head_at][c].text)
    order = [cols[c] for c in sorted(cols) if cols[c] not in ("stt", "ghi_chu")]
    out = ReadTable(
        kind,
        order,
        {k: v for k, v in headers.items() if k != "ghi_chu"},
        header_rows,
        years=[years[c] for c in sorted(years)],
        unit=unit,
        money_head=_UNIT.sub("", money_head).strip() if money_head else "",
    )
    seen_cells: list[int] = []
    for r in range(head_at, header_rows):
        for c in table.rows[r]:
            if c.text.strip() and id(c) not in seen_cells:
                seen_cells.append(id(c))
                out.header_texts.append(nfc(c.text).strip().replace("\n", " "))
    out.title = " ".join(nfc(c.text).strip() for r in range(head_at) for c in table.rows[r] if c.text.strip())
    stt_col = next((c for c, k in cols.items() if k == "stt"), None)
    ten_col = next(c for c, k in cols.items() if k == "ten")
    groups: list[tuple[str, str, list[tuple[str, dict[str, Any]]]]] = []
    current: list[tuple[str, dict[str, Any]]] = []
    numbers: list[str] = []
    seen_rows: set[int] = set()
    for r in range(header_rows, len(grid)):
        row = grid[r]
        cells_here = [c for c in table.rows[r]]
        if not cells_here:
            continue
        stt = nfc(row[stt_col].text).strip() if stt_col is not None and row[stt_col] is not None else ""
        ten_cell = row[ten_col]
        ten = nfc(ten_cell.text).strip() if ten_cell is not None else ""
        others = {
            c: nfc(row[c].text).strip()
            for c in list(cols) + list(years)
            if c not in (stt_col, ten_col) and row[c] is not None and row[c] is not ten_cell
        }
        first_text = next((nfc(c.text).strip() for c in cells_here if c.text.strip()), "")
        if (
            len([c for c in cells_here if c.text.strip()]) == 1
            and re.match(r"^tổng\b", first_text, re.I)
            and ("bằng chữ" in first_text.lower() or ten_cell is None or ten_cell.span >= len(cols))
        ):
            # the sheet's closing line, one cell across the table: "Tổng khái toán …: X đồng (Bằng chữ: …)";
            # the tool writes it again from the figures, so it is only kept as a note
            out.totals_note += (" | " if out.totals_note else "") + " ".join(first_text.split())
            out.closing = (f"{where}, dòng {r + 1}", " ".join(first_text.split()))
            continue
        if re.match(r"^(tổng cộng|tổng số|tổng|cộng)\b", first_text, re.I):
            out.totals_note = f"{where}, dòng {r + 1}: " + " | ".join(
                nfc(c.text).strip() for c in cells_here if c.text.strip()
            )
            for c, y in years.items():
                if row[c] is not None and row[c].row == r:
                    try:
                        v = money(row[c].text)
                    except ValueError:
                        imp.findings.append(f'{where}, dòng {r + 1}: không đọc được số tiền "{row[c].text}"')
                        continue
                    if v is not None:
                        out.totals[y] = v
            continue
        span_all = ten_cell is not None and ten_cell.span >= max(1, len(cols) - 1) and not any(others.values())
        is_group = (_roman_value(stt) is not None and not any(v for c, v in others.items() if c in cols)) or (
            not stt and span_all and ten
        )
        if is_group:
            groups.append((f"{where}, dòng {r + 1}", ten, current := []))
            out.groups_named = True
            continue
        if r in seen_rows:
            continue
        item: dict[str, Any] = {"ten": ten}
        for c, key in cols.items():
            if key in ("stt", "ten") or row[c] is None:
                continue
            item[key] = nfc(row[c].text).strip()
        amounts: dict[int, int] = {}
        for c, y in years.items():
            if row[c] is None:
                continue
            try:
                v = money(row[c].text)
            except ValueError:
                imp.findings.append(f'{where}, dòng {r + 1}: không đọc được số tiền "{row[c].text}"')
                imp.unplaced.append((f"{where}, dòng {r + 1}, cột {c + 1}", row[c].text))
                continue
            if v is not None:
                amounts[y] = v
        if amounts or years:
            item["so_tien"] = amounts
        if not ten and not any(v for k, v in item.items() if k != "so_tien") and not amounts:
            continue
        numbers.append(stt)
        if not groups:
            groups.append(("", "", current := []))
        current.append((f"{where}, dòng {r + 1}" + (f" (STT {stt})" if stt else ""), item))
    out.groups = groups
    out.tasks = [t for _, _, rows in groups for t in rows]
    out.dotted = bool(numbers) and all(n.endswith(".") for n in numbers if n)
    nums = [int(n.rstrip(".")) for n in numbers if n.rstrip(".").isdigit()]
    out.continuous = len(nums) > 1 and nums == list(range(1, len(nums) + 1))
    if out.totals:
        for y in out.years:
            computed = sum(t.get("so_tien", {}).get(y, 0) for _, t in out.tasks)
            stated = out.totals.get(y)
            if stated is not None and stated != computed:
                out.totals_note += f" (năm {y}: cộng các dòng được {computed:,})".replace(",", ".")
                imp.findings.append(
                    f"{where}: dòng tổng cộng năm {y} ghi {stated:,} nhưng cộng các dòng được {computed:,}".replace(
                        ",", "."
                    )
                )
    return out


# ---- the whole plan ---------------------------------------------------------------------------------------


def _is_signature(t: Table) -> bool:
    return any(fold(c.text).startswith("noi nhan") for row in t.rows for c in row)


def _signature(t: Table) -> tuple[list[str], str, list[str], str]:
    """(noi_nhan, luu, chuc_danh, ho_ten) from the signature table."""
    noi_nhan: list[str] = []
    luu = ""
    chuc: list[str] = []
    name = ""
    for row in t.rows:
        for c in row:
            text = nfc(c.text)
            if fold(text).startswith("noi nhan"):
                for raw in text.split("\n")[1:]:
                    line = raw.strip()
                    if not line:
                        continue
                    m = re.match(r"^[-–+•]?\s*Lưu\s*:\s*(.*)$", line)
                    if m:
                        luu = strip_end(m.group(1))
                        continue
                    line = re.sub(r"^[-–+•]\s*", "", line)
                    noi_nhan.append(line[:-1] if line.endswith(";") else line)
            elif text.strip():
                parts = [x.strip() for x in text.split("\n") if x.strip()]
                parts = [x for x in parts if not re.fullmatch(r"\(?(đã ký|ký tên|ký, ghi rõ họ tên)[^)]*\)?", x, re.I)]
                if parts:
                    name = parts[-1]
                    chuc = parts[:-1]
    return noi_nhan, luu, chuc, name


def _typed_signature(lines: list[Line], start: int) -> tuple[int, int, Table] | None:
    """(first line, line after the block, the block as a two-cell table) for a "Nơi nhận:" block typed as
    paragraphs, the recipients on the left and the signer's lines after tabs on the right."""

    at = next(
        (k for k in range(start, len(lines)) if lines[k].table is None and fold(lines[k].text).startswith("noi nhan")),
        None,
    )
    if at is None:
        return None
    left: list[str] = []
    right: list[str] = []
    k = at
    while k < len(lines) and lines[k].table is None:
        raw = nfc(lines[k].raw or lines[k].text)
        if k > at and re.match(r"^\s*phụ lục\b", raw, re.I):
            break
        pieces = [x.strip() for x in re.split(r"\t+|\s{3,}", raw)]
        if raw.startswith(("\t", "   ")) or (k > at and not raw.strip().startswith(("-", "–", "+", "•"))):
            right += [x for x in pieces if x]
        else:
            left.append(pieces[0])
            right += [x for x in pieces[1:] if x]
        k += 1
    table = Table([[Cell(0, 0, 1, "\n".join(left)), Cell(0, 1, 1, "\n".join(right))]], 2)
    return at, k, table


def _amount_words_total(line: str) -> int | None:
    m = re.search(r"([\d.]{5,})\s*đồng", line)
    return int(m.group(1).replace(".", "")) if m else None


def build_spec(doc: WordDocument, source: str = "") -> Imported:
    """Map a read Word document to a plan spec; raises FileAccessError when it is not a plan."""
    CM, CS = YamlMap, YamlSeq

    imp = Imported(CM())
    lines = document_lines(doc)
    header, i = _header(lines)
    # the type line
    kind = None
    while i < len(lines) and lines[i].table is None and not lines[i].text.strip():
        i += 1
    title_where = ""
    for j in range(i, min(i + 6, len(lines))):
        word = re.sub(r"\s+", " ", lines[j].text.strip().upper())
        if word in _KINDS:
            kind = _KINDS[word]
            title_where = lines[j].where
            i = j + 1
            break
        if word in _AGREEMENTS:
            return _agreement(lines, j, imp, CM, CS, source)
        if word in _OTHER_KINDS:
            raise FileAccessError(
                f"{source}: văn bản là {word.lower()}, không phải kế hoạch; "
                "drafting import hiện đọc kế hoạch, văn bản hợp tác/bản ghi nhớ (.docx) "
                "và danh sách nhiệm vụ (.xlsx)",
                hint="chọn tệp kế hoạch, hoặc soạn đặc tả mới bằng tay",
            )
    if kind is None or not header.ky_hieu:
        raise FileAccessError(
            f"{source}: không nhận ra văn bản này là một kế hoạch (thiếu "
            + ('tiêu đề "KẾ HOẠCH"' if kind is None else 'dòng "Số: …/KH-…"')
            + ")",
            hint="drafting import đọc kế hoạch theo thể thức Nghị định 30/2020/NĐ-CP",
        )
    trich: list[str] = []
    while (
        i < len(lines)
        and lines[i].table is None
        and lines[i].text.strip()
        and not re.fullmatch(r"[_\-–—=*\s]+", lines[i].text)
    ):
        t = lines[i].text.strip()
        if trich and (
            len(trich) >= 3
            or _part(t)
            or _level(t)
            or _DASH.match(t)
            or len(t) > 200
            or re.search(r"[.:;]$", t)
            or fold(t).startswith(("can cu", "thuc hien", "nham", "de "))
        ):
            break  # no blank line after the trích yếu: the body starts here
        trich.append(re.sub(r"\s*\n\s*", " ", t))
        i += 1
    while (
        i < len(lines)
        and lines[i].table is None
        and (not lines[i].text.strip() or re.fullmatch(r"[_\-–—=*\s]+", lines[i].text))
    ):
        i += 1
    # body up to the signature table
    end = next(
        (k for k in range(i, len(lines)) if lines[k].table is not None and _is_signature(lines[k].table)), len(lines)
    )
    body = lines[i:end]
    after = lines[end + 1 :]
    if end == len(lines):  # no signature table: "Nơi nhận:" typed as lines, the signer after tabs
        typed = _typed_signature(lines, i)
        if typed is not None:
            end, stop, table = typed
            body, after = lines[i:end], lines[stop:]
            lines = lines[:end] + [Line("", lines[end].where, table)] + lines[stop:]
            after = lines[end + 1 :]
    spec = imp.spec
    imp.note = (
        f"Đặc tả kế hoạch đọc từ {source} (drafting import). Mỗi khối ghi đoạn/bảng nguồn trong chú thích.\n"
        "Kiểm tra lại rồi chạy: drafting check <tệp>.yaml"
    )
    spec.yaml_set_start_comment(imp.note)
    spec["loai"] = kind
    chu_quan, own = _split_agency(header.agency)
    if chu_quan:
        spec["co_quan_chu_quan"] = chu_quan
    agency = CM([("ten", _title_case_agency(own) if own else "")])
    if own:
        agency["dong"] = own
    spec["co_quan_ban_hanh"] = agency
    _eol(spec, header.where or "", "co_quan_ban_hanh")
    spec["so"] = int(header.so) if header.so and header.so.isdigit() else header.so
    spec["ky_hieu"] = header.ky_hieu
    spec["dia_danh"] = header.place
    spec["ngay"] = header.date
    spec["trich_yeu"] = " ".join(trich)
    _eol(spec, f"sau {title_where}", "trich_yeu")
    joined = " ".join(trich)
    annual = re.search(r"\bnăm (\d{4})\s*$", joined)  # "… giai đoạn 2026-2030 năm 2027": an annual plan
    years = [int(annual.group(1))] if annual else [int(y) for y in re.findall(r"\b((?:19|20|21)\d\d)\b", joined)]
    if not years and isinstance(header.date, dict):
        years = [header.date["nam"]]
    if not years and isinstance(header.date, str):
        years = [int(header.date[-4:])]
    spec["giai_doan"] = CM([("tu", min(years) if years else 2026), ("den", max(years) if years else 2026)])
    # opening: up to the first part heading
    first_part = next((k for k, ln in enumerate(body) if ln.table is None and _part(ln.text)), len(body))
    opening = [ln for ln in body[:first_part] if ln.table is not None or ln.text.strip()]
    can_cu: list[str] = []
    k = 0
    while k < len(opening) and opening[k].table is None and fold(opening[k].text).startswith("can cu"):
        k += 1
    cand = [ln.text for ln in opening[:k]]
    if cand and all(t.endswith(";") for t in cand[:-1]) and cand[-1].endswith("."):
        can_cu = [strip_end(t) for t in cand]
        opening = opening[k:]
    if can_cu:
        spec["can_cu"] = [escape(c) for c in can_cu]
    if opening:
        mo_dau = _Body(opening, imp, CM, CS).blocks(0, 1, "")
        spec["mo_dau"] = mo_dau
    # parts
    parts = CS()
    k = first_part
    rest_lines = body[first_part:]
    starts = [n for n, ln in enumerate(rest_lines) if ln.table is None and _part(ln.text)]
    closing: str | None = None
    if rest_lines:
        last = rest_lines[-1] if rest_lines[-1].table is None else None
        tail = [ln for ln in rest_lines if ln.table is not None or ln.text.strip()]
        last = tail[-1] if tail and tail[-1].table is None else None
        if last is not None and re.match(_CLOSING, last.text):
            closing = last.text
            rest_lines = rest_lines[: rest_lines.index(last)]
    n_tasks = 0
    for si, s in enumerate(starts):
        stop = starts[si + 1] if si + 1 < len(starts) else len(rest_lines)
        head = rest_lines[s]
        m = _part(head.text)
        assert m is not None
        parser = _Body(rest_lines[s + 1 : stop], imp, CM, CS)
        part = CM([("tieu_de", escape(m[1]))])
        part["noi_dung"] = parser.blocks(0, 1, "")
        n_tasks += parser.tasks
        if m[0] != _roman(si + 1):
            imp.findings.append(f'{head.where}: phần "{m[0]}." không theo thứ tự (dự kiến {_roman(si + 1)}.)')
        parts.append(part)
        _note(parts, f"{head.where}: {m[0]}. {m[1]}")
    spec["phan"] = parts
    if closing:
        spec["ket_thuc"] = escape(closing)
    if end < len(lines):
        noi_nhan, luu, chuc, name = _signature(lines[end].table)  # type: ignore[arg-type]
        spec["noi_nhan"] = [escape(x) for x in noi_nhan]
        _eol(spec, lines[end].where, "noi_nhan")
        spec["luu"] = luu
        spec["nguoi_ky"] = CM([("chuc_danh", chuc), ("ho_ten", name)])
    else:
        imp.findings.append('không tìm thấy khối "Nơi nhận" và chữ ký')
    apps = _appendices(after, imp, CM, CS, spec)
    if apps:
        spec["phu_luc"] = apps
        sheet_years = sorted({y for a in apps if a.get("loai") == "kinh_phi" for y in a.get("nam_cot", [])})
        for a in apps:
            a.pop("nam_cot", None)
        if sheet_years:  # the budget sheet's year columns are the plan period
            spec["giai_doan"] = CM([("tu", sheet_years[0]), ("den", sheet_years[-1])])
        _link_budget_total(spec, CM)
    if imp.unplaced:
        spec["chua_xep"] = CS([CM([("nguon", w), ("van_ban", t)]) for w, t in imp.unplaced])
        spec.yaml_set_comment_before_after_key(
            "chua_xep",
            before="CHƯA XẾP: văn bản nguồn chưa đặt được vào đâu, giữ nguyên văn. Chuyển vào chỗ đúng "
            "rồi xóa phần này (drafting check báo lỗi khi còn khóa chua_xep).",
        )
    return imp


def _agreement(lines: list[Line], at: int, imp: Imported, CM: Any, CS: Any, source: str) -> Imported:
    """A bilateral agreement (Văn bản hợp tác, Bản ghi nhớ, Thỏa thuận hợp tác) → a ``thoa_thuan`` spec."""
    spec = imp.spec
    imp.note = (
        f"Đặc tả văn bản hợp tác đọc từ {source} (drafting import). Mỗi khối ghi đoạn/bảng nguồn trong "
        "chú thích.\nKiểm tra lại rồi chạy: drafting check <tệp>.yaml"
    )
    spec.yaml_set_start_comment(imp.note)
    title = re.sub(r"\s+", " ", lines[at].text.strip().upper())
    head = next((ln for ln in lines[:at] if ln.table is not None), None)
    columns: list[list[str]] = [[], []]
    if head is not None and head.table is not None:
        for row in head.table.rows:
            for c in row:
                side = 0 if c.col == 0 else 1
                columns[side] += [x.strip() for x in nfc(c.text).split("\n") if x.strip()]
    spec["loai"] = "thoa_thuan"
    spec["hinh_thuc"] = _AGREEMENTS[title]
    _eol(spec, lines[at].where, "hinh_thuc")
    # "Giữa" / party one / "Và" / party two / "GIAI ĐOẠN 2024-2028"
    i = at + 1
    names: list[list[str]] = [[], []]
    side = -1
    period = None
    while i < len(lines) and lines[i].table is None:
        t = lines[i].text.strip()
        f = fold(t)
        if f == "giua":
            side = 0
        elif f == "va":
            side = 1
        elif re.fullmatch(r"giai doan (\d{4}) ?[-–] ?(\d{4})", f):
            years = re.findall(r"\d{4}", t)
            period = (int(years[0]), int(years[1]))
        elif not t:
            if period or side == 1:
                i += 1
                break
        elif side >= 0 and not period:
            names[side].append(t)
        else:
            break
        i += 1
    end = next((k for k in range(i, len(lines)) if lines[k].table is not None), len(lines))
    body = [ln for ln in lines[i:end] if ln.text.strip()]
    ten_goi = title[:1] + title[1:].lower()
    closing: list[Line] = []
    while body and re.match(rf"^{re.escape(ten_goi)}( này)? (được lập thành|được ký|có hiệu lực)", body[-1].text):
        closing.insert(0, body.pop())
    signers: list[Any] = []
    if end < len(lines) and lines[end].table is not None:
        for c in lines[end].table.rows[0]:
            parts = [x.strip() for x in nfc(c.text).split("\n") if x.strip()]
            if len(parts) >= 2:
                signers.append(CM([("dai_dien", parts[0]), ("chuc_danh", parts[1:-1]), ("ho_ten", parts[-1])]))
    parties = CS()
    for k in range(2):
        party = CM([("co_quan", columns[k]), ("ten", " ".join(names[k]))])
        if k < len(signers):
            party["nguoi_ky"] = signers[k]
        parties.append(party)
    spec["ben"] = parties
    if head is not None:
        _eol(spec, head.where, "ben")
    if period:
        spec["giai_doan"] = CM([("tu", period[0]), ("den", period[1])])
    first = next((k for k, ln in enumerate(body) if (_level(ln.text) or (0,))[0] == 1), len(body))
    if first:
        spec["mo_dau"] = _Body(body[:first], imp, CM, CS).blocks(0, 1, "")
    fields = CS()
    parser = _Body(body[first:], imp, CM, CS)
    index = 0
    while parser.i < len(parser.lines):
        ln = parser.lines[parser.i]
        lvl = _level(ln.text)
        if not lvl or lvl[0] != 1:
            imp.unplaced.append((ln.where, ln.text))
            parser.i += 1
            continue
        index += 1
        parser.i += 1
        item = CM([("tieu_de", escape(lvl[2]))])
        if lvl[1] != f"{index}.":
            item["so"] = lvl[1]
        item["noi_dung"] = parser.blocks(1, 2, lvl[1].rstrip("."))
        fields.append(item)
        _note(fields, f"{ln.where}: {lvl[1]}")
    spec["linh_vuc"] = fields
    if closing:
        spec["ket_thuc"] = CS([escape(c.text) for c in closing])
        _eol(spec, ", ".join(c.where for c in closing), "ket_thuc")
    for ln in lines[end + 1 :]:
        if ln.table is not None:
            imp.unplaced.append((ln.where, "\n".join(ln.table.texts())))
        elif ln.text.strip():
            imp.unplaced.append((ln.where, ln.text))
    if imp.unplaced:
        spec["chua_xep"] = CS([CM([("nguon", w), ("van_ban", t)]) for w, t in imp.unplaced])
    return imp


def _link_budget_total(spec: Any, CM: Any) -> None:
    """A body paragraph stating the budget sheet's total becomes ``doan_kinh_phi`` with {tong_dong} (and
    {tong_bang_chu}), so that text and sheet cannot disagree after an edit."""

    sheet = next((a for a in spec["phu_luc"] if a.get("loai") == "kinh_phi"), None)
    if sheet is None:
        return
    unit = sheet.get("don_vi", 1)
    total = sum(a for g in sheet["nhom"] for d in g.get("dong", []) for a in d.get("so_tien", {}).values())
    figures = format_number(total * unit)
    words = amount_in_words(total, unit=unit)

    def visit(blocks: Any) -> None:
        for n, b in enumerate(blocks):
            if isinstance(b, str) and figures in b:
                text = b.replace(figures, "{tong_dong}")
                for w in (words, words[:1].lower() + words[1:]):
                    text = text.replace(w, "{tong_bang_chu}")
                blocks[n] = CM([("doan_kinh_phi", text)])
            elif isinstance(b, dict):
                for key in ("noi_dung",):
                    if isinstance(b.get(key), list):
                        visit(b[key])

    for part in spec.get("phan", []):
        visit(part["noi_dung"])


def _roman(n: int) -> str:

    return roman(n)


def _part(text: str) -> tuple[str, str] | None:
    m = _ROMAN.match(text.strip())
    if not m:
        return None
    title = m.group(2).strip()
    if title != title.upper() or not re.search(r"[A-ZĐÀ-Ỹ]", title):
        return None
    return m.group(1), title


def _appendices(lines: list[Line], imp: Imported, CM: Any, CS: Any, spec: Any) -> Any:
    apps = CS()
    k = 0
    pending: list[Line] = []
    while k < len(lines):
        ln = lines[k]
        if ln.table is None:
            if ln.text.strip():
                pending.append(ln)
            k += 1
            continue
        read = read_task_table(ln.table, ln.where, imp)
        if read is None:
            imp.unplaced.extend((p.where, p.text) for p in pending)
            imp.unplaced.append((ln.where, "\n".join(ln.table.texts())))
            pending = []
            k += 1
            continue
        heads = [p for p in pending if not re.match(r"^phụ lục\b", p.text.strip(), re.I)]
        unit_line = next(
            (p for p in heads if re.match(r"^\(?\s*(đơn vị tính|đơn vị|đvt)\s*:", p.text.strip(), re.I)), None
        )
        if unit_line is not None:
            heads.remove(unit_line)
            read.unit = read.unit or unit_of(unit_line.text)
        ref = next((p for p in heads if re.match(r"^\((?:ban hành )?kèm theo", p.text.strip(), re.I)), None)
        titles = [p.text.strip() for p in heads if p is not ref]
        app = CM([("loai", read.kind), ("ten", escape(" ".join(titles)) or "PHỤ LỤC")])
        if ref is not None:
            _eol(app, f"{ref.where}: {ref.text.strip()}", "ten")
            m = re.match(r"^\((.*?)\s+Kế hoạch số .*? của (.+?)\)\s*$", ref.text.strip())
            if m:
                if m.group(1).lower() != "kèm theo":
                    app["kem_theo"] = m.group(1)
                issuer = m.group(2).strip()
                agency = spec["co_quan_ban_hanh"]
                if issuer != agency.get("ten"):
                    if fold(issuer).startswith("ubnd") or len(issuer) < len(agency.get("ten", "")):
                        agency["ten_viet_tat"] = issuer
                    else:
                        agency["ten"] = issuer
        _eol(app, ln.where, "loai")
        if read.kind == "kinh_phi":
            if read.money_head:
                app["tieu_de_cot"] = read.money_head
            if read.unit:
                app["don_vi"] = read.unit
                if unit_line is not None:
                    _eol(app, f"{unit_line.where}: {unit_line.text.strip()}", "don_vi")
        else:
            app["cot"] = read.columns
        if read.groups_named:
            numbers_restart = not read.continuous
            app["danh_so"] = "theo_nhom" if numbers_restart else "lien_tuc"
        groups = CS()
        for where, name, rows in read.groups:
            g = CM([("ten", escape(name) or "Nhiệm vụ")])
            items = group_items(read.kind, rows)
            g["dong" if read.kind == "kinh_phi" else "nhiem_vu"] = items
            groups.append(g)
            if where:
                _note(groups, where)
        app["nhom"] = groups
        if read.kind == "kinh_phi":
            app["nam_cot"] = read.years
        _eol(app, "cột trong văn bản gốc: " + " | ".join(read.header_texts), "nhom")
        if read.totals_note:
            _eol(app, read.totals_note, "danh_so" if "danh_so" in app else "nhom")
        k += 1
        # the stated grand total and its words (the table's last row, or lines after the table) are derived
        # again on render: checked here against the lines' amounts
        closing = [read.closing] if read.closing else []
        while True:
            in_table = bool(closing)
            if closing:
                where_t, t = closing.pop()
            elif k < len(lines) and lines[k].table is None:
                where_t, t = lines[k].where, lines[k].text.strip()
            else:
                break
            if not t:
                k += 0 if in_table else 1
                continue
            if read.kind == "kinh_phi" and re.match(r"^(tổng|\(bằng chữ)", t, re.I):
                stated = _amount_words_total(t)
                if stated is not None:
                    unit = read.unit or 1
                    computed = sum(sum(x.get("so_tien", {}).values()) for _, x in read.tasks) * unit
                    if stated % unit == 0:
                        app["tong_cong"] = stated // unit
                    if stated != computed:
                        imp.findings.append(
                            f"{where_t}: tổng ghi {stated:,} đồng nhưng cộng các dòng được {computed:,} đồng".replace(
                                ",", "."
                            )
                        )
                k += 0 if in_table else 1
                continue
            if in_table:
                continue
            break
        pending = []
        apps.append(app)
    for p in pending:
        imp.unplaced.append((p.where, p.text))
    return apps


# ---- entry point ------------------------------------------------------------------------------------------


def read_word(path: Path) -> WordDocument:
    """The document read under the size caps; .doc/.odt/.rtf go through LibreOffice; encrypted files refused."""

    kind = kind_of(path)
    if kind == "doc" and encrypted_ole(path):
        raise Refused(
            path.name,
            "tệp được bảo vệ bằng mật khẩu (đã mã hóa), không đọc được",
            hint="mở tệp trong Word, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại",
        )
    if kind in CONVERTIBLE:
        with tempfile.TemporaryDirectory(prefix="drafting-import-") as tmp:
            return read_docx(to_docx(path, Path(tmp)))
    return read_docx(path)


def encrypted_ole(path: Path) -> bool:
    """True for an OLE file holding an encrypted Office package (a password-protected .docx/.xlsx)."""

    return is_encrypted_package(path)


def dump(spec: Any) -> str:
    """The spec as YAML text with its comments (``spec.writer``)."""
    return dump_yaml(spec)
