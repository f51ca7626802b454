"""The coverage matcher itself: what it forgives (on purpose) and what it still catches."""

from __future__ import annotations

import re

from seedcov import Block, Exclude, clean, fold, match_exact, match_ocr, norm, norm_unit, split_seed


def _found(seed: str, doc: str) -> dict[str, bool]:
    units = split_seed(seed, []).units
    match_exact(units, doc)
    return {u.text: u.found for u in units}


def test_markup_numbering_bullets_end_marks_and_dates_are_normalised():
    assert (
        norm_unit(clean("**1.2.** Trao đổi đoàn, ngày 05 tháng 03 năm 2026;"))
        == "trao đổi đoàn, ngày 5 tháng 3 năm 2026"
    )
    assert norm_unit(clean("*- Năm 2030: Đón đoàn.*")) == "năm 2030: đón đoàn"
    assert norm("Số:\u00a0\u00a0\u00a0/KH-UBND") == "số: /kh-ubnd"
    assert norm("trước ngày 05/03/2026") == norm("trước ngày 5/3/2026")
    assert norm("150,000") == norm("150.000") and norm("2026, 2027") == "2026, 2027"


def test_a_cell_split_by_a_page_break_is_found_by_fragments_and_a_missing_cell_is_not():
    seed = (
        "TT\tNội dung\tCơ quan phối hợp\n"
        "5\tViện trợ bằng tiền\tSở Xây dựng; Văn phòng\n"
        "\n"
        "\t\tUBND tỉnh và các cơ quan liên quan\n"
        "6\tHỗ trợ <b>đào tạo</b>\tSở Y tế\n"
    )
    doc = "5\nViện trợ bằng tiền\nSở Xây dựng; Văn phòng UBND tỉnh và các cơ quan liên quan\n6\nHỗ trợ đào tạo"
    found = _found(seed, doc)
    assert found["UBND tỉnh và các cơ quan liên quan"] and found["Hỗ trợ đào tạo"]
    assert not found["Sở Y tế"]  # really absent: reported
    assert "5" not in found and "6" not in found  # the number column is the tool's


def test_exclusions_cut_whole_lines_and_debris_and_report_the_unused():
    seed = "Nội dung thật\n12\nNơi nhận: » TM. ỦY BAN\n"
    excl = [Exclude("12", "page number"), Exclude(re.compile("»"), "debris", part=True), Exclude("13", "stale")]
    split = split_seed(seed, excl)
    assert [u.text for u in split.units] == ["Nội dung thật", "Nơi nhận: TM. ỦY BAN"]
    assert [e.pattern for e in split.unused] == ["13"]


def test_ocr_lines_are_found_through_the_noise_and_unrelated_ones_are_not():
    assert fold("Poc 1ap - Tu do - Hanh phiic") == fold("Độc lập - Tự do - Hạnh phúc")
    seed = (
        "- Tang cudng phdi hop giita cac sa, ban, nganh, don vi ctia hai Thanh phd trong\n"
        "Trao doi kinh nghiém quan 1y an ninh | Cong an TP Cac don vi lién | Chuong 2027-2030\n"
        "Hop tac phat trién nang lugng tai tao gitra hai Thu do\n"
    )
    blocks = [
        Block("- Tăng cường phối hợp giữa các sở, ban, ngành, đơn vị của hai Thành phố trong triển khai", False),
        Block("9", False),
        Block("Trao đổi kinh nghiệm quản lý an ninh đô thị", False),
        Block("Công an TP", False),
        Block("Các đơn vị liên quan", False),
        Block("Chương trình trao đổi", False),
        Block("2027-2030", False),
        Block(
            "9 \n Trao đổi kinh nghiệm quản lý an ninh đô thị \n Công an TP \n Các đơn vị liên quan \n "
            "Chương trình trao đổi \n 2027-2030",
            True,
        ),
    ]
    units = split_seed(seed, [], ocr=True).units
    match_ocr(units, blocks)
    assert [u.found for u in units] == [True, True, False], [(u.text, u.score) for u in units]
