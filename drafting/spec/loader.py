"""Read a YAML spec into plain Python data plus a map from field paths to source positions."""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FileAccessError, Problem, SpecError

MAX_BYTES = 5 * 1024 * 1024
#: upper bound on nodes visited while converting; YAML alias bombs exceed it quickly
MAX_NODES = 200_000

Path_ = tuple  # a field path: tuple of str keys and int indexes

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


class KeyInt(int):
    """An integer used as a mapping key (a year in ``so_tien``), not a list index: printed as it is."""


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
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _problem(file: Path, line: int, col: int, message: str, path: str = "", hint: str | None = None) -> SpecError:
    return SpecError([Problem(display_name(file), line, col, path, message, hint=hint)])


def _legacy_encoding_guess(raw: bytes) -> str:
    """Name the legacy Vietnamese encoding a non-UTF-8 file most likely uses."""
    # TCVN3 (ABC) puts Vietnamese letters in 0xA1-0xFE with very few ASCII-looking
    # combinations; VNI writes a base letter followed by accent bytes in 0xD0-0xFF range;
    # Windows-1258 uses combining accents 0xCC/0xD2/0xDE/0xEC/0xF2.
    high = [b for b in raw if b >= 0x80]
    if not high:
        return "không rõ"
    cp1258_marks = sum(1 for b in high if b in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2))
    vni_marks = sum(1 for b in high if b in (0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xF5, 0xEF, 0xE2, 0xE1, 0xF6))
    tcvn_marks = sum(1 for b in high if 0xA1 <= b <= 0xFE)
    if cp1258_marks >= len(high) * 0.3:
        return "Windows-1258"
    if vni_marks >= len(high) * 0.5:
        return "VNI"
    if tcvn_marks >= len(high) * 0.6:
        return "TCVN3 (ABC)"
    return "không rõ"


def decode(raw: bytes, file: Path) -> str:
    """Bytes to text: UTF-8 (BOM accepted); anything else is refused with a precise message."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(file, 1, 1, "tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8",
                       hint="trong Notepad: Lưu thành… → Mã hóa: UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = _legacy_encoding_guess(raw)
        msg = "tệp không phải mã UTF-8"
        if guess != "không rõ":
            msg += f" (có vẻ là bảng mã cũ {guess})"
        raise _problem(file, line, col, msg,
                       hint="chuyển sang Unicode UTF-8, ví dụ bằng Unikey → Công cụ chuyển mã") from exc
    return text


def _tab_problem(text: str, file: Path) -> None:
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise _problem(file, n, len(line) - len(stripped) + 1,
                           "dòng thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách")


_YAML_PROBLEMS = [
    (re.compile(r"found duplicate key \"?(.*?)\"?(?: with value|$)"), "khóa \"{0}\" bị lặp lại"),
    (re.compile(r"mapping values are not allowed (?:here|in this context)"), "dấu \":\" không hợp lệ ở đây (giá trị có dấu \": \" cần đặt trong ngoặc kép)"),
    (re.compile(r"could not find expected ':'"), "thiếu dấu \":\" sau tên khóa"),
    (re.compile(r"found character '\\t' that cannot start any token"), "ký tự Tab không được dùng trong YAML"),
    (re.compile(r"found undefined alias"), "tham chiếu (alias) chưa được định nghĩa"),
    (re.compile(r"while scanning a quoted scalar"), "thiếu dấu ngoặc kép đóng"),
    (re.compile(r"did not find expected key"), "sai thụt lề hoặc thiếu khóa"),
    (re.compile(r"did not find expected '-' indicator"), "sai thụt lề trong danh sách"),
    (re.compile(r"expected <block end>, but found"), "sai thụt lề"),
    (re.compile(r"expected ',' or '\]'"), "thiếu dấu đóng ngoặc \"]\""),
    (re.compile(r"expected ',' or '\}'"), "thiếu dấu đóng ngoặc \"}\""),
    (re.compile(r"found unexpected end of stream"), "tệp kết thúc giữa chừng (thiếu ngoặc đóng?)"),
]


def _yaml_message(exc: Exception) -> tuple[int, int, str]:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "quoted scalar" in str(getattr(exc, "context", "") or "") and getattr(exc, "context_mark", None) is not None:
        mark = exc.context_mark  # an unclosed quote: point at where it opens, not at the end of the file
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    text = str(exc)
    for rx, vi in _YAML_PROBLEMS:
        m = rx.search(text)
        if m:
            return line, col, vi.format(*m.groups())
    return line, col, f"lỗi cú pháp YAML: {problem}"


def parse_yaml(text: str, file: Path) -> Any:
    """Parse YAML text with ruamel (round-trip mode keeps line numbers); errors in Vietnamese.

    The slow, pure-Python path: ``load_spec`` uses libyaml's composer (``_fast_load``) when PyYAML was
    built with it, which is ~30× faster on a 1 000-task plan, and falls back to this.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError, MarkedYAMLError

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        line, col, msg = _yaml_message(exc)
        raise _problem(file, line, col, msg) from exc
    except YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise _problem(file, 1, 1, f"lỗi cú pháp YAML: {exc}") from exc
    except RecursionError as exc:
        raise _problem(file, 1, 1, "cấu trúc lồng nhau quá sâu") from exc


def _clean_text(s: str, where: Path_, file: Path, loaded: Loaded) -> str:
    s2 = unicodedata.normalize("NFC", s)
    if _CONTROL.search(s2):
        s2 = _CONTROL.sub("", s2)
        line, col = loaded.position(where)
        loaded.warnings.append(Problem(display_name(file), line, col, dotted(where),
                                       "đã bỏ ký tự điều khiển không in được trong văn bản", severity="warning"))
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


def _convert(node: Any, path: Path_, loaded: Loaded, budget: list[int]) -> Any:
    """Turn ruamel's round-trip nodes into plain Python data, recording positions."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    budget[0] += 1
    if budget[0] > MAX_NODES:
        line, col = loaded.position(path)
        raise _problem(loaded.file, line, col,
                       "đặc tả quá lớn hoặc có tham chiếu (alias) nhân bản quá nhiều lần; đã dừng đọc")
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            # integer keys stay integers (years in {2026: 150000}); every other key is NFC text
            skey = KeyInt(key) if isinstance(key, int) and not isinstance(key, bool) else unicodedata.normalize("NFC", str(key))
            try:
                kl, kc = node.lc.key(key)
                loaded.positions[path + (skey,)] = (kl + 1, kc + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            out[skey] = _convert(value, path + (skey,), loaded, budget)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i in range(len(node)):
            try:
                il, ic = node.lc.item(i)
                loaded.positions[path + (i,)] = (il + 1, ic + 1)
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
        for i, value in enumerate(node):
            items.append(_convert(value, path + (i,), loaded, budget))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, _dt.datetime):
        return node.date() if (node.hour, node.minute, node.second) == (0, 0, 0) else node
    if isinstance(node, _dt.date):
        return _dt.date(node.year, node.month, node.day)
    if isinstance(node, str):
        return _clean_text(str(node), path, loaded.file, loaded)
    return node


# --------------------------------------------------------------------------- fast path (libyaml)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_STR_TAG = "tag:yaml.org,2002:str"


def _resolve_plain(value: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema (as ruamel reads it): no "yes"/"no" booleans, no octal "010"."""
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return float(value)
    m = _DATE.match(value)
    if m:
        try:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value  # "2026-02-30" stays text; the date check reports it
    return value


def _fast_load(text: str, file: Path, loaded: "Loaded") -> Any:
    """Compose with libyaml (C), then build plain data ourselves: positions, duplicate keys, alias budget."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, col, msg = _yaml_message(exc)
        raise _problem(file, line, col, msg) from exc
    except yaml.YAMLError as exc:
        raise _problem(file, 1, 1, f"lỗi cú pháp YAML: {exc}") from exc
    if root is None:
        return None
    budget = [0]

    def conv(node, path):
        budget[0] += 1
        if budget[0] > MAX_NODES:
            raise _problem(file, node.start_mark.line + 1, node.start_mark.column + 1,
                           "đặc tả quá lớn hoặc có tham chiếu (alias) nhân bản quá nhiều lần; đã dừng đọc")
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for knode, vnode in node.value:
                key = conv(knode, path + ("?",)) if isinstance(knode, yaml.ScalarNode) else None
                if key is None or isinstance(key, (list, dict, bool, float)):
                    raise _problem(file, knode.start_mark.line + 1, knode.start_mark.column + 1,
                                   "tên khóa không hợp lệ")
                key = KeyInt(key) if isinstance(key, int) else unicodedata.normalize("NFC", str(key))
                if key in out:
                    raise _problem(file, knode.start_mark.line + 1, knode.start_mark.column + 1,
                                   f"khóa \"{key}\" bị lặp lại")
                loaded.positions[path + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
                out[key] = conv(vnode, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                loaded.positions[path + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(conv(item, path + (i,)))
            return items
        value = node.value
        if not node.style and node.tag != _STR_TAG:  # plain (libyaml gives "" , PyYAML None)
            v = _resolve_plain(value)
            return _clean_text(v, path, file, loaded) if isinstance(v, str) else v
        if node.tag not in (_STR_TAG, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                            "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"):
            raise _problem(file, node.start_mark.line + 1, node.start_mark.column + 1,
                           f"thẻ YAML \"{node.tag}\" không được hỗ trợ")
        return _clean_text(value, path, file, loaded)

    return conv(root, ())


def load_trusted_yaml(text: str) -> Any:
    """Parse the project's own YAML (schemas, agency lists): libyaml when present, else ruamel."""
    if _has_libyaml():
        import yaml

        return yaml.load(text, Loader=yaml.CSafeLoader)
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def _has_libyaml() -> bool:
    try:
        import yaml

        return bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        return False


def load_spec(file: Path | str) -> Loaded:
    """Read ``file`` and return its data with positions; raise SpecError/FileAccessError on bad input."""
    file = Path(file)
    try:
        with open(file, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise FileAccessError(f"{display_name(file)}: không tìm thấy tệp") from exc
    except IsADirectoryError as exc:
        raise FileAccessError(f"{display_name(file)}: là thư mục, không phải tệp đặc tả") from exc
    except OSError as exc:
        raise FileAccessError(f"{display_name(file)}: không đọc được tệp ({exc.strerror})") from exc
    if len(raw) > MAX_BYTES:
        raise _problem(file, 1, 1, f"tệp quá lớn (trên {MAX_BYTES // (1024 * 1024)} MB); đặc tả không thể lớn như vậy")
    text = decode(raw, file)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _problem(file, 1, 1, "tệp rỗng: không có nội dung đặc tả")
    _tab_problem(text, file)
    loaded = Loaded(file=file, data=None)
    loaded.positions[()] = (1, 1)
    if _has_libyaml():
        try:
            loaded.data = _fast_load(text, file, loaded)
        except RecursionError as exc:
            raise _problem(file, 1, 1, "cấu trúc lồng nhau quá sâu") from exc
        if loaded.data is None:
            raise _problem(file, 1, 1, "tệp rỗng: không có nội dung đặc tả")
    else:
        node = parse_yaml(text, file)
        if node is None:
            raise _problem(file, 1, 1, "tệp rỗng: không có nội dung đặc tả")
        loaded.data = _convert(node, (), loaded, [0])
    if not isinstance(loaded.data, dict):
        raise _problem(file, 1, 1, "đặc tả phải là một bảng khóa: giá trị (ví dụ \"loai: ke_hoach\")")
    return loaded
