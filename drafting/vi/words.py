"""Vietnamese reading of numbers and money amounts in words, registered as num2words' ``vi`` converter.

num2words loads every language it has to offer one (about 20 ms, more than the rest of ``drafting words``), and
drafting itself reads numbers without it: importing this module does not load num2words. The converter is
registered all the same for whoever uses num2words: at once if num2words is loaded already, otherwise as soon as
it is (``_RegisterOnImport``); ``VietnameseConverter`` and ``register()`` load it when asked for.
"""

from __future__ import annotations

import math
import operator
import sys
import unicodedata
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from numbers import Integral
from types import ModuleType
from typing import TYPE_CHECKING, Any, SupportsInt, cast

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "VietnameseConverter",
    "amount_in_words",
    "format_number",
    "read_number",
    "register",
]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _as_int(n: object, name: str = "n") -> int:
    """Return ``n`` as a plain int; reject bool, float, Decimal and non-numbers."""
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{name} must be an int, not {type(n).__name__}")
    return operator.index(n)


def _read_group(g: int, full: bool, le: bool, bon: bool) -> str:
    """Read one group 1 ≤ g ≤ 999; ``full`` reads it as three digits ("không trăm", "linh")."""
    hundreds, rest = divmod(g, 100)
    tens, unit = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if unit:
            if words:  # "linh"/"lẻ" only between a hundreds word and a unit
                words.append("lẻ" if le else "linh")
            words.append(_DIGITS[unit])  # linh một, linh bốn, linh năm (never lăm)
    elif tens == 1:
        words.append("mười")
        if unit:
            words.append("lăm" if unit == 5 else _DIGITS[unit])  # mười một, mười bốn
    else:
        words += [_DIGITS[tens], "mươi"]
        if unit == 1:
            words.append("mốt")
        elif unit == 4:
            words.append("bốn" if bon else "tư")
        elif unit == 5:
            words.append("lăm")
        elif unit:
            words.append(_DIGITS[unit])
    return " ".join(words)


def _read_below_billion(n: int, leading: bool, le: bool, bon: bool, ngan: bool) -> str:
    """Read 1 ≤ n < 10^9 as groups triệu / nghìn / units; zero groups are skipped."""
    thousand = "ngàn" if ngan else "nghìn"
    groups = ((n // 10**6, "triệu"), (n // 1000 % 1000, thousand), (n % 1000, ""))
    parts: list[str] = []
    for g, scale in groups:
        if not g:
            continue
        words = _read_group(g, full=not (leading and not parts), le=le, bon=bon)
        parts.append(f"{words} {scale}" if scale else words)
    return " ".join(parts)


def _read_positive(n: int, leading: bool, le: bool, bon: bool, ngan: bool) -> str:
    upper, lower = divmod(n, _BILLION)
    parts: list[str] = []
    if upper:
        parts.append(_read_positive(upper, leading, le, bon, ngan) + " tỷ")
    if lower:
        parts.append(_read_below_billion(lower, leading and not upper, le, bon, ngan))
    return " ".join(parts)


def read_number(n: int, *, le: bool = False, bon: bool = False, ngan: bool = False) -> str:
    """Read the integer ``n`` in lower-case Vietnamese words (the accounting convention).

    Rules (see shared/reference/vietnamese-numbers.md):

    * groups of three digits with scale words (none), nghìn, triệu, tỷ; a 000 group is
      skipped together with its scale word;
    * the leftmost group is read without leading zeros; every other non-zero group is read
      as three digits: "không trăm" for a zero hundreds digit, "linh" for a zero tens digit
      before a non-zero unit (4.065 = bốn nghìn không trăm sáu mươi lăm, 1.005 = một nghìn
      không trăm linh năm);
    * mười / X mươi (never "mười không"); "mốt" and "tư" only after "X mươi"; "lăm" after
      mười / X mươi, "năm" otherwise ("linh năm", never "linh lăm"); 0 = "không";
    * negative numbers start with "âm".

    Numbers of 10^9 and more are split into the part above 10^9, read recursively (with the
    same rules) and followed by "tỷ", and the part below 10^9, read as a non-leading block
    (its first non-zero group as three digits). Hence the scales above tỷ are "nghìn tỷ"
    (10^12), "triệu tỷ" (10^15), "tỷ tỷ" (10^18), "nghìn tỷ tỷ" (10^21)... and there is no
    upper limit::

        1.000.000.000.000     một nghìn tỷ
        1.000.001.000.000     một nghìn tỷ không trăm linh một triệu
        1.001.000.000.000     một nghìn không trăm linh một tỷ
        1.000.000.000.000.000.000   một tỷ tỷ

    Options (all off by default): ``le`` says "lẻ" instead of "linh"; ``bon`` says "bốn"
    instead of "tư" after "X mươi"; ``ngan`` says "ngàn" instead of "nghìn".
    """
    n = _as_int(n)
    if n == 0:
        return "không"
    words = _read_positive(abs(n), True, bool(le), bool(bon), bool(ngan))
    return "âm " + words if n < 0 else words


def amount_in_words(
    amount: int,
    *,
    unit: int = 1,
    currency: str = "đồng",
    le: bool = False,
    bon: bool = False,
    ngan: bool = False,
    chan: bool = False,
) -> str:
    """Money phrase for ``amount * unit``: capitalised words, then ``currency``.

    ``unit`` is the multiplier of the figure: a sheet kept in thousands ("Đơn vị tính:
    1.000 đồng") passes ``unit=1000`` and the phrase is in đồng::

        amount_in_words(221542169, unit=1000) == "Hai trăm hai mươi mốt tỷ năm trăm bốn mươi
        hai triệu một trăm sáu mươi chín nghìn đồng"

    Zero gives "Không đồng"; a negative amount "Âm … đồng". ``chan=True`` appends " chẵn"
    when the amount in đồng is a non-zero multiple of 1.000 (its last group is 000); it is
    never added to zero or to an amount with a non-zero last group. ``le``/``bon``/``ngan``
    are passed to :func:`read_number`. The result is Unicode NFC.
    """
    amount = _as_int(amount, "amount")
    unit = _as_int(unit, "unit")
    if unit <= 0:
        raise ValueError(f"unit must be positive, not {unit}")
    if not isinstance(currency, str):
        raise TypeError(f"currency must be a str, not {type(currency).__name__}")
    total = amount * unit
    words = read_number(total, le=le, bon=bon, ngan=ngan)
    phrase = words[0].upper() + words[1:]
    if currency:
        phrase += " " + currency
    if chan and total and total % 1000 == 0:
        phrase += " chẵn"
    return unicodedata.normalize("NFC", phrase)


def format_number(n: int) -> str:
    """Figures with "." as thousands separator: 221542169 -> "221.542.169", -1000 -> "-1.000"."""
    n = _as_int(n)
    return f"{n:,}".replace(",", ".")


def _read_decimal(value: Decimal, le: bool, bon: bool, ngan: bool) -> str:
    """Read a finite Decimal: integer part, "phẩy", then the decimals (see VietnameseConverter)."""
    if value == value.to_integral_value():
        return read_number(int(value), le=le, bon=bon, ngan=ngan)
    negative = value < 0
    int_digits, frac_digits = format(abs(value), "f").split(".")
    frac_digits = frac_digits.rstrip("0")
    zeros = len(frac_digits) - len(frac_digits.lstrip("0"))
    words = [read_number(int(int_digits), le=le, bon=bon, ngan=ngan), "phẩy"]
    words += ["không"] * zeros
    words.append(read_number(int(frac_digits), le=le, bon=bon, ngan=ngan))
    text = " ".join(words)
    return "âm " + text if negative else text


def _to_decimal(value: object) -> Decimal | int:
    if isinstance(value, bool):
        raise TypeError("a bool is not a number to read")
    if isinstance(value, Integral):
        return operator.index(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot read {value!r} in words")
        from decimal import Decimal  # noqa: PLC0415 - decimal (1 ms of -X importtime) loads only to read a fraction

        return Decimal(repr(value))  # shortest repr: 1.1 -> Decimal("1.1")
    decimal = sys.modules.get("decimal")  # a Decimal exists only once decimal is loaded
    if decimal is not None and isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot read {value!r} in words")
        return cast("Decimal", value)
    raise TypeError(f"type {type(value).__name__} is not int, float or Decimal")


def _converter_class() -> type[Any]:
    """The class of the converter, made at its first use (it derives from num2words' base class)."""
    made = globals().get("_CONVERTER_CLASS")
    if made is not None:
        return made  # type: ignore[no-any-return]
    from num2words.base import Num2Word_Base  # noqa: PLC0415 - num2words (every language: 20 ms) loads only for a num2words user

    class VietnameseConverter(Num2Word_Base):  # type: ignore[misc]  # num2words is untyped: its base class is Any
        """num2words converter for ``lang='vi'`` built on :func:`read_number`.

        Registered as ``num2words.CONVERTER_CLASSES['vi']`` when ``drafting.vi.words`` is
        imported (``lang='vi_VN'`` falls back to it as well). Supported:

        * ``to='cardinal'`` (default) and ``to='year'``: integers of any size, negatives
          ("âm …"); floats and Decimals are read as integer part, "phẩy", then the decimal
          digits read as a number, each leading zero of the decimals said "không" and trailing
          zeros dropped (1.5 "một phẩy năm", 3.14 "ba phẩy mười bốn", 1.05 "một phẩy không
          năm", -0.5 "âm không phẩy năm"); floats use their shortest repr. Keyword options
          ``le``, ``bon``, ``ngan`` of :func:`read_number` are accepted.
        * ``to='ordinal'``: "thứ nhất", "thứ tư", otherwise "thứ " + cardinal (non-negative
          integers only).
        * ``to='currency'``: ``currency='VND'`` only (the default); the value must be a whole
          number of đồng and is read by :func:`amount_in_words` (options ``unit``, ``le``,
          ``bon``, ``ngan``, ``chan``); ``cents``, ``separator`` and ``adjective`` are ignored
          because the đồng has no subunit in use.

        Strings given to ``num2words`` are parsed by num2words itself as Python decimals
        (``"1.5"`` is one and a half), not as Vietnamese figures.
        """

        CURRENCY_FORMS = {"VND": ("đồng", "đồng")}

        def setup(self) -> None:
            self.negword = "âm "
            self.pointword = "phẩy"

        def to_cardinal(self, value: object, le: bool = False, bon: bool = False, ngan: bool = False) -> str:
            number = _to_decimal(value)
            if isinstance(number, int):
                return read_number(number, le=le, bon=bon, ngan=ngan)
            return _read_decimal(number, le, bon, ngan)

        def to_ordinal(self, value: SupportsInt, le: bool = False, bon: bool = False, ngan: bool = False) -> str:
            self.verify_ordinal(value)
            n = int(value)
            if n == 1:
                return "thứ nhất"
            if n == 4:
                return "thứ tư"
            return "thứ " + read_number(n, le=le, bon=bon, ngan=ngan)

        def to_year(
            self, value: object, le: bool = False, bon: bool = False, ngan: bool = False, **kwargs: object
        ) -> str:
            return self.to_cardinal(value, le=le, bon=bon, ngan=ngan)

        def to_currency(
            self,
            val: object,
            currency: str = "VND",
            cents: bool = True,
            separator: str = ",",
            adjective: bool = False,
            *,
            unit: int = 1,
            le: bool = False,
            bon: bool = False,
            ngan: bool = False,
            chan: bool = False,
        ) -> str:
            if currency not in self.CURRENCY_FORMS:
                raise NotImplementedError(f'Currency code "{currency}" not implemented for "{type(self).__name__}"')
            number = _to_decimal(val)
            if not isinstance(number, int):
                if number != number.to_integral_value():
                    raise ValueError(f"{val!r} is not a whole number of đồng")
                number = int(number)
            return amount_in_words(
                number,
                unit=unit,
                currency=self.CURRENCY_FORMS[currency][0],
                le=le,
                bon=bon,
                ngan=ngan,
                chan=chan,
            )

    VietnameseConverter.__qualname__ = "VietnameseConverter"  # as a class of the module (repr, pickle)
    globals()["_CONVERTER_CLASS"] = VietnameseConverter
    return VietnameseConverter


if TYPE_CHECKING:
    VietnameseConverter: type[Any]


def __getattr__(name: str) -> Any:
    if name == "VietnameseConverter":
        import num2words  # noqa: F401, PLC0415 - num2words loads only for a num2words user; loading it registers ours

        return _converter_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register() -> Any:
    """Install a :class:`VietnameseConverter` as num2words' ``vi`` converter and return it."""
    import num2words as _num2words  # noqa: PLC0415 - num2words (every language: 20 ms) loads only for a num2words user

    cls = _converter_class()
    converter = _num2words.CONVERTER_CLASSES.get("vi")
    if not isinstance(converter, cls):
        converter = cls()
        _num2words.CONVERTER_CLASSES["vi"] = converter
    return converter


class _RegisterOnImport:
    """A finder that, the first time num2words is imported, lets it load as usual and then registers our
    converter (so ``num2words(n, lang="vi")`` reads as drafting does, whenever num2words comes to be loaded)."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name != "num2words":
            return None
        _unhook()
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec: ModuleSpec | None = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        loader: Any = spec.loader
        exec_module = getattr(loader, "exec_module", None)
        if loader is None or exec_module is None:
            return spec

        def exec_then_register(module: ModuleType) -> None:
            exec_module(module)
            register()

        loader.exec_module = exec_then_register
        return spec


def _unhook() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _RegisterOnImport)]


if "num2words" in sys.modules:
    register()
elif not any(isinstance(f, _RegisterOnImport) for f in sys.meta_path):
    sys.meta_path.insert(0, _RegisterOnImport())
