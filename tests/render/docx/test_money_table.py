"""Typed money strings × the plan's unit (đồng or thousand đồng) → the exact integer, or a flag (never a guess)."""

from __future__ import annotations

import re

import pytest

from drafting.vi.money import header_unit, parse_money

# (typed text, value when the plan counts in đồng, value when it counts in thousand đồng); None = flagged.
# The form's money column states the plan's unit, so a bare number is in that unit.
CASES = [
    ("120.000", 120_000, 120_000),
    ("120000", 120_000, 120_000),
    ("120,000", 120_000, 120_000),
    ("120 000", 120_000, 120_000),
    ("120.000 đồng", 120_000, 120),
    ("120.000đ", 120_000, 120),
    ("120.000.000 đ", 120_000_000, 120_000),
    ("120.000.000 VNĐ", 120_000_000, 120_000),
    ("120.000.000 VND", 120_000_000, 120_000),
    ("120.000.000 vnđ", 120_000_000, 120_000),
    ("120 triệu", 120_000_000, 120_000),
    ("120 triệu đồng", 120_000_000, 120_000),
    ("120 tr", 120_000_000, 120_000),
    ("120tr", 120_000_000, 120_000),
    ("1,5 tỷ", 1_500_000_000, 1_500_000),
    ("1,5 tỷ đồng", 1_500_000_000, 1_500_000),
    ("2 tỉ", 2_000_000_000, 2_000_000),
    ("1 tỷ 200 triệu", 1_200_000_000, 1_200_000),
    ("1 tỷ 200 triệu đồng", 1_200_000_000, 1_200_000),
    ("120.000 nghìn đồng", 120_000_000, 120_000),
    ("120 ngàn", 120_000, 120),
    ("350 nghìn", 350_000, 350),
    ("2,75 triệu", 2_750_000, 2_750),
    ("500 đồng", 500, None),  # half a thousand: not a whole number of thousand đồng
    ("12,5", None, None),  # a decimal without a scale word: flagged in both units
    ("0", 0, 0),
    ("-", 0, 0),
    ("Không", 0, 0),
    ("không phát sinh", 0, 0),
    ("khoảng 120 triệu", None, None),
    ("100-120 triệu", None, None),
    ("trên 50 triệu", None, None),
    ("dự kiến 30 triệu", None, None),
    ("120.00.000", None, None),  # broken grouping
    ("một trăm triệu", None, None),
    ("chưa rõ", None, None),
    ("1.5", None, None),  # English decimal without a scale word
    ("0,5 tỷ", 500_000_000, 500_000),
    ("1.234.567 đồng", 1_234_567, None),
]


@pytest.mark.parametrize("unit", [1, 1000])
@pytest.mark.parametrize("text,in_dong,in_thousands", CASES)
def test_money_reading(text, in_dong, in_thousands, unit):
    expected = in_dong if unit == 1 else in_thousands
    m = parse_money(text, column_unit=unit, unit=unit)
    assert m.value == expected, (text, unit, m)
    if expected is None:
        assert m.flag and text.strip() in m.flag  # the clerk is told, with the raw text
    if m.value:
        typed = int(re.sub(r"\D", "", text))
        # a figure that is not the number typed (read in another unit) comes with a line telling the clerk
        assert (m.note is not None) == (m.value != typed), m


def test_cases_are_many_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize(
    "header,unit",
    [
        ("Kinh phí đã sử dụng (1.000 đồng)", 1000),
        ("Kinh phí đã sử dụng (đồng)", 1),
        ("Kinh phí đã sử dụng (nghìn đồng)", 1000),
        ("Kinh phí đã sử dụng (triệu đồng)", 10**6),
        ("Kinh phí đã sử dụng (VNĐ)", 1),
        ("Kinh phí đã sử dụng", None),
    ],
)
def test_header_unit(header, unit):
    assert header_unit(header) == unit


def test_a_column_in_thousands_converted_to_a_plan_in_dong_says_so():
    m = parse_money("120.000", column_unit=1000, unit=1)
    assert m.value == 120_000_000 and "đã đổi thành 120.000.000 đồng" in m.note
