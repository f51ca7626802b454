"""Pure Vietnamese helpers: dates, numbering, timelines."""

from __future__ import annotations

import pytest

from drafting.vi.dates import BLANK, DateProblem, DocDate, long_date, parse_date, place_date
from drafting.vi.numbering import heading_number, letter, roman
from drafting.vi.timeline import TimelineProblem, parse_timeline


@pytest.mark.parametrize(
    "value,expected",
    [
        ("27/3/2026", "ngày 27 tháng 3 năm 2026"),
        ("5/1/2026", "ngày 05 tháng 01 năm 2026"),
        ("18/12/2025", "ngày 18 tháng 12 năm 2025"),
        ("9/2/2026", "ngày 09 tháng 02 năm 2026"),
        ("2026-03-27", "ngày 27 tháng 3 năm 2026"),
        ({"thang": 4, "nam": 2026}, f"ngày {BLANK} tháng 4 năm 2026"),
        ("4/2026", f"ngày {BLANK} tháng 4 năm 2026"),
        ({"nam": 2026}, f"ngày {BLANK} tháng {BLANK} năm 2026"),
        ("29/2/2028", "ngày 29 tháng 02 năm 2028"),
    ],
)
def test_long_date_leading_zero_rule(value, expected):
    assert long_date(parse_date(value)) == expected


@pytest.mark.parametrize(
    "value",
    ["29/2/2026", "31/4/2026", "0/1/2026", "1/13/2026", "2026-02-30", "ngày mai", {"ngay": 5, "nam": 2026}, "1/1/1800"],
)
def test_impossible_dates(value):
    with pytest.raises(DateProblem):
        parse_date(value)


def test_place_date():
    assert place_date("Hà Nội", DocDate(2026, 3, 27)) == "Hà Nội, ngày 27 tháng 3 năm 2026"


@pytest.mark.parametrize(
    "n,r",
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (8, "VIII"),
        (9, "IX"),
        (10, "X"),
        (13, "XIII"),
        (14, "XIV"),
        (19, "XIX"),
        (40, "XL"),
    ],
)
def test_roman(n, r):
    assert roman(n) == r


def test_letters_and_heading_numbers():
    assert [letter(i) for i in (1, 2, 26, 27)] == ["a", "b", "z", "aa"]
    assert heading_number(1, 3) == "3."
    assert heading_number(2, 4, "2") == "2.4."
    assert heading_number(3, 2) == "b)"
    assert heading_number(4, 1) == "-"


P = (2026, 2030)
ALL = tuple(range(2026, 2031))


@pytest.mark.parametrize(
    "label,years",
    [
        ("Hàng năm", ALL),
        ("hằng năm", ALL),
        ("Thường xuyên", ALL),
        ("Định kỳ/thường xuyên", ALL),
        ("Theo dự án", ALL),
        ("Năm 2026", (2026,)),
        ("năm 2026", (2026,)),
        ("2027, 2029", (2027, 2029)),
        ("Năm 2027, 2028, 2029, 2030 (theo hình thức luân phiên)", (2027, 2028, 2029, 2030)),
        ("2026-2030", ALL),
        ("2026 - 2030", ALL),
        ("Trong giai đoạn 2026-2030", ALL),
        ("năm 2026 - 2027", (2026, 2027)),
        ("Từ năm 2027", (2027, 2028, 2029, 2030)),
        ("Từ năm 2026", ALL),
        ("Quý III-IV/2026", (2026,)),
        ("Quý II hoặc III năm 2026", (2026,)),
        ("Hàng năm (3 tháng/năm)", ALL),
        ("Năm 2026 (thực hiện trong chuyến công tác của Lãnh đạo tỉnh)", (2026,)),
        ("năm 2027, 2029 (lồng ghép trong các chuyến công tác của Lãnh đạo tỉnh Xay Sôm Bun)", (2027, 2029)),
        ("2026, 2028, 2030", (2026, 2028, 2030)),
    ],
)
def test_timeline_labels(label, years):
    assert parse_timeline(label, P).years == years


def test_schedule_lines_give_years():
    t = parse_timeline(None, P, ["- Năm 2027: Đón đoàn", "Năm 2028: Đón đoàn", "Năm 2030: x"])
    assert t.years == (2027, 2028, 2030)


@pytest.mark.parametrize("label", ["khi có điều kiện", "sớm", "2030-2026"])
def test_unreadable_timelines(label):
    with pytest.raises(TimelineProblem):
        parse_timeline(label, P)
