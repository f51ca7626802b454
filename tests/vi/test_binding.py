"""Non-breaking hyphens and spaces, and titles broken at phrase boundaries (drafting/vi/text.py)."""

from __future__ import annotations

import pytest

from drafting.vi.text import NB_HYPHEN, NBSP, bind_hyphens, bind_units, break_title, lower_first

H, S = NB_HYPHEN, NBSP


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Kế hoạch số 149/KH-UBND", f"Kế hoạch số 149/KH{H}UBND"),
        ("giai đoạn 2026-2030", f"giai đoạn 2026{H}2030"),
        ("tỉnh Ăt-ta-pư", f"tỉnh Ăt{H}ta{H}pư"),
        ("quý III-IV/2026", f"quý III{H}IV/2026"),
        ("Văn hóa - Du lịch", "Văn hóa - Du lịch"),  # a spaced dash is a break between phrases
        ("- Lưu: VT, NgV.", "- Lưu: VT, NgV."),  # a list dash stays
        ("88/2014/TT-BGTVT", f"88/2014/TT{H}BGTVT"),
        ("", ""),
    ],
)
def test_bind_hyphens(text, expected):
    assert bind_hyphens(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("giai đoạn 2026 - 2030", f"giai{S}đoạn{S}2026{S}-{S}2030"),
        ("GIAI ĐOẠN 2024-2028", f"GIAI{S}ĐOẠN{S}2024{H}2028"),
        ("hợp tác năm 2027", f"hợp tác năm{S}2027"),
        ("Kế hoạch số 149/KH-UBND", f"Kế hoạch số{S}149/KH{H}UBND"),
        ("giai đoạn tới", f"giai{S}đoạn tới"),
        ("các năm tới", "các năm tới"),
    ],
)
def test_bind_units(text, expected):
    assert bind_units(text) == expected


def _width(s: str) -> float:
    return len(s)  # one unit a character: easy to reason about


def test_short_title_is_left_alone():
    assert break_title("Hợp tác năm 2027", 40, _width) == "Hợp tác năm 2027"


def test_title_lines_fit_and_never_break_a_bound_unit():
    text = bind_units(
        "Triển khai thực hiện Thỏa thuận hợp tác giữa UBND tỉnh Bắc Ninh và Ủy ban Chính quyền "
        "tỉnh Xay Sôm Bun (Lào) giai đoạn 2026 - 2030 năm 2027"
    )
    out = break_title(text, 60, _width)
    lines = out.split("\n")
    assert len(lines) == 3 and all(len(l) <= 60 for l in lines)
    assert out.replace("\n", " ") == text
    assert not lines[-1].startswith("2027") and f"giai{S}đoạn{S}2026" in out  # "2027" is never alone


def test_title_breaks_before_a_preposition_rather_than_inside_a_name():
    text = bind_units("Kế hoạch hợp tác với tỉnh Hủa Phăn về giáo dục và đào tạo nguồn nhân lực năm 2028")
    lines = break_title(text, 50, _width).split("\n")
    assert len(lines) == 2
    first_word = lines[1].split(" ")[0].lower()
    assert first_word in ("về", "và", "với", f"năm{S}2028".lower()) or lines[1].startswith(("về", "với")), lines
    assert not lines[0].endswith("Hủa") and not lines[1].startswith("Phăn")


def test_balanced_lines():
    text = " ".join(["hợp tác"] * 12)
    lines = break_title(text, 60, _width).split("\n")
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) <= 8


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đã tổ chức hội nghị", "đã tổ chức hội nghị"),
        ("Hoàn thành", "hoàn thành"),
        ("UBND tỉnh đã phê duyệt", "UBND tỉnh đã phê duyệt"),
        ("HĐND tỉnh thông qua", "HĐND tỉnh thông qua"),
        ("ASEAN", "ASEAN"),
        ("Ê-kíp phiên dịch", "ê-kíp phiên dịch"),
        ("", ""),
        ("5 cán bộ", "5 cán bộ"),
    ],
)
def test_lower_first_keeps_abbreviations(text, expected):
    assert lower_first(text) == expected
