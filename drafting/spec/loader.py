"""Read a YAML spec into plain Python data plus a map from field paths to source positions."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import cache
from ..errors import FileAccessError, Problem, SpecError
from ..model.checks import KeyInt as KeyInt  # made here, checked by the model

#: largest spec file read (bytes): a plan of 50 000 tasks of a few lines each is about 16 MB
MAX_BYTES = 20 * 1024 * 1024
#: most nodes (keys, values, list items) a spec may have, counted as the parser gives them: about 12 per
#: task, so 65 000 such tasks; reading a file of millions of tiny nodes stops there, with little built
MAX_NODES = 800_000
#: most nodes reached again through aliases (``*name``): an alias bomb (aliases of aliases, 10^9 nodes in a
#: few lines) stops here
MAX_ALIAS_NODES = 200_000
#: deepest nesting of lists and mappings accepted (a real plan needs about 12; deeper ones made later
#: steps — validation, numbering, rendering — run out of Python's recursion limit)
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]  # a field path: tuple of str keys and int indexes

# control characters, zero-width space, BOM, and what XML cannot hold at all (noncharacters, lone surrogates)
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff"
# characters nobody sees that change what a signed text says or how it reads: bidi embeddings, overrides
# and isolates (U+202A-202E, U+2066-2069; "Trojan Source"), left-to-right/right-to-left/Arabic letter marks,
# zero-width space, word joiner and invisible operators, BOM, soft hyphen (U+00AD)
_BIDI = r"\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_INVISIBLE = r"\u00ad\u200b\u2060-\u2064\ufeff"
# (zero-width joiners U+200C/U+200D stay: emoji sequences and some scripts need them)
# all of them in one class, searched in every text; each kind's own class is compiled only for a text that
# has one (1 ms of every start saved)
_UNWANTED = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}]")


@dataclass
class Loaded:
    """A loaded spec: its data (plain dict/list/str/int/date), positions of fields, warnings."""

    file: Path
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def position(self, path: Path_) -> tuple[int, int]:
        """Best known (line, col) for ``path``: the field itself, else its nearest parent."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


def display_name(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it, else as given (also when the working
    folder has been removed under the command)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _problem(file: Path, line: int, col: int, message: str, path: str = "", hint: str | None = None) -> SpecError:
    return SpecError([Problem(display_name(file), line, col, path, message, hint=hint)])


def _legacy_encoding_guess(raw: bytes) -> str:
    """Name the legacy Vietnamese encoding a non-UTF-8 file most likely uses, or "không rõ".

    Rule: cut the bytes into words (runs of ASCII letters and bytes 0xA1-0xFF; other bytes, including
    the 0x80-0xA0 punctuation of the Windows code pages, separate words). Words holding no such byte,
    or that are valid UTF-8, are left out. Each remaining word is decoded three ways — Windows-1258
    (Python's codec, then NFC), VNI (base letter + mark bytes) and TCVN3/ABC (one byte per letter) —
    and a decoding counts only if it gives a well-formed Vietnamese syllable (initial consonant,
    a real vowel group, final consonant, at most one tone) or a consonant-only abbreviation ("NĐ").
    The encoding whose decoding is valid for at least 70 % of the words wins, if it is ahead of the
    runner-up by at least a fifth of the words. Fewer than 3 such bytes: no guess (too little to tell).
    Only a 64 KB window from the first non-ASCII byte is looked at.
    """
    unknown = "không rõ"
    first = next((i for i, b in enumerate(raw) if b >= 0x80), None)
    if first is None:
        return unknown
    start = raw.rfind(b"\n", 0, first) + 1  # from the start of that line, not to cut its first word
    sample = raw[start : first + 65536]

    # ---- Vietnamese syllable model (lower-case NFC text; tone taken off, then checked separately)
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    initials = (
        "ngh",
        "ng",
        "nh",
        "ch",
        "gh",
        "gi",
        "kh",
        "ph",
        "th",
        "tr",
        "qu",
        "b",
        "c",
        "d",
        "đ",
        "g",
        "h",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "x",
        "",
    )
    finals = ("ch", "ng", "nh", "c", "k", "m", "n", "p", "t", "")
    open_only = set(
        "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua oai oao oay oeo uây uôi ươi ươu yêu iêu uya uyu".split()
    )  # end in a glide: no final
    need_final = set("ă â iê yê uô ươ oă uâ uyê".split())
    nuclei = open_only | need_final | set("a e ê i o ô ơ u ư y oa oe oo uê uơ uy".split())
    palatal_ok = set("a ê i y oa uê uy".split())  # the only vowels before final "nh", "ch"
    velar_no = set("i y ê uy uê".split())  # never before final "c", "ng"
    stops = ("c", "ch", "k", "p", "t")
    letters = set("abcdefghijklmnopqrstuvwxyzđăâêôơư")
    consonants = set("bcdfghjklmnpqrstvwxzđ")

    def syllable(word: str | None) -> bool:
        if not word:
            return False
        nfd = unicodedata.normalize("NFD", word.lower())
        marks = [ch for ch in nfd if ch in tones]
        if len(marks) > 1:
            return False
        base = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in tones))
        if not set(base) <= letters:
            return False
        if set(base) <= consonants:
            return len(word) > 1 and word.isupper()  # an abbreviation such as "NĐ", "HĐND"
        for ini in initials:
            if not base.startswith(ini):
                continue
            rest = base[len(ini) :]
            for fin in finals:
                nuc = rest[: len(rest) - len(fin)] if fin else rest
                if not rest.endswith(fin) or nuc not in nuclei:
                    continue
                if (fin and nuc in open_only) or (not fin and nuc in need_final):
                    continue
                if (fin in ("ch", "nh") and nuc not in palatal_ok) or (fin in ("c", "ng") and nuc in velar_no):
                    continue
                if fin in stops and marks[:1] not in (["\u0301"], ["\u0323"]):
                    continue  # a syllable ending in a stop has the sắc or nặng tone
                front = nuc[0] in "eêiy"
                if (ini in ("k", "gh", "ngh") and not front) or (ini in ("c", "ng") and front):
                    continue
                return True
        return False

    # ---- decoders: bytes of one word -> text, or None when the bytes cannot be that encoding
    def from_cp1258(word: bytes) -> str | None:
        return unicodedata.normalize("NFC", word.decode("cp1258", errors="replace"))

    # TCVN 5712:1993 (VN1; TCVN3/ABC is its subset), bytes 0xA1-0xFF, as glibc's TCVN5712-1 decodes them
    tcvn = (
        "ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
        "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
    )

    def from_tcvn3(word: bytes) -> str | None:
        return unicodedata.normalize("NFC", "".join(chr(b) if b < 0x80 else tcvn[b - 0xA1] for b in word))

    # VNI-Windows: a vowel, then mark bytes (upper-case marks are the lower-case ones minus 0x20)
    vni_tone = {0xF9: "\u0301", 0xF8: "\u0300", 0xFB: "\u0309", 0xF5: "\u0303", 0xEF: "\u0323"}
    vni_circumflex = {0xE2: "", 0xE1: "\u0301", 0xE0: "\u0300", 0xE5: "\u0309", 0xE3: "\u0303", 0xE4: "\u0323"}
    vni_breve = {0xEA: "", 0xE9: "\u0301", 0xE8: "\u0300", 0xFA: "\u0309", 0xFC: "\u0303", 0xEB: "\u0323"}
    vni_letter = {0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ"}

    def from_vni(word: bytes) -> str | None:
        out: list[str] = []
        for b in word:
            if b < 0x80:
                out.append(chr(b))
                continue
            low = b | 0x20  # 0xC0-0xDF -> 0xE0-0xFF
            if low in vni_letter:
                ch = vni_letter[low]
                out.append(ch if b == low else ch.upper())
                continue
            prev = unicodedata.normalize("NFD", out[-1]) if out else ""
            if not prev or any(c in tones for c in prev):
                return None  # a mark with nothing, or an already toned letter, before it
            if low in vni_tone and prev[0].lower() in "aeiouy" and prev[0].lower() != "i":
                out[-1] = unicodedata.normalize("NFC", prev + vni_tone[low])
            elif low in vni_circumflex and prev.lower() in ("a", "e", "o"):
                out[-1] = unicodedata.normalize("NFC", prev + "\u0302" + vni_circumflex[low])
            elif low in vni_breve and prev.lower() == "a":
                out[-1] = unicodedata.normalize("NFC", prev + "\u0306" + vni_breve[low])
            else:
                return None
        return "".join(out)

    decoders = (("Windows-1258", from_cp1258), ("VNI", from_vni), ("TCVN3 (ABC)", from_tcvn3))
    words = [w for w in re.findall(rb"[A-Za-z\xa1-\xff]+", sample) if max(w) >= 0xA1]
    legacy = []
    for w in words:
        try:
            w.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(w)
    if sum(1 for w in legacy for b in w if b >= 0xA1) < 3:
        return unknown
    scores = sorted(((sum(syllable(dec(w)) for w in legacy), name) for name, dec in decoders), reverse=True)
    (best, name), (second, _) = scores[0], scores[1]
    n = len(legacy)
    if best >= 0.7 * n and best - second >= max(1.0, 0.2 * n):
        return name
    return unknown


def decode(raw: bytes, file: Path) -> str:
    """Bytes to text: UTF-8 (BOM accepted); anything else is refused with a precise message.

    UTF-16/UTF-32 (with a BOM, or UTF-16 recognised by its NUL bytes) and binary files (NUL bytes,
    control characters, the magic number of a picture, PDF, Word or zip file) get their own message;
    other non-UTF-8 bytes are reported at the first bad byte (line, column in characters), naming the
    legacy Vietnamese encoding when ``_legacy_encoding_guess`` can tell it.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    save_hint = "trong Notepad: Lưu thành… → Mã hóa: UTF-8"
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _problem(file, 1, 1, "tệp được lưu bằng mã UTF-32; hãy lưu lại bằng mã UTF-8", hint=save_hint)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(file, 1, 1, "tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8", hint=save_hint)
    head = raw[:8192]
    magic = next(
        (
            kind
            for sig, kind in (
                (b"\x89PNG", "ảnh PNG"),
                (b"\xff\xd8\xff", "ảnh JPEG"),
                (b"GIF8", "ảnh GIF"),
                (b"%PDF", "tệp PDF"),
                (b"PK\x03\x04", "tệp nén hoặc tệp Word/Excel mới (.docx, .xlsx)"),
                (b"\xd0\xcf\x11\xe0", "tệp Word/Excel cũ (.doc, .xls)"),
            )
            if head.startswith(sig)
        ),
        None,
    )
    nuls = head.count(0)
    if nuls and not magic:
        half = max(1, len(head) // 2)
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if (odd >= 0.3 * half and even <= odd / 5) or (even >= 0.3 * half and odd <= even / 5):
            raise _problem(
                file, 1, 1, "tệp được lưu bằng mã UTF-16 (không có BOM); hãy lưu lại bằng mã UTF-8", hint=save_hint
            )
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1A)) + head.count(0x7F)
    if magic or nuls or controls > max(8, len(head) // 20):
        what = f"có vẻ là {magic}" if magic else "có vẻ là tệp nhị phân"
        raise _problem(
            file,
            1,
            1,
            f"tệp không phải văn bản ({what}); đặc tả phải là tệp văn bản YAML mã UTF-8",
            hint="hãy chọn đúng tệp .yaml",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8")) + 1  # characters, not bytes: the prefix is valid
        guess = _legacy_encoding_guess(raw)
        msg = "tệp không phải mã UTF-8"
        hint = "chuyển sang Unicode UTF-8, ví dụ bằng Unikey → Công cụ chuyển mã"
        if guess != "không rõ":
            msg += f" (có vẻ là bảng mã cũ {guess})"
            hint += f", bảng mã nguồn: {guess}"
        raise _problem(file, line, col, msg, hint=hint) from exc
    return text


def _tab_problem(text: str, file: Path) -> None:
    if "\t" not in text:  # the common file: no line to look at (one C scan instead of a Python loop per line)
        return
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise _problem(
                file,
                n,
                len(line) - len(stripped) + 1,
                "dòng thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách",
            )


_YAML_PROBLEMS = [
    (re.compile(r"found duplicate key \"?(.*?)\"?(?: with value|$)"), 'khóa "{0}" bị lặp lại'),
    (
        re.compile(r"mapping values are not allowed (?:here|in this context)"),
        'dấu ":" không hợp lệ ở đây (giá trị có dấu ": " cần đặt trong ngoặc kép)',
    ),
    (re.compile(r"could not find expected ':'"), 'thiếu dấu ":" sau tên khóa'),
    (re.compile(r"found character '\\t' that cannot start any token"), "ký tự Tab không được dùng trong YAML"),
    (re.compile(r"found undefined alias"), "tham chiếu (alias) chưa được định nghĩa"),
    (re.compile(r"while scanning a quoted scalar"), "thiếu dấu ngoặc kép đóng"),
    (re.compile(r"did not find expected key"), "sai thụt lề hoặc thiếu khóa"),
    (re.compile(r"did not find expected '-' indicator"), "sai thụt lề trong danh sách"),
    (re.compile(r"expected <block end>, but found"), "sai thụt lề"),
    (re.compile(r"expected ',' or '\]'"), 'thiếu dấu đóng ngoặc "]"'),
    (re.compile(r"expected ',' or '\}'"), 'thiếu dấu đóng ngoặc "}"'),
    (re.compile(r"found unexpected end of stream"), "tệp kết thúc giữa chừng (thiếu ngoặc đóng?)"),
    (
        re.compile(r"but found another document|expected a single document"),
        'tệp có nhiều hơn một tài liệu YAML (dòng "---" hoặc "..."): mỗi tệp chỉ một đặc tả',
    ),
    (re.compile(r"exceeded maximum nesting depth"), f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)"),
]

#: what the YAML parser says when it cannot go on and none of the above names the cause
_YAML_UNKNOWN = "lỗi cú pháp YAML: không đọc được cấu trúc ở đây (kiểm tra thụt lề, dấu hai chấm và ngoặc)"


def _yaml_message(exc: Exception) -> tuple[int, int, str]:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "quoted scalar" in str(getattr(exc, "context", "") or "") and getattr(exc, "context_mark", None) is not None:
        mark = getattr(exc, "context_mark", None)  # an unclosed quote: point at where it opens, not at the file's end
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    text = str(exc)
    for rx, vi in _YAML_PROBLEMS:
        m = rx.search(text)
        if m:
            return line, col, (vi.format(*m.groups()) if "{0}" in vi else vi)
    del problem  # the parser's own words are English: never printed
    return line, col, _YAML_UNKNOWN


def _reader_message(exc: Exception, text: str) -> tuple[int, int, str]:
    """A character the YAML reader refuses (a control character): where it is, in Vietnamese."""
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if not isinstance(position, int):
        return 1, 1, _YAML_UNKNOWN
    before = text[:position]
    line, col = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    if isinstance(character, str) and character:
        character = ord(character)
    code = f"U+{character:04X}" if isinstance(character, int) else "không in được"
    return line, col, f"ký tự điều khiển ({code}) không được dùng trong đặc tả; hãy xóa ký tự này"


def _clean_text(s: str, where: Path_, file: Path, loaded: Loaded) -> str:
    s2 = unicodedata.normalize("NFC", s)
    if not _UNWANTED.search(s2):  # nearly every text: one search instead of three
        return s2
    for chars, what in (
        (_CONTROL, "ký tự điều khiển không in được"),
        (_BIDI, "ký tự điều khiển hướng chữ (bidi) vô hình, có thể làm văn bản hiển thị khác nội dung thật"),
        (_INVISIBLE, "ký tự vô hình (gạch nối mềm, khoảng trắng rộng 0, ký tự nối từ)"),
    ):
        rx = re.compile(f"[{chars}]")  # re's own cache keeps it after the first
        if rx.search(s2):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in rx.findall(s2)}))
            s2 = rx.sub("", s2)
            line, col = loaded.position(where)
            loaded.warnings.append(
                Problem(
                    display_name(file),
                    line,
                    col,
                    dotted(where),
                    f"đã bỏ {what} trong văn bản ({codes})",
                    severity="warning",
                )
            )
    return s2


def dotted(path: Path_) -> str:
    """``('phan', 1, 'noi_dung')`` → ``phan[1].noi_dung`` (1-based indexes, as a clerk counts)."""
    out = ""
    for part in path:
        if isinstance(part, KeyInt):
            out += f".{int(part)}"
        elif isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --------------------------------------------------------------------------- the one YAML reader (PyYAML)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_STR_TAG = "tag:yaml.org,2002:str"
#: the scalar tags a spec may carry (plain YAML types); any other (``!!python/object`` …) is refused
_ALLOWED_TAGS = (
    _STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
)


def _resolve_plain(value: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema: no "yes"/"no" booleans, no octal "010"."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    # "0x10", "0o17" stay text: a clerk writing 0x10 does not mean sixteen (the field's check then reports it)
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return float(value)
    m = _DATE.match(value)
    if m:
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value  # "2026-02-30" stays text; the date check reports it
    return value


def _loader() -> Any:
    """PyYAML's composer: libyaml's (C, ~30× faster on a 1 000-task plan) when PyYAML was built with it."""
    import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

    return yaml.CSafeLoader if _has_libyaml() else yaml.SafeLoader


#: a short scalar not built yet
_NOT_BUILT: Any = object()


class _Aliased(Exception):  # noqa: N818 - a signal, not an error
    """The streaming reader met an alias: the file is read by composing it (``_read_composed``)."""


class _Refused(Exception):  # noqa: N818 - carries the refusal until the rest of the file is parsed
    def __init__(self, error: SpecError) -> None:
        self.error = error


def _read(text: str, file: Path, loaded: Loaded) -> Any:
    """The one reader of specs: PyYAML's parser (libyaml when present, else its pure-Python twin, which
    gives the same events), and plain data built ourselves by the YAML 1.2 core schema (``_resolve_plain``):
    positions, duplicate keys, the node budget and the depth limit. Writing YAML back with its comments is
    ruamel's job (the workflows that write specs); reading is done here only.

    The data is built from the parser's events as they come: no node tree is held beside it (it took more
    memory than the data), and the node budget stops a file of millions of tiny nodes at once (not after
    composing it all). Otherwise what is reported is what composing the file first and then building the data
    reported: a refusal of ours is held while the rest of the file is parsed, and a YAML error there (or a
    second document, an undefined alias, a duplicate anchor: the composer's refusals) is reported instead.
    A file with an alias (rare in a spec) is composed (``_read_composed``), each use of an alias converted
    again.
    """
    import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

    try:
        return _read_streamed(text, file, loaded, yaml)
    except _Aliased:
        loaded.positions.clear()
        loaded.positions[()] = (1, 1)
        loaded.warnings.clear()
        return _read_composed(text, file, loaded)


def _yaml_refusal(exc: Exception, text: str, file: Path) -> SpecError:
    import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

    if isinstance(exc, yaml.MarkedYAMLError):
        line, col, msg = _yaml_message(exc)
    elif isinstance(exc, yaml.reader.ReaderError):
        line, col, msg = _reader_message(exc, text)
    else:
        line, col, msg = 1, 1, _YAML_UNKNOWN
    return _problem(file, line, col, msg)


def _read_streamed(text: str, file: Path, loaded: Loaded, yaml: Any) -> Any:  # noqa: C901, PLR0915 - one reader
    parser = _loader()(text)
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    anchors: dict[str, Any] = {}
    open_ = [0]  # collections started and not ended
    positions = loaded.positions
    allowed_tags = _ALLOWED_TAGS

    get_event, peek_event = parser.get_event, parser.peek_event
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    def next_event() -> Any:
        """The next event, with the composer's own checks (anchors, aliases) and the count of open nodes."""
        event = get_event()
        cls = event.__class__  # the parser makes the event classes themselves, never subclasses
        if cls is alias_event:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        elif cls is scalar_event or cls is map_start or cls is seq_start:
            if event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError(
                        "found duplicate anchor; first occurrence",
                        anchors[event.anchor],
                        "second occurrence",
                        event.start_mark,
                    )
                anchors[event.anchor] = event.start_mark
            if cls is not scalar_event:
                open_[0] += 1
        elif cls is mapping_end or cls is sequence_end:
            open_[0] -= 1
        return event

    def refuse(mark: Any, message: str, path: str = "") -> _Refused:
        return _Refused(_problem(file, mark.line + 1, mark.column + 1, message, path))

    budget = [0]
    resolved: dict[tuple[str, Any], str] = {}  # tags of short plain scalars (keys, names) already resolved
    # short scalars already built (keys, agency names, periods repeat thousands of times), by what decides the
    # value: its text, tag, implicitness and whether it is plain; only those that gave no warning
    built: dict[tuple[Any, ...], Any] = {}
    warnings = loaded.warnings

    def scalar(event: Any, path: Path_) -> Any:
        tag = event.tag
        value = event.value
        memo = None
        if len(value) <= 40:
            memo = (value, tag, event.implicit, not event.style)
            hit = built.get(memo, _NOT_BUILT)
            if hit is not _NOT_BUILT:
                return hit
        if tag is None or tag == "!":
            if memo is not None:
                key = (value, event.implicit)
                tag = resolved.get(key)
                if tag is None:
                    tag = resolved[key] = parser.resolve(yaml.ScalarNode, value, event.implicit)
            else:
                tag = parser.resolve(yaml.ScalarNode, value, event.implicit)
        if tag not in allowed_tags:
            raise refuse(event.start_mark, f'thẻ YAML "{tag}" không được hỗ trợ')
        before = len(warnings)
        if not event.style and tag != _STR_TAG:  # plain (libyaml gives "" , PyYAML None)
            v = _resolve_plain(value)
            out = _clean_text(v, path, file, loaded) if isinstance(v, str) else v
        else:
            out = _clean_text(value, path, file, loaded)
        if memo is not None and len(warnings) == before:
            built[memo] = out
        return out

    def build(path: Path_) -> Any:
        event = next_event()
        cls = event.__class__
        if cls is alias_event:
            raise _Aliased
        budget[0] += 1
        if budget[0] > MAX_NODES:  # at once: parsing the rest of such a file is the cost the budget saves
            raise _too_big(file, event.start_mark)
        if len(path) > MAX_DEPTH:
            raise refuse(event.start_mark, f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", dotted(path[:8]) + "…")
        if cls is scalar_event:
            return scalar(event, path)
        if cls is map_start:
            out: dict[str | int, Any] = {}
            key_path = path + ("?",)
            while True:
                kevent = peek_event()
                kcls = kevent.__class__
                if kcls is mapping_end:
                    break
                if kcls is alias_event:
                    raise _Aliased
                key = build(key_path) if kcls is scalar_event else None
                if key is None or isinstance(key, (list, dict, bool, float)):
                    raise refuse(kevent.start_mark, "tên khóa không hợp lệ")
                key = KeyInt(key) if isinstance(key, int) else unicodedata.normalize("NFC", str(key))
                if key in out:
                    raise refuse(kevent.start_mark, f'khóa "{key}" bị lặp lại')
                mark = kevent.start_mark
                here = path + (key,)
                positions[here] = (mark.line + 1, mark.column + 1)
                out[key] = build(here)
            next_event()
            return out
        items = []
        i = 0
        while True:
            ievent = peek_event()
            icls = ievent.__class__
            if icls is sequence_end:
                break
            if icls is alias_event:
                raise _Aliased
            mark = ievent.start_mark
            here = path + (i,)
            positions[here] = (mark.line + 1, mark.column + 1)
            items.append(build(here))
            i += 1
        next_event()
        return items

    try:
        try:
            next_event()  # the stream's start
            if parser.check_event(yaml.StreamEndEvent):
                return None
            document_start = next_event().start_mark
            held: _Refused | None = None
            try:
                data = build(())
            except _Refused as exc:
                held, data = exc, None
                while open_[0] > 0 or not parser.check_event(yaml.DocumentEndEvent):
                    next_event()  # the rest of the document, parsed and checked as the composer would
            next_event()  # the document's end
            if not parser.check_event(yaml.StreamEndEvent):
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    document_start,
                    "but found another document",
                    next_event().start_mark,
                )
            if held is not None:
                raise held.error
            return data
        except yaml.YAMLError as exc:
            raise _yaml_refusal(exc, text, file) from exc
    finally:
        parser.dispose()


def _read_composed(text: str, file: Path, loaded: Loaded) -> Any:
    """The reader of a file with aliases: composed first, then converted (each use of an alias again)."""
    import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

    # the node tree is built whole: counted first, as the parser gives the nodes; a YAML error ends the count, and
    # compose, below, reports it with its place
    count = 0
    node_events = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)
    events = yaml.parse(text, Loader=_loader())
    while True:
        try:
            event = next(events, None)
        except yaml.YAMLError:
            event = None
        if event is None:
            break
        count += isinstance(event, node_events)
        if count > MAX_NODES:
            mark: Any = event.start_mark  # a node event always has its mark
            raise _too_big(file, mark)
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        line, col, msg = _yaml_message(exc)
        raise _problem(file, line, col, msg) from exc
    except yaml.reader.ReaderError as exc:
        line, col, msg = _reader_message(exc, text)
        raise _problem(file, line, col, msg) from exc
    except yaml.YAMLError as exc:
        raise _problem(file, 1, 1, _YAML_UNKNOWN) from exc
    if root is None:
        return None
    budget = [0, 0]  # nodes converted, and of them reached again through an alias

    def conv(node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode, path: Path_, again: bool = False) -> Any:
        budget[0] += 1
        if not again and not isinstance(node, yaml.ScalarNode):
            again = getattr(node, "_drafting_read", False)
            node._drafting_read = True  # type: ignore[union-attr]  # a mark on PyYAML's node: converted once
        budget[1] += again
        if budget[0] > MAX_NODES or budget[1] > MAX_ALIAS_NODES:
            raise _too_big(file, node.start_mark)
        if len(path) > MAX_DEPTH:
            raise _problem(
                file,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
                dotted(path[:8]) + "…",
            )
        if isinstance(node, yaml.MappingNode):
            out: dict[str | int, Any] = {}
            for knode, vnode in node.value:
                key = conv(knode, path + ("?",), again) if isinstance(knode, yaml.ScalarNode) else None
                if key is None or isinstance(key, (list, dict, bool, float)):
                    raise _problem(
                        file, knode.start_mark.line + 1, knode.start_mark.column + 1, "tên khóa không hợp lệ"
                    )
                key = KeyInt(key) if isinstance(key, int) else unicodedata.normalize("NFC", str(key))
                if key in out:
                    raise _problem(
                        file, knode.start_mark.line + 1, knode.start_mark.column + 1, f'khóa "{key}" bị lặp lại'
                    )
                loaded.positions[path + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                out[key] = conv(vnode, path + (key,), again)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                loaded.positions[path + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(conv(item, path + (i,), again))
            return items
        value = node.value
        if node.tag not in _ALLOWED_TAGS:
            raise _problem(
                file, node.start_mark.line + 1, node.start_mark.column + 1, f'thẻ YAML "{node.tag}" không được hỗ trợ'
            )
        if not node.style and node.tag != _STR_TAG:  # plain (libyaml gives "" , PyYAML None)
            v = _resolve_plain(value)
            return _clean_text(v, path, file, loaded) if isinstance(v, str) else v
        return _clean_text(value, path, file, loaded)

    return conv(root, ())  # type: ignore[arg-type]  # PyYAML stubs type compose() as Node; it only makes these three


#: the user's cache of trusted YAML files as data (drafting.cache), one entry per file
PARSED = "yaml"


def load_trusted_yaml(text: str, source: Path | None = None) -> Any:
    """Parse the project's own YAML (schemas, agency lists) with PyYAML (libyaml when present).

    With ``source`` (the file ``text`` was read from) the data is kept in the user's cache, one entry per file
    holding the SHA-256 of the text it came from, and taken from there while the text is the same: parsing the
    schema library and the agency registries was 4 ms of every ``check``, reading them back as JSON is a tenth
    of that. Dates are kept tagged (``_kept``); data with anything else JSON cannot hold exactly is parsed each
    time.
    """
    import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

    if source is None:
        return yaml.load(text, Loader=_loader())
    name = cache.entry_name(PARSED, str(Path(source).resolve()), yaml.__version__, _has_libyaml())
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    kept = cache.read(PARSED, name)
    if kept is not None and kept.get("sha256") == digest and isinstance(kept.get("data"), str):
        found = _read_kept(kept["data"])
        if found is not _UNREADABLE:  # else a tag that does not read back (not ours): parsed again
            return found
    data = yaml.load(text, Loader=_loader())
    try:
        encoded = json.dumps(_kept(data), ensure_ascii=False)
    except _NotKept:
        return data
    cache.write(PARSED, name, {"sha256": digest, "data": encoded})
    return data


#: what ``_read_kept`` gives for an entry that does not read back
_UNREADABLE: Any = object()


def _read_kept(encoded: str) -> Any:
    """The data of a cache entry, or ``_UNREADABLE`` when its JSON or a kept date does not read back."""
    try:
        return json.loads(encoded, object_hook=_unkept)
    except ValueError:
        return _UNREADABLE


class _NotKept(Exception):  # noqa: N818 - a signal, not an error
    """The data holds something the JSON of the cache cannot give back exactly."""


#: the key of a date in the cache's JSON (a mapping of its own that has it is not kept)
_DATE_TAG = "__ngay__"


def _kept(x: Any) -> Any:
    """``x`` as JSON can hold it: dates as ``{_DATE_TAG: "YYYY-MM-DD"}``; raises _NotKept for anything else."""
    if x is None or isinstance(x, (str, bool)):
        return x
    if isinstance(x, int) and type(x) is int:
        return x
    if type(x) is float and x == x and x not in (float("inf"), float("-inf")):
        return x
    if type(x) is _dt.date:
        return {_DATE_TAG: x.isoformat()}
    if type(x) is list:
        return [_kept(v) for v in x]
    if type(x) is dict and all(type(k) is str for k in x) and _DATE_TAG not in x:
        return {k: _kept(v) for k, v in x.items()}
    raise _NotKept


def _unkept(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE_TAG in obj:
        return _dt.date.fromisoformat(obj[_DATE_TAG])
    return obj


def _has_libyaml() -> bool:
    try:
        import yaml  # noqa: PLC0415 - the YAML parser loads only when a spec is read

        return bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        return False


def _too_big(file: Path, mark: Any) -> SpecError:
    """The refusal of a spec over the node budget (or one whose aliases copy too much), at ``mark``."""
    return _problem(
        file,
        mark.line + 1,
        mark.column + 1,
        "đặc tả quá lớn hoặc có tham chiếu (alias) nhân bản quá nhiều lần; đã dừng đọc",
    )


def load_spec(file: Path | str, text: str | None = None) -> Loaded:
    """Read ``file`` and return its data with positions; raise SpecError/FileAccessError on bad input.
    ``text``: the spec's text as it is being edited (the web editor), read in place of the file's (which names
    the spec in messages and places it in its workspace)."""
    file = Path(file)
    if text is None:
        try:
            with open(file, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except FileNotFoundError as exc:
            raise FileAccessError(f"{display_name(file)}: không tìm thấy tệp") from exc
        except IsADirectoryError as exc:
            raise FileAccessError(f"{display_name(file)}: là thư mục, không phải tệp đặc tả") from exc
        except OSError as exc:
            raise FileAccessError(f"{display_name(file)}: không đọc được tệp ({exc.strerror})") from exc
    else:
        raw = text.encode("utf-8")
    if len(raw) > MAX_BYTES:
        raise _problem(file, 1, 1, f"tệp quá lớn (trên {MAX_BYTES // (1024 * 1024)} MB); đặc tả không thể lớn như vậy")
    text = decode(raw, file)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _problem(file, 1, 1, "tệp rỗng: không có nội dung đặc tả")
    _tab_problem(text, file)
    loaded = Loaded(file=file, data=None)
    loaded.positions[()] = (1, 1)
    try:
        loaded.data = _read(text, file, loaded)
    except RecursionError as exc:
        raise _problem(file, 1, 1, "cấu trúc lồng nhau quá sâu") from exc
    if loaded.data is None:
        raise _problem(file, 1, 1, "tệp rỗng: không có nội dung đặc tả")
    if not isinstance(loaded.data, dict):
        raise _problem(file, 1, 1, 'đặc tả phải là một bảng khóa: giá trị (ví dụ "loai: ke_hoach")')
    return loaded
