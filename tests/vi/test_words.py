"""Vietnamese numbers in words: a hand-written table of expected readings."""

import unicodedata
from decimal import Decimal

import pytest
from num2words import CONVERTER_CLASSES, num2words
from num2words.base import Num2Word_Base

from drafting.vi.words import (
    VietnameseConverter,
    amount_in_words,
    format_number,
    read_number,
    register,
)

N999 = "chín trăm chín mươi chín"  # one group 999, written out by hand

# (n, expected) — every expected string written by hand from the reference rules.
PLAIN = [
    # 0–20
    (0, "không"),
    (1, "một"),
    (2, "hai"),
    (3, "ba"),
    (4, "bốn"),
    (5, "năm"),
    (6, "sáu"),
    (7, "bảy"),
    (8, "tám"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (12, "mười hai"),
    (13, "mười ba"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (16, "mười sáu"),
    (17, "mười bảy"),
    (18, "mười tám"),
    (19, "mười chín"),
    (20, "hai mươi"),
    # every tens with units 1/4/5 (and 0): mốt / tư / lăm
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (22, "hai mươi hai"),
    (27, "hai mươi bảy"),
    (30, "ba mươi"),
    (31, "ba mươi mốt"),
    (34, "ba mươi tư"),
    (35, "ba mươi lăm"),
    (36, "ba mươi sáu"),
    (40, "bốn mươi"),
    (41, "bốn mươi mốt"),
    (44, "bốn mươi tư"),
    (45, "bốn mươi lăm"),
    (50, "năm mươi"),
    (51, "năm mươi mốt"),
    (54, "năm mươi tư"),
    (55, "năm mươi lăm"),
    (60, "sáu mươi"),
    (61, "sáu mươi mốt"),
    (64, "sáu mươi tư"),
    (65, "sáu mươi lăm"),
    (70, "bảy mươi"),
    (71, "bảy mươi mốt"),
    (74, "bảy mươi tư"),
    (75, "bảy mươi lăm"),
    (80, "tám mươi"),
    (81, "tám mươi mốt"),
    (84, "tám mươi tư"),
    (85, "tám mươi lăm"),
    (90, "chín mươi"),
    (91, "chín mươi mốt"),
    (94, "chín mươi tư"),
    (95, "chín mươi lăm"),
    (99, "chín mươi chín"),
    # 100–199: linh, linh một/bốn/năm, mười, mười lăm
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (109, "một trăm linh chín"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (114, "một trăm mười bốn"),
    (115, "một trăm mười lăm"),
    (120, "một trăm hai mươi"),
    (121, "một trăm hai mươi mốt"),
    (124, "một trăm hai mươi tư"),
    (125, "một trăm hai mươi lăm"),
    (150, "một trăm năm mươi"),
    (155, "một trăm năm mươi lăm"),
    (199, "một trăm chín mươi chín"),
    # other hundreds
    (200, "hai trăm"),
    (205, "hai trăm linh năm"),
    (301, "ba trăm linh một"),
    (404, "bốn trăm linh bốn"),
    (415, "bốn trăm mười lăm"),
    (510, "năm trăm mười"),
    (555, "năm trăm năm mươi lăm"),
    (614, "sáu trăm mười bốn"),
    (700, "bảy trăm"),
    (841, "tám trăm bốn mươi mốt"),
    (999, N999),
    # thousands: inner groups read as three digits ("không trăm", "linh")
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1004, "một nghìn không trăm linh bốn"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1011, "một nghìn không trăm mười một"),
    (1015, "một nghìn không trăm mười lăm"),
    (1021, "một nghìn không trăm hai mươi mốt"),
    (1024, "một nghìn không trăm hai mươi tư"),
    (1100, "một nghìn một trăm"),
    (1105, "một nghìn một trăm linh năm"),
    (1999, "một nghìn chín trăm chín mươi chín"),
    (2000, "hai nghìn"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (2026, "hai nghìn không trăm hai mươi sáu"),
    (4065, "bốn nghìn không trăm sáu mươi lăm"),
    (5500, "năm nghìn năm trăm"),
    (10000, "mười nghìn"),
    (10005, "mười nghìn không trăm linh năm"),
    (15000, "mười lăm nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (24000, "hai mươi tư nghìn"),
    (25000, "hai mươi lăm nghìn"),
    (35250, "ba mươi lăm nghìn hai trăm năm mươi"),
    (100000, "một trăm nghìn"),
    (101000, "một trăm linh một nghìn"),
    (105000, "một trăm linh năm nghìn"),
    (110010, "một trăm mười nghìn không trăm mười"),
    (999999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    # millions; zero groups skipped with their scale word
    (1000000, "một triệu"),
    (1000001, "một triệu không trăm linh một"),
    (1000024, "một triệu không trăm hai mươi tư"),
    (1000040, "một triệu không trăm bốn mươi"),
    (1000100, "một triệu một trăm"),
    (1001000, "một triệu không trăm linh một nghìn"),
    (1010000, "một triệu không trăm mười nghìn"),
    (1500000, "một triệu năm trăm nghìn"),
    (2005005, "hai triệu không trăm linh năm nghìn không trăm linh năm"),
    (7000011, "bảy triệu không trăm mười một"),
    (12345678, "mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám"),
    (15000000, "mười lăm triệu"),
    (23010000, "hai mươi ba triệu không trăm mười nghìn"),
    (100000000, "một trăm triệu"),
    (105000000, "một trăm linh năm triệu"),
    (999999999, "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    # tỷ
    (1000000000, "một tỷ"),
    (1000000001, "một tỷ không trăm linh một"),
    (1000001000, "một tỷ không trăm linh một nghìn"),
    (1001000000, "một tỷ không trăm linh một triệu"),
    (1234567890, "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi"),
    (2000300000, "hai tỷ ba trăm nghìn"),
    (5000000005, "năm tỷ không trăm linh năm"),
    (10000000000, "mười tỷ"),
    (21000000000, "hai mươi mốt tỷ"),
    (100000000000, "một trăm tỷ"),
    (221542169000, "hai trăm hai mươi mốt tỷ năm trăm bốn mươi hai triệu một trăm sáu mươi chín nghìn"),
    (
        999999999999,
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
    ),
    # nghìn tỷ (10^12)
    (10**12, "một nghìn tỷ"),
    (1000000000001, "một nghìn tỷ không trăm linh một"),
    (1000000000024, "một nghìn tỷ không trăm hai mươi tư"),
    (1000001000000, "một nghìn tỷ không trăm linh một triệu"),
    (1001000000000, "một nghìn không trăm linh một tỷ"),
    (1234000000000, "một nghìn hai trăm ba mươi tư tỷ"),
    (2500000000000, "hai nghìn năm trăm tỷ"),
    (15000000000000, "mười lăm nghìn tỷ"),
    (100000000000000, "một trăm nghìn tỷ"),
    # triệu tỷ (10^15)
    (10**15, "một triệu tỷ"),
    (2 * 10**15, "hai triệu tỷ"),
    (1000000000000001, "một triệu tỷ không trăm linh một"),
    (1000005000000000, "một triệu không trăm linh năm tỷ"),
    (1001000000000000, "một triệu không trăm linh một nghìn tỷ"),
    # tỷ tỷ (10^18) and beyond
    (10**18, "một tỷ tỷ"),
    (2 * 10**18, "hai tỷ tỷ"),
    (10**18 + 1, "một tỷ tỷ không trăm linh một"),
    (10**18 + 10**9, "một tỷ không trăm linh một tỷ"),
    (10**18 + 10**12, "một tỷ không trăm linh một nghìn tỷ"),
    (10**21, "một nghìn tỷ tỷ"),
    (10**24, "một triệu tỷ tỷ"),
    (
        10**21 - 1,
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín",
    ),
    # negatives
    (-1, "âm một"),
    (-15, "âm mười lăm"),
    (-1010, "âm một nghìn không trăm mười"),
    (-21000000, "âm hai mươi mốt triệu"),
    (-(10**12), "âm một nghìn tỷ"),
]

# (n, options, expected)
WITH_OPTIONS = [
    (5, {"le": True}, "năm"),
    (101, {"le": True}, "một trăm lẻ một"),
    (105, {"le": True}, "một trăm lẻ năm"),
    (1005, {"le": True}, "một nghìn không trăm lẻ năm"),
    (1010, {"le": True}, "một nghìn không trăm mười"),
    (14, {"bon": True}, "mười bốn"),
    (24, {"bon": True}, "hai mươi bốn"),
    (44, {"bon": True}, "bốn mươi bốn"),
    (104, {"bon": True}, "một trăm linh bốn"),
    (1024, {"bon": True}, "một nghìn không trăm hai mươi bốn"),
    (1000, {"ngan": True}, "một ngàn"),
    (25000, {"ngan": True}, "hai mươi lăm ngàn"),
    (1001000, {"ngan": True}, "một triệu không trăm linh một ngàn"),
    (10**12, {"ngan": True}, "một ngàn tỷ"),
    (1004105, {"le": True, "bon": True, "ngan": True}, "một triệu không trăm lẻ bốn ngàn một trăm lẻ năm"),
    (54024, {"le": True, "bon": True, "ngan": True}, "năm mươi bốn ngàn không trăm hai mươi bốn"),
]

SEED = "Hai trăm hai mươi mốt tỷ năm trăm bốn mươi hai triệu một trăm sáu mươi chín nghìn đồng"

# (amount, options, expected)
AMOUNTS = [
    (0, {}, "Không đồng"),
    (0, {"chan": True}, "Không đồng"),
    (1000, {}, "Một nghìn đồng"),
    (1000, {"chan": True}, "Một nghìn đồng chẵn"),
    (1005, {"chan": True}, "Một nghìn không trăm linh năm đồng"),
    (4065, {}, "Bốn nghìn không trăm sáu mươi lăm đồng"),
    (1500000, {"chan": True}, "Một triệu năm trăm nghìn đồng chẵn"),
    (221542169, {"unit": 1000}, SEED),
    (221542169000, {}, SEED),
    (221542169, {"unit": 1000, "chan": True}, SEED + " chẵn"),
    (1234567, {"unit": 1000}, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn đồng"),
    (1010, {"unit": 1000}, "Một triệu không trăm mười nghìn đồng"),
    (5, {"unit": 1000, "chan": True}, "Năm nghìn đồng chẵn"),
    (1, {"unit": 1000000}, "Một triệu đồng"),
    (12, {"unit": 10**9}, "Mười hai tỷ đồng"),
    (-2000, {}, "Âm hai nghìn đồng"),
    (-21, {"unit": 1000}, "Âm hai mươi mốt nghìn đồng"),
    (105, {"le": True}, "Một trăm lẻ năm đồng"),
    (24000, {"bon": True}, "Hai mươi bốn nghìn đồng"),
    (24000, {"ngan": True, "chan": True}, "Hai mươi tư ngàn đồng chẵn"),
    (15, {"currency": "đô la Mỹ"}, "Mười lăm đô la Mỹ"),
]

FIGURES = [
    (0, "0"),
    (5, "5"),
    (999, "999"),
    (1000, "1.000"),
    (1010, "1.010"),
    (221542169, "221.542.169"),
    (221542169000, "221.542.169.000"),
    (-1000, "-1.000"),
    (-999, "-999"),
]


@pytest.mark.parametrize(("n", "expected"), PLAIN)
def test_read_number(n, expected):
    assert read_number(n) == expected


@pytest.mark.parametrize(("n", "options", "expected"), WITH_OPTIONS)
def test_read_number_options(n, options, expected):
    assert read_number(n, **options) == expected


@pytest.mark.parametrize(("amount", "options", "expected"), AMOUNTS)
def test_amount_in_words(amount, options, expected):
    result = amount_in_words(amount, **options)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(("n", "expected"), FIGURES)
def test_format_number(n, expected):
    assert format_number(n) == expected


@pytest.mark.parametrize(("n", "expected"), PLAIN)
def test_num2words_cardinal_matches_table(n, expected):
    assert num2words(n, lang="vi") == expected == read_number(n)


def test_table_size():
    assert len(PLAIN) + len(WITH_OPTIONS) + len(AMOUNTS) >= 170


def test_all_readings_are_nfc():
    for n, expected in PLAIN:
        assert unicodedata.is_normalized("NFC", expected)
        assert unicodedata.is_normalized("NFC", read_number(n))


def test_nfd_currency_is_normalised():
    result = amount_in_words(1000, currency=unicodedata.normalize("NFD", "đồng"))
    assert result == "Một nghìn đồng"
    assert unicodedata.is_normalized("NFC", result)


def test_no_forbidden_forms():
    for n in range(1, 100000):
        words = read_number(n)
        assert "mười không" not in words
        assert "linh lăm" not in words
        assert not words.startswith("không")


# --- num2words integration -------------------------------------------------------------------


def test_converter_registered():
    converter = CONVERTER_CLASSES["vi"]
    assert isinstance(converter, VietnameseConverter)
    assert isinstance(converter, Num2Word_Base)
    assert register() is converter


def test_num2words_fixes_upstream_bugs():
    assert num2words(1010, lang="vi") == "một nghìn không trăm mười"
    assert num2words(10**15, lang="vi") == "một triệu tỷ"
    assert num2words(-25, lang="vi") == "âm hai mươi lăm"
    assert num2words(24, lang="vi") == "hai mươi tư"
    assert num2words(1010, lang="vi_VN") == "một nghìn không trăm mười"


def test_num2words_options_pass_through():
    assert num2words(24, lang="vi", bon=True) == "hai mươi bốn"
    assert num2words(105, lang="vi", le=True) == "một trăm lẻ năm"
    assert num2words(2000, lang="vi", ngan=True) == "hai ngàn"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.5, "một phẩy năm"),
        (0.5, "không phẩy năm"),
        (3.14, "ba phẩy mười bốn"),
        (1.05, "một phẩy không năm"),
        (10.01, "mười phẩy không một"),
        (2.25, "hai phẩy hai mươi lăm"),
        (-2.25, "âm hai phẩy hai mươi lăm"),
        (-0.5, "âm không phẩy năm"),
        (1010.5, "một nghìn không trăm mười phẩy năm"),
        (2.0, "hai"),
        (Decimal("1.50"), "một phẩy năm"),
        (Decimal("12.345"), "mười hai phẩy ba trăm bốn mươi lăm"),
        (Decimal("1E+3"), "một nghìn"),
        ("2.5", "hai phẩy năm"),
        ("1010", "một nghìn không trăm mười"),
    ],
)
def test_num2words_decimals(value, expected):
    assert num2words(value, lang="vi") == expected


def test_num2words_currency():
    assert num2words(221542169000, lang="vi", to="currency") == SEED
    assert num2words(221542169, lang="vi", to="currency", unit=1000) == SEED
    assert num2words(1000, lang="vi", to="currency", currency="VND", chan=True) == "Một nghìn đồng chẵn"
    assert num2words(0, lang="vi", to="currency") == "Không đồng"
    assert num2words(-2000, lang="vi", to="currency") == "Âm hai nghìn đồng"
    assert num2words(Decimal("4065"), lang="vi", to="currency") == "Bốn nghìn không trăm sáu mươi lăm đồng"
    with pytest.raises(NotImplementedError):
        num2words(10, lang="vi", to="currency", currency="EUR")
    with pytest.raises(ValueError):
        num2words(10.5, lang="vi", to="currency")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (14, "thứ mười bốn"),
        (21, "thứ hai mươi mốt"),
        (24, "thứ hai mươi tư"),
    ],
)
def test_num2words_ordinal(n, expected):
    assert num2words(n, lang="vi", to="ordinal") == expected


def test_num2words_year():
    assert num2words(2026, lang="vi", to="year") == "hai nghìn không trăm hai mươi sáu"


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.5, "12", True, None, Decimal("3")])
def test_read_number_rejects_non_int(bad):
    with pytest.raises(TypeError):
        read_number(bad)


def test_amount_rejects_bad_unit():
    with pytest.raises(ValueError):
        amount_in_words(1, unit=0)
    with pytest.raises(TypeError):
        amount_in_words(1.5)


def test_num2words_rejects_non_finite():
    with pytest.raises(ValueError):
        num2words(float("inf"), lang="vi")
