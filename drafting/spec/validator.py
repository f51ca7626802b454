"""Cerberus validation of specs: schemas from specs/schemas/, custom rules, Vietnamese messages."""

from __future__ import annotations

import copy
import difflib
import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from .. import cache
from ..errors import Problem
from ..model.agencies import AgencyLineProblem, Registry, doc_span, document_province, document_span, parse_agency_line
from ..model.checks import plan_checks
from ..model.derive import number_plan
from ..model.plan import build_plan
from ..resources import schemas_dir
from ..vi.dates import DateProblem, parse_date
from ..vi.timeline import TimelineProblem, parse_period, parse_timeline, period_words
from ..vi.words import format_number
from .cerberus_lib import (
    DefinitionSchema,
    RulesSetRegistry,
    SchemaRegistry,
    TypeDefinition,
    UnvalidatedSchema,
    Validator,
    cerberus,
    cerr,
)
from .compiled import DECLINE, Compiler
from .loader import KeyInt, Loaded, Path_, display_name, dotted, load_trusted_yaml

SCHEMA_DIR = schemas_dir()

_TYPE_NAMES = {
    "string": "văn bản",
    "integer": "số nguyên",
    "list": 'danh sách (các dòng bắt đầu bằng "- ")',
    "dict": "bảng khóa: giá trị",
    "date": "ngày",
    "boolean": "có/không (true/false)",
    "number": "số",
}

BLOCK_KINDS = ("doan", "gach", "viec", "muc", "diem", "nhiem_vu", "doan_kinh_phi", "bang_nhiem_vu")
#: placeholders a "doan_kinh_phi" paragraph may use
BUDGET_PLACEHOLDERS = ("tong_dong", "tong_bang_chu", "tong")


def _outside_text(years: list[int], period: tuple[int, int]) -> str:
    """ "năm 2031 nằm ngoài giai đoạn 2027-2029 của kế hoạch"; "… nằm ngoài kế hoạch năm 2027" for one year."""
    where = f"kế hoạch {period_words(period)}" if period[0] == period[1] else f"{period_words(period)} của kế hoạch"
    return f"năm {', '.join(map(str, years))} nằm ngoài {where}"


def _sentence_key(key: Any) -> bool:
    """A mapping key that is a piece of a sentence, not a spec key (spec keys are lower-case ASCII words)."""
    return isinstance(key, str) and not re.fullmatch(r"[a-z_]+", key)


def _sentence_as_mapping(value: dict[Any, Any], field: bool = False) -> tuple[str, str]:
    """Why a text became a mapping, and what to write instead: a flow mapping {a, b} or a ": " inside a sentence."""
    if all(v is None for v in value.values()):
        pieces = ", ".join(str(k) for k in value)
        return (
            "câu viết trong ngoặc nhọn {…} bị YAML đọc thành bảng khóa",
            f'bỏ cặp ngoặc nhọn, hoặc đặt cả câu trong ngoặc kép: "{{{pieces}}}"'
            + (f"; danh sách thì dùng ngoặc vuông: [{pieces}]" if field else ""),
        )
    key, rest = next(iter(value.items()))
    return (
        f'câu có dấu hai chấm và khoảng trắng (": ") bị YAML đọc thành khóa "{key}"',
        f'đặt cả câu trong ngoặc kép: "{key}: {rest}"',
    )


def _amount_hint(loaded: Loaded, path: Path_, value: Any) -> str | None:
    """For a number written with a thousands dot (1.005 = one thousand and five): what to write instead."""
    if not isinstance(value, float):
        return None
    line_no, col = loaded.position(path)
    raw = None
    try:
        line = loaded.file.read_text(encoding="utf-8-sig").splitlines()[line_no - 1]
        m = re.search(r":\s*(-?\d[\d.]*)", line[max(col - 1, 0) :])
        raw = m[1] if m else None
    except (OSError, IndexError, UnicodeDecodeError):
        raw = None
    raw = raw or repr(value)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return (
            f"YAML đọc {raw} là số thập phân; số tiền viết liền, không dấu chấm phân cách nghìn: "
            f"viết {raw.replace('.', '')}"
        )
    return (
        f"{raw} có phần lẻ; số tiền là số nguyên theo đơn vị của biểu (don_vi): làm tròn, hoặc đổi don_vi "
        "(1 là đồng, 1000 là nghìn đồng)"
    )


def _mapping_hint(value: Any) -> str | None:
    """For a mapping where text is expected: the braces or the ": " that made it one."""
    if isinstance(value, dict) and value and all(_sentence_key(k) for k in value):
        message, hint = _sentence_as_mapping(value, field=True)
        return f"{message}: {hint}"
    return None


def _as_list(constraint: Any) -> list[Any]:
    return list(constraint) if isinstance(constraint, (list, tuple)) else [constraint]


def _type_text(constraint: Any) -> str:
    names: list[str] | tuple[str, ...] = constraint if isinstance(constraint, (list, tuple)) else [constraint]
    return " hoặc ".join(_TYPE_NAMES.get(n, n) for n in names)


def _expand_use(rules: Any, library: dict[str, Any]) -> Any:
    """Merge ``use: NAME`` references (shared rule sets) into the rules that name them, at any depth."""
    if isinstance(rules, dict):
        merged: dict[str, Any] = {}
        if "use" in rules:
            merged.update(copy.deepcopy(library[rules["use"]]))
        merged.update({k: v for k, v in rules.items() if k != "use"})
        return {k: _expand_use(v, library) for k, v in merged.items()}
    return rules


@functools.cache
def _library() -> dict[str, Any]:

    source = SCHEMA_DIR / "common.yaml"
    library: dict[str, Any] = load_trusted_yaml(source.read_text(encoding="utf-8"), source)
    return library


@functools.cache
def load_schema(kind: str) -> dict[str, Any]:
    """The Cerberus schema of a document kind, with shared rule sets merged in."""

    raw = load_trusted_yaml((SCHEMA_DIR / f"{kind}.yaml").read_text(encoding="utf-8"))
    return {k: _expand_use(v, _library()) for k, v in raw.items()}


@functools.cache
def _rules_registry() -> RulesSetRegistry:
    """The shared rule sets by name (built once: each validation used to rebuild and re-expand it)."""
    reg = RulesSetRegistry()
    lib = _library()
    for name, rules in lib.items():
        reg.add(name, _expand_use(rules, lib))
    return reg


@functools.cache
def _schema_registry() -> SchemaRegistry:
    """An empty mapping schema under each rule set's name, for Cerberus 1.3's normalisation only.

    ``schema: khoi`` on a list names the rule set of its items; given a mapping instead of a list, Cerberus
    normalises that mapping with the name looked up as a *schema* and fails with AttributeError. With an
    empty schema under the name the mapping is left as it is, and the type rule then reports "phải là danh
    sách" (a failed type rule stops every other rule of the field, so validation never uses these schemas).
    """
    reg = SchemaRegistry()
    for name in _library():
        reg.add(name, {})
    return reg


@functools.cache
def _compiler() -> Compiler:
    """Rule sets compiled for long lists (spec/compiled.py), against the shared rule sets and our types."""
    return Compiler(
        lambda rules: _rules_registry().get(rules) if isinstance(rules, str) else rules, SpecValidator.types_mapping
    )


def _reduced_rules(full: Any, checker: Any, item: Any) -> dict[str, Any]:
    """The rules an item the compiled checker cleared is validated with: its ``nullable`` and ``check_with``
    only (one dict per rule set and case, made once)."""
    rules = _rules_registry().get(full) if isinstance(full, str) else full
    runs = checker.runs_check_with(item)
    key = (id(rules), runs)
    if key not in _REDUCED:
        kept = {k: rules[k] for k in ("nullable",) if k in rules}
        if runs:
            kept["check_with"] = rules["check_with"]
        _REDUCED[key] = (rules, kept)
    return _REDUCED[key][1]


_REDUCED: dict[tuple[int, bool], tuple[Any, dict[str, Any]]] = {}


@functools.cache
def _vocabulary() -> tuple[str, ...]:
    """Every key any schema knows, for "did you mean" hints on unknown keys."""
    words: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, dict) and k not in ("schema",):
                    words.add(k)
                walk(v)

    walk(_library())
    for f in SCHEMA_DIR.glob("*.yaml"):
        if f.stem not in ("common", "co_quan"):  # co_quan: the registry's schema, not a document's
            schema = load_schema(f.stem)
            words.update(schema)
            walk(schema)
    rules = {
        "type",
        "required",
        "schema",
        "coerce",
        "check_with",
        "nullable",
        "empty",
        "allowed",
        "minlength",
        "maxlength",
        "min",
        "max",
        "regex",
    }
    return tuple(sorted(words - rules))


class ViErrorHandler(cerr.BaseErrorHandler):  # type: ignore[misc]  # cerberus is untyped: the base is Any
    """Cerberus errors as (error, Vietnamese message), leaf errors only (a group error stands for its children).

    A Cerberus error handler (``Validator.errors`` calls it with the validator's errors): its public contract.
    """

    messages = {
        cerr.CUSTOM.code: "{0}",
        cerr.REQUIRED_FIELD.code: "thiếu trường bắt buộc",
        cerr.UNKNOWN_FIELD.code: "khóa không được phép ở đây",
        cerr.DEPENDENCIES_FIELD.code: "cần có thêm trường: {constraint}",
        cerr.DEPENDENCIES_FIELD_VALUE.code: "không được có cùng các trường: {constraint}",
        cerr.EXCLUDES_FIELD.code: "'{field}' không phải là một bảng khóa",
        cerr.EMPTY_NOT_ALLOWED.code: "không được để trống",
        cerr.NOT_NULLABLE.code: "không được để trống",
        cerr.BAD_TYPE.code: "phải là {constraint}",
        cerr.BAD_TYPE_FOR_SCHEMA.code: "phải là bảng khóa: giá trị",
        cerr.ITEMS_LENGTH.code: "danh sách phải có đúng {constraint} phần tử, đang có {0}",
        cerr.MIN_LENGTH.code: "quá ngắn: cần ít nhất {constraint} phần tử",
        cerr.MAX_LENGTH.code: "quá dài: tối đa {constraint} phần tử",
        cerr.REGEX_MISMATCH.code: "không đúng dạng",
        cerr.MIN_VALUE.code: "phải lớn hơn hoặc bằng {constraint}",
        cerr.MAX_VALUE.code: "phải nhỏ hơn hoặc bằng {constraint}",
        cerr.UNALLOWED_VALUE.code: 'giá trị "{value}" không được phép; chọn một trong: {constraint}',
        cerr.UNALLOWED_VALUES.code: "các giá trị {0} không được phép",
        cerr.FORBIDDEN_VALUE.code: 'giá trị "{value}" không được phép',
        cerr.FORBIDDEN_VALUES.code: "thiếu các giá trị {0}",
        cerr.COERCION_FAILED.code: "không chuyển được kiểu dữ liệu",
        cerr.RENAMING_FAILED.code: "không đổi được tên khóa",
        cerr.READONLY_FIELD.code: "trường chỉ đọc",
        cerr.SETTING_DEFAULT_FAILED.code: "không đặt được giá trị mặc định",
    }

    def __call__(self, errors: Iterable[cerr.ValidationError]) -> list[tuple[cerr.ValidationError, str]]:
        return [(e, self.message(e)) for e in self.leafs(errors)]

    @classmethod
    def leafs(cls, errors: Iterable[cerr.ValidationError]) -> Iterator[cerr.ValidationError]:
        for e in errors:
            if e.is_group_error and e.child_errors:
                yield from cls.leafs(e.child_errors)
            else:
                yield e

    def message(self, e: cerr.ValidationError) -> str:
        if e.code == cerr.BAD_TYPE.code:
            return f"phải là {_type_text(e.constraint)}"
        if e.code == cerr.CUSTOM.code and e.info:
            return str(e.info[0])
        template = self.messages.get(e.code)
        try:
            if template is None:
                raise KeyError(e.code)
            return str(template.format(*e.info, constraint=e.constraint, field=e.field, value=e.value))
        except (KeyError, IndexError):  # a rule we have no (fitting) message for is still reported
            return f"không hợp lệ ({e.rule})"


def _coercer(name: str) -> Any:
    """The Cerberus coercer that calls our method ``name``, keeping its exceptions for ``validate``.

    Cerberus turns any exception raised by a coercer into the user's "không chuyển được kiểu dữ liệu"; our
    coercers never raise on purpose (they return a value they cannot coerce unchanged), so an exception is a
    bug: it is kept, and ``validate`` raises it after Cerberus has run (an internal error, exit 70).
    """

    def coerce(self: SpecValidator, value: Any) -> Any:
        try:
            return getattr(self, name)(value)
        except Exception as exc:  # noqa: BLE001 - kept and raised again by validate(): an internal error
            self._config.setdefault("internal_errors", []).append(exc)
            return value

    coerce.__name__ = coerce.__qualname__ = f"_normalize{name}"
    return coerce


class SpecValidator(Validator):  # type: ignore[misc]  # cerberus is untyped: the base is Any
    """The project's one Cerberus validator: coercers and checks beyond types (``check_with``)."""

    # a YAML "true" is no number: Cerberus counts bool as an integer unless told otherwise
    types_mapping = dict(Validator.types_mapping)
    types_mapping["integer"] = TypeDefinition("integer", (int,), (bool,))
    types_mapping["number"] = TypeDefinition("number", (int, float), (bool,))

    # -- long lists: compiled checks, Cerberus for the items they do not clear (spec/compiled.py) -----
    def _validate_schema(self, schema: Any, field: Any, value: Any) -> None:
        # Cerberus' ``schema`` rule; for a list, each item that the compiled checker clears is validated with
        # its ``check_with`` only (what its full rules would still do: every other rule passes), the others
        # with their full rules, all by one Cerberus validator in the list's order: errors, warnings and
        # their order are Cerberus' own. (The docstring is Cerberus': it holds the rule's own schema.)
        checker = (
            _compiler().checker(schema, top=True)
            if isinstance(value, list) and isinstance(schema, (str, dict))
            else None
        )
        if checker is None:
            super()._validate_schema(schema, field, value)
            return
        full = schema
        item_schema = {
            i: (_reduced_rules(schema, checker, item) if checker(item) else full) for i, item in enumerate(value)
        }
        validator = self._get_child_validator(
            document_crumb=field,
            schema_crumb=(field, "schema"),
            schema=item_schema,
            allow_unknown=self.allow_unknown,
        )
        validator(dict(enumerate(value)), update=self.update, normalize=False)
        if validator._errors:
            self._drop_nodes_from_errorpaths(validator._errors, [], [2])
            self._error(field, cerr.SEQUENCE_SCHEMA, validator._errors)

    _validate_schema.__doc__ = Validator._validate_schema.__doc__

    def normalized(self, document: Any, schema: Any = None, always_return_document: bool = False) -> Any:
        """Cerberus' normalisation; for the items of a list (the child validator Cerberus makes for one), the
        compiled normaliser does each item it can, Cerberus the rest."""
        rules = self._list_item_rules(document) if schema is None else None
        normaliser = _compiler().normaliser(rules) if rules is not None else None
        if normaliser is None:
            return super().normalized(document, schema, always_return_document)
        done: dict[int, Any] = {}
        for i, item in document.items():
            result = normaliser(item, self)
            if result is not DECLINE:
                done[i] = result
        rest = {i: item for i, item in document.items() if i not in done}
        self.schema = {i: rules for i in rest}  # a child's schema is taken as it is (Cerberus checked it)
        result = super().normalized(rest, always_return_document=True)
        if self._errors and not always_return_document:
            return None
        return {i: done[i] if i in done else result[i] for i in document}

    def _list_item_rules(self, document: Any) -> Any:
        """The rules of a list's items when this validator is the one Cerberus normalises a list with (keys
        0…n-1, one rule set for all), else None."""
        if not self.is_child or self.schema_path[-1:] != ("schema",) or type(document) is not dict or not document:
            return None
        schema = self.schema
        if schema is None or len(schema) != len(document):
            return None
        rules = schema.get(0)
        for i in range(len(document)):
            if i not in document or schema.get(i) is not rules:
                return None
        return rules if isinstance(rules, (str, dict)) else None

    # -- configuration passed through to child validators -------------------------------------
    @property
    def agency_registry(self) -> Registry | None:
        return cast("Registry | None", self._config.get("agency_registry"))  # cerberus is untyped

    @property
    def warnings(self) -> list[tuple[Path_, str]]:
        return cast("list[tuple[Path_, str]]", self._config.setdefault("warnings_sink", []))  # cerberus is untyped

    def _warn(self, field: str, message: str) -> None:
        self.warnings.append((tuple(self.document_path) + (field,), message))

    def _period(self) -> tuple[int, int] | None:
        gd = (self.root_document or {}).get("giai_doan")
        if isinstance(gd, dict):
            tu, den = gd.get("tu"), gd.get("den")
            # only a sensible period: its own rules report the rest (a year 10^12 must not become a range)
            if (
                isinstance(tu, int)
                and isinstance(den, int)
                and not isinstance(tu, bool)
                and not isinstance(den, bool)
                and 1900 <= tu <= den <= 2200
                and den - tu <= 50
            ):
                return tu, den
        return None

    # -- coercers --------------------------------------------------------------------------------
    def _coerce_to_text(self, value: Any) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return str(value)
        return value

    def _coerce_to_list(self, value: Any) -> Any:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [value]
        return value

    def _coerce_join_agencies(self, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "; ".join(v.strip() for v in value)
        return value

    _normalize_coerce_to_text = _coercer("_coerce_to_text")
    _normalize_coerce_to_list = _coercer("_coerce_to_list")
    _normalize_coerce_join_agencies = _coercer("_coerce_join_agencies")

    # -- checks ----------------------------------------------------------------------------------
    def _check_with_ngay(self, field: str, value: Any) -> None:
        try:
            parse_date(value)
        except DateProblem as exc:
            self._error(field, str(exc))

    def _check_with_ngay_danh_muc(self, field: str, value: Any) -> None:
        """A registry date: a YAML date, "1/7/2025", "7/2025", "2025" or 2025."""

        if value is not None and doc_span(value) is None:
            self._error(field, f'ngày "{value}" không đọc được (viết 2025-07-01, 1/7/2025, 7/2025 hoặc 2025)')

    def _check_with_so_van_ban(self, field: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            self._error(field, "số văn bản phải là số (ví dụ 122), không phải true/false")
        elif isinstance(value, int):
            if value < 1:
                self._error(field, "số văn bản phải là số nguyên dương")
        elif isinstance(value, str) and value.strip() and not re.fullmatch(r"\d+[a-zA-Z]?", value.strip()):
            self._error(field, f'số văn bản "{value}" không hợp lệ (chỉ ghi số, ví dụ 122; để trống khi là dự thảo)')

    def _check_with_ky_hieu(self, field: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        if re.search(r"\s", value):
            self._error(field, f'ký hiệu "{value}" không được có dấu cách (viết liền: KH-UBND)')
        elif not re.fullmatch(r"[A-ZĐa-zđ0-9&.]+(?:-[A-ZĐa-zđ0-9&.]+)*", value):
            self._error(field, f'ký hiệu "{value}" không đúng dạng (ví dụ: KH-UBND, BC-SNgV)')

    def _check_with_giai_doan(self, field: str, value: Any) -> None:
        if isinstance(value, dict) and isinstance(value.get("tu"), int) and isinstance(value.get("den"), int):
            if value["den"] < value["tu"]:
                self._error(field, f"giai đoạn {value['tu']}-{value['den']} bị ngược (năm kết thúc trước năm bắt đầu)")
            elif value["den"] - value["tu"] > 9:
                self._error(field, "giai đoạn dài quá 10 năm")

    def _check_with_nguoi_ky(self, field: str, value: Any) -> None:
        if not isinstance(value, dict):
            return
        lines = value.get("chuc_danh") or []
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            return
        prefixes = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
        for _i, line in enumerate(lines):
            m = re.match(r"([A-ZĐ]{1,4})\.\s", line.strip())
            if m and f"{m[1]}." not in prefixes:
                self._error(
                    field, f'chức danh "{line}": thẩm quyền ký "{m[1]}." không hợp lệ (dùng TM., KT., Q., TL., TUQ.)'
                )
        if lines and re.match(r"(KT|TL|TUQ)\.\s", lines[-1].strip()):
            self._error(field, f'sau "{lines[-1]}" phải có dòng chức vụ của người ký (ví dụ PHÓ CHỦ TỊCH)')

    def _check_with_khoi(self, field: str, value: Any) -> None:
        if not isinstance(value, dict):
            return
        kinds = [k for k in BLOCK_KINDS if k in value]
        if len(kinds) == 0 and value and all(_sentence_key(k) for k in value):
            # a sentence YAML read as a mapping: one error that says why, instead of one per "key"
            self._config["sentence_blocks"].add(tuple(self.document_path) + (field,))
            message, hint = _sentence_as_mapping(value)
            self._error(field, f"{message} ({hint})")
        elif len(kinds) == 0:
            self._error(
                field, "khối nội dung phải có một trong các khóa: doan, gach, viec, muc, diem, nhiem_vu, bang_nhiem_vu"
            )
        elif len(kinds) > 1:
            self._error(field, f"khối nội dung chỉ được có một loại, đang có: {', '.join(kinds)}")
        elif kinds[0] not in ("muc",):
            extra = [k for k in ("van_ban", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "linh_vuc") if k in value]
            if extra:
                self._error(field, f'khóa {", ".join(extra)} chỉ dùng được cùng "muc"')

    def _agency_problem(self, path: Path_, line: Any) -> None:
        """Report the first name of an agency line the registry does not know, with a "did you mean"."""
        registry = self.agency_registry
        if registry is None or not isinstance(line, str) or not line.strip():
            return
        # the same line says the same in one document (its date and province are the document's): a long
        # plan names a few agencies thousands of times
        memo = self._config.setdefault("agency_memo", {})
        if line not in memo:
            sink: list[tuple[Path_, str]] = []
            extra: list[tuple[Path_, str, str | None]] = []
            self._agency_outcome((), line, registry, sink, extra)
            memo[line] = ([m for _, m in sink], [(m, h) for _, m, h in extra])
        notes, problems = memo[line]
        for message, hint in problems:
            self._sub_error(path, message, hint)
        for note in notes:
            self.warnings.append((path, note))

    def _agency_outcome(
        self,
        path: Path_,
        line: str,
        registry: Registry,
        sink: list[tuple[Path_, str]],
        extra: list[tuple[Path_, str, str | None]],
    ) -> None:
        """What ``_agency_problem`` reports for ``line``: errors into ``extra``, notes into ``sink``."""
        root = self.root_document if isinstance(self.root_document, dict) else {}
        when = document_span(root)
        try:
            mentions = parse_agency_line(line, registry)
        except AgencyLineProblem as exc:
            hint = (
                f'có phải là "{exc.suggestion}"?'
                if exc.suggestion
                else "thêm cơ quan này vào co-quan.yaml của thư mục làm việc"
            )
            close = registry.lookup(exc.suggestion) if exc.suggestion else None
            if close is not None and when is not None and close.den is not None and when[0] > close.den:
                hint += " (tên cũ" + (f"; nay là {', '.join(close.ke_nhiem)})" if close.ke_nhiem else ")")
            extra.append((path, str(exc), hint))
            return
        # checked as of the document's own date (and against its province's profile)
        for note in registry.notes(mentions, when, registry.province(document_province(root), when)):
            sink.append((path, note))

    def _check_with_ky_bao_cao(self, field: str, value: Any) -> None:

        if isinstance(value, str):
            try:
                parse_period(value)
            except TimelineProblem as exc:
                self._error(field, str(exc))

    def _check_with_co_quan(self, field: str, value: Any) -> None:
        self._agency_problem(tuple(self.document_path) + (field,), value)

    def _check_with_thoi_gian(self, field: str, value: Any) -> None:
        period = self._period()
        if isinstance(value, str) and value.strip() and period:
            try:
                years = parse_timeline(value, period).years
            except TimelineProblem as exc:
                self._error(field, str(exc))
                return
            outside = [y for y in years if not period[0] <= y <= period[1]]
            if outside:
                self._error(field, _outside_text(outside, period))

    def _check_with_phan_ke_hoach(self, field: str, value: Any) -> None:
        if not isinstance(value, list):
            return
        titles = [p.get("tieu_de", "") for p in value if isinstance(p, dict) and isinstance(p.get("tieu_de"), str)]
        upper = [t.upper() for t in titles]
        for need in ("MỤC ĐÍCH", "TỔ CHỨC THỰC HIỆN"):
            if not any(need in t for t in upper):
                self._error(field, f'kế hoạch thiếu phần "{need}"')

    def _check_with_nhiem_vu(self, field: str, value: Any) -> None:
        if not isinstance(value, dict):
            return
        path = tuple(self.document_path) + (field,)
        for key in ("chu_tri", "phoi_hop"):
            self._agency_problem(path + (key,), value.get(key))
        period = self._period()
        label = value.get("thoi_gian")
        schedule = value.get("thoi_gian_chi_tiet") or []
        explicit = value.get("nam")
        if isinstance(explicit, list) and explicit and all(isinstance(y, int) for y in explicit):
            years = explicit
            where = "nam"
        elif (isinstance(label, str) and label.strip()) or (schedule and all(isinstance(s, str) for s in schedule)):
            if period is None:
                return
            try:
                years = list(parse_timeline(label if isinstance(label, str) else "", period, schedule).years)
            except TimelineProblem as exc:
                self._sub_error(path + ("thoi_gian",), str(exc))
                return
            where = "thoi_gian"
        else:
            return
        if period:
            outside = [y for y in years if not period[0] <= y <= period[1]]
            if outside:
                self._sub_error(path + (where,), _outside_text(outside, period))

    def _check_with_doan_kinh_phi(self, field: str, value: Any) -> None:
        if not isinstance(value, str):
            return
        for name in re.findall(r"\{([^{}]*)\}", value):
            if name not in BUDGET_PLACEHOLDERS:
                self._error(
                    field, f'chỗ thay "{{{name}}}" không có; dùng {{tong_dong}}, {{tong_bang_chu}} hoặc {{tong}}'
                )
        appendices = (self.root_document or {}).get("phu_luc") or []
        if not isinstance(appendices, list):
            appendices = []
        if not any(isinstance(a, dict) and a.get("loai") == "kinh_phi" for a in appendices):
            self._error(field, "đoạn nêu tổng kinh phí cần một biểu kinh phí (phu_luc có loai: kinh_phi)")

    def _years_of(self, item: dict[str, Any]) -> list[int] | None:
        """Years a task or budget line runs in, from ``nam`` or its timeline label; None when unknown."""
        period = self._period()
        if isinstance(item.get("nam"), list) and item["nam"] and all(isinstance(y, int) for y in item["nam"]):
            return list(item["nam"])
        label = item.get("thoi_gian")
        schedule = item.get("thoi_gian_chi_tiet") or []
        if period and ((isinstance(label, str) and label.strip()) or schedule):
            try:
                return list(parse_timeline(label if isinstance(label, str) else "", period, schedule).years)
            except TimelineProblem:
                return None
        return None

    def _check_with_so_tien(self, field: str, value: Any) -> None:
        period = self._period()
        if not isinstance(value, dict) or not period:
            return
        outside = [y for y in value if isinstance(y, int) and not period[0] <= y <= period[1]]
        if outside:
            self._error(field, _outside_text(outside, period))

    def _check_with_dong_kinh_phi(self, field: str, value: Any) -> None:
        if not isinstance(value, dict):
            return
        path = tuple(self.document_path) + (field,)
        label = value.get("thoi_gian")
        explicit = value.get("nam")
        has_years = isinstance(explicit, list) and bool(explicit) and all(isinstance(y, int) for y in explicit)
        # read like a task's timeline: explicit years (nam) first, the label is then printed as written
        if isinstance(label, str) and label.strip() and (period := self._period()) and not has_years:
            try:
                label_years = parse_timeline(label, period).years
            except TimelineProblem as exc:
                self._sub_error(path + ("thoi_gian",), str(exc))
                return
            outside = [y for y in label_years if not period[0] <= y <= period[1]]
            if outside:
                self._sub_error(path + ("thoi_gian",), _outside_text(outside, period))
                return
        if has_years and isinstance(explicit, list) and (period := self._period()):
            outside = [y for y in explicit if not period[0] <= y <= period[1]]
            if outside:
                self._sub_error(path + ("nam",), _outside_text(outside, period))
        for key in ("chu_tri", "phoi_hop"):
            self._agency_problem(path + (key,), value.get(key))
        years = self._years_of(value)
        amounts = value.get("so_tien")
        if years is not None and isinstance(amounts, dict):
            for y, amount in amounts.items():
                if isinstance(y, int) and isinstance(amount, int) and amount and y not in years:
                    self.warnings.append(
                        (
                            path + ("so_tien", KeyInt(y)),
                            f'có kinh phí năm {y} nhưng thời gian thực hiện "{label or ", ".join(map(str, years))}" '
                            f"không gồm năm {y}",
                        )
                    )

    def _check_with_phu_luc(self, field: str, value: Any) -> None:
        if not isinstance(value, dict):
            return
        kind = value.get("loai")
        groups = value.get("nhom") or []
        if not isinstance(groups, list):
            return  # the type rule reports it
        if kind == "nhiem_vu":
            if not groups and not value.get("tu_noi_dung"):
                self._error(field, 'phụ lục nhiệm vụ cần danh sách "nhom" hoặc "tu_noi_dung: true"')
            for key in ("tieu_de_cot", "don_vi", "tong_cong", "cong_nhom"):
                if key in value:
                    self._error(field, f'khóa "{key}" chỉ dùng cho biểu kinh phí (loai: kinh_phi)')
            for g in groups:
                if isinstance(g, dict) and "dong" in g:
                    self._error(field, 'nhóm của phụ lục nhiệm vụ dùng "nhiem_vu", không dùng "dong"')
        elif kind == "kinh_phi":
            if not groups:
                self._error(field, 'biểu kinh phí cần danh sách "nhom" với các dòng "dong"')
                return
            for key in ("cot", "tu_noi_dung"):
                if key in value:
                    self._error(field, f'khóa "{key}" chỉ dùng cho phụ lục nhiệm vụ (loai: nhiem_vu)')
            total = 0
            unreadable = False  # an amount that is no whole number has its own error: no total error on top
            for g in groups:
                if not isinstance(g, dict):
                    continue
                if "nhiem_vu" in g:
                    self._error(field, 'nhóm của biểu kinh phí dùng "dong", không dùng "nhiem_vu"')
                for line in g["dong"] if isinstance(g.get("dong"), list) else []:
                    if isinstance(line, dict) and isinstance(line.get("so_tien"), dict):
                        total += sum(
                            v for v in line["so_tien"].values() if isinstance(v, int) and not isinstance(v, bool)
                        )
                        unreadable |= any(
                            not isinstance(v, int) or isinstance(v, bool)
                            for v in line["so_tien"].values()
                            if v is not None
                        )
            stated = value.get("tong_cong")
            if isinstance(stated, int) and not isinstance(stated, bool) and stated != total and not unreadable:
                self._sub_error(
                    tuple(self.document_path) + (field, "tong_cong"),
                    f"tổng cộng ghi {format_number(stated)} nhưng cộng các dòng được {format_number(total)} "
                    f"(chênh {format_number(abs(stated - total))})",
                )

    def _sub_error(self, path: Path_, message: str, hint: str | None = None) -> None:
        """Record an error on a sub-field (Cerberus' _error only reaches the field being checked)."""
        _ = self.warnings  # ensure sink exists
        self._config.setdefault("extra_errors", []).append((path, message, hint))


#: the prepared schemas kept between runs (drafting.cache)
PREPARED = "schemas"


def _prepared_name(kind: str) -> str | None:
    """The cache entry of ``kind``'s prepared schema: named by everything Cerberus' check of it depends on (its
    files, the YAML reader that reads them, this module's rules and coercers, Cerberus itself); None when a file
    cannot be read."""
    code = Path(__file__)
    files = (SCHEMA_DIR / f"{kind}.yaml", SCHEMA_DIR / "common.yaml", code, code.with_name("loader.py"))
    digests = [cache.file_digest(f) for f in files]
    if None in digests:
        return None
    return cache.entry_name(PREPARED, kind, cerberus.__version__, str(Path(cerberus.__file__).parent), *digests)


@functools.cache
def prepared_schema(kind: str) -> Any:
    """``kind``'s schema as Cerberus uses it: expanded (shortcuts written out) and checked against Cerberus' rules.

    Cerberus checks a schema each time a process first validates with it (the most of a small spec's check);
    the expanded form of a schema that passed is kept in the user's cache and used as it is afterwards, as long as
    the schema files, this module and Cerberus are the same. A schema Cerberus refuses raises SchemaError (our bug)
    and is never kept."""
    name = _prepared_name(kind)
    data = cache.read(PREPARED, name) if name else None
    if data is not None and isinstance(data.get("schema"), dict):
        return UnvalidatedSchema(data["schema"])
    checker = SpecValidator(rules_set_registry=_rules_registry(), schema_registry=_schema_registry())
    expanded = DefinitionSchema(checker, load_schema(kind)).schema  # expands, then checks (SchemaError)
    text = json.dumps(expanded, ensure_ascii=False, sort_keys=True)
    if name and json.loads(text) == expanded:  # only what JSON keeps exactly (no tuples, no dates, no int keys)
        cache.write(PREPARED, name, {"schema": expanded})
    return UnvalidatedSchema(expanded)


def validate(loaded: Loaded, kind: str, registry: Registry | None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate ``loaded.data`` against the schema of ``kind``; return (normalized document, problems)."""
    schema = prepared_schema(kind)
    sink: list[tuple[Path_, str]] = []
    extra: list[tuple[Path_, str, str | None]] = []
    sentences: set[Path_] = set()  # blocks that are a sentence YAML read as a mapping (shared with child validators)
    internal: list[Exception] = []
    v = SpecValidator(
        schema,
        rules_set_registry=_rules_registry(),
        schema_registry=_schema_registry(),
        error_handler=ViErrorHandler,
        agency_registry=registry,
        warnings_sink=sink,
        extra_errors=extra,
        sentence_blocks=sentences,
        internal_errors=internal,
        agency_memo={},
    )
    ok = v.validate(loaded.data)
    if internal:
        raise internal[0]  # a bug in one of our coercers, not the user's data: exit 70 (cli._run)
    problems: list[Problem] = list(loaded.warnings)
    fname = display_name(loaded.file)

    seen = set()
    for e, msg in v.errors:
        path = tuple(e.document_path)
        hint = None
        if e.code == cerr.UNKNOWN_FIELD.code and path[:-1] in sentences:
            continue  # reported once by the block: "câu … bị YAML đọc thành bảng khóa"
        if e.code == cerr.BAD_TYPE.code:
            hint = _amount_hint(loaded, path, e.value) if "integer" in _as_list(e.constraint) else None
            hint = hint or _mapping_hint(e.value)
        if e.code == cerr.UNKNOWN_FIELD.code:
            close = difflib.get_close_matches(str(path[-1]) if path else "", _vocabulary(), n=1, cutoff=0.6)
            hint = f'có phải là "{close[0]}"?' if close else None
        if e.code == cerr.REQUIRED_FIELD.code:
            # a missing field has no position of its own: point at its parent
            line, col = loaded.position(path[:-1])
        else:
            line, col = loaded.position(path)
        key = (path, msg)
        if key in seen:
            continue
        seen.add(key)
        problems.append(Problem(fname, line, col, dotted(path), msg, hint=hint))
    for path, msg, hint in extra:
        line, col = loaded.position(path)
        problems.append(Problem(fname, line, col, dotted(path), msg, hint=hint))
    for path, msg in sink:
        line, col = loaded.position(path)
        problems.append(Problem(fname, line, col, dotted(path), msg, severity="warning"))
    if kind == "ke_hoach" and any(p.severity == "error" for p in problems):
        # the model's cross-reference checks (task ids of budget lines, duplicate ids) run after a valid spec
        # only: run them now as far as the document can be built, so that every error comes in one pass
        known = {(p.path, p.message) for p in problems}
        for path, msg in _cross_references(v.document):
            if (dotted(path), msg) not in known:
                line, col = loaded.position(path)
                problems.append(Problem(fname, line, col, dotted(path), msg))
    problems.sort(key=lambda p: (p.severity != "error", p.line, p.col))
    errors = [p for p in problems if p.severity == "error"]
    return (v.document if ok and not errors else None), problems


def _cross_references(document: Any) -> list[tuple[Path_, str]]:
    """The errors of the plan's model checks (ids) on a document that has other errors; none if it cannot be built."""

    try:
        plan = number_plan(build_plan(document))
        findings = plan_checks(plan, plan.giai_doan)
    except Exception:  # noqa: BLE001 - a document with errors may not build; its own errors are reported
        return []
    return [(path, msg) for path, msg, severity in findings if severity == "error"]
