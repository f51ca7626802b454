"""Every timeline label printed in the five seeds parses to the years the seed means (issue 5)."""

from __future__ import annotations

import pytest

from drafting.vi.timeline import parse_timeline

P26 = (2026, 2030)
ALL26 = tuple(range(2026, 2031))

# (seed, label exactly as printed, plan period, years it means)
LABELS = [
    # seed 000 (Hà Nội, appendix "Lộ trình thực hiện")
    ("000", "2026", P26, (2026,)),
    ("000", "Định kỳ/thường xuyên", P26, ALL26),
    ("000", "2027-2030", P26, (2027, 2028, 2029, 2030)),
    ("000", "Hàng năm", P26, ALL26),
    ("000", "2026-2030", P26, ALL26),
    ("000", "2026 - 2030", P26, ALL26),
    ("000", "Quý III-IV/2026", P26, (2026,)),
    ("000", "2026, 2028, 2030", P26, (2026, 2028, 2030)),
    ("000", "2027, 2029", P26, (2027, 2029)),
    ("000", "2028", P26, (2028,)),
    ("000", "2027", P26, (2027,)),
    ("000", "Theo dự án", P26, ALL26),
    # seed 001 (Bắc Ninh, plan body "Thời gian:")
    ("001", "Hàng năm", P26, ALL26),
    ("001", "hàng năm (theo hình thức luân phiên)", P26, ALL26),
    ("001", "hàng năm (lồng ghép trong các chuyến trao đổi đoàn Lãnh đạo của hai tỉnh)", P26, ALL26),
    ("001", "năm 2026", P26, (2026,)),
    ("001", "năm 2026-2027", P26, (2026, 2027)),
    ("001", "Trong giai đoạn 2026-2030", P26, ALL26),
    ("001", "năm 2027", P26, (2027,)),
    (
        "001",
        "năm 2027, 2029 (lồng ghép trong các chuyến công tác của Lãnh đạo tỉnh Xay Sôm Bun đến thăm và làm "
        "việc tại tỉnh)",
        P26,
        (2027, 2029),
    ),
    ("001", "Hàng năm (lồng ghép trong các chuyến công tác của Lãnh đạo tỉnh)", P26, ALL26),
    ("001", "Hàng năm (3 tháng/năm)", P26, ALL26),
    ("001", "năm 2026 - 2027", P26, (2026, 2027)),
    ("001", "Từ năm 2026", P26, ALL26),
    ("001", "Từ năm 2027", P26, (2027, 2028, 2029, 2030)),
    ("001", "Hàng năm (mỗi năm 05 người trong 03 tháng)", P26, ALL26),
    ("001", "Năm 2027, 2030", P26, (2027, 2030)),
    (
        "001",
        "Năm 2026 (thực hiện trong chuyến công tác của Lãnh đạo tỉnh Bắc Ninh sang thăm, làm việc với tỉnh "
        "Xay Sôm Bun, có đại diện Lãnh đạo Công an tỉnh đi cùng)",
        P26,
        (2026,),
    ),
    ("001", "Năm 2027, 2029", P26, (2027, 2029)),
    ("001", "Năm 2028", P26, (2028,)),
    ("001", "Năm 2030", P26, (2030,)),
    ("001", "năm 2027, 2028, 2029, 2030 (theo hình thức luân phiên)", P26, (2027, 2028, 2029, 2030)),
    (
        "001",
        "năm 2027, 2029 (thực hiện cùng đoàn công tác của Ủy ban MTTQ tỉnh sang tỉnh Xây Sớm Bun)",
        P26,
        (2027, 2029),
    ),
    ("001", "năm 2028", P26, (2028,)),
    ("001", "Năm 2026", P26, (2026,)),
    # seed 001, budget sheet "Thời gian thực hiện (năm)"
    ("001", "2026, 2028, 2030", P26, (2026, 2028, 2030)),
    ("001", "2027-2030", P26, (2027, 2028, 2029, 2030)),
    ("001", "2026-2027", P26, (2026, 2027)),
    ("001", "2026, 2027", P26, (2026, 2027)),
    ("001", "2028, 2030", P26, (2028, 2030)),
    ("001", "2030", P26, (2030,)),
    # seed 004 (Khánh Hòa 2022, table "Thời gian thực hiện")
    ("004", "Quý I năm 2022", (2022, 2022), (2022,)),
    ("004", "Thường xuyên", (2022, 2022), (2022,)),
    ("004", "Quý II hoặc III năm 2022", (2022, 2022), (2022,)),
    ("004", "Quý II hoặc III 2022", (2022, 2022), (2022,)),
    ("004", "Quý III hoặc IV năm 2022", (2022, 2022), (2022,)),
    # seed 002 (Hải Dương - Viên Chăn) and 003 (Gia Lai) state their periods in running text
    ("002", "Từ năm 2024-2028", (2024, 2028), (2024, 2025, 2026, 2027, 2028)),
    ("002", "Trong giai đoạn 2024-2028", (2024, 2028), (2024, 2025, 2026, 2027, 2028)),
    ("003", "Giai đoạn 2026 - 2030", P26, ALL26),
    ("003", "Hằng năm", P26, ALL26),
    ("003", "định kỳ hằng quý", P26, ALL26),
]


@pytest.mark.parametrize("seed,label,period,years", LABELS, ids=[f"{s}:{l[:40]}" for s, l, _, _ in LABELS])
def test_seed_label(seed, label, period, years):
    assert parse_timeline(label, period).years == years


@pytest.mark.parametrize(
    "lines,years",
    [
        # seed 001 task 2.3: "Thời gian:" then one line per year
        (
            [
                "- Năm 2027: Đón đoàn cán bộ lãnh đạo cấp Sở, ngành",
                "- Năm 2028: Đón đoàn cán bộ lãnh đạo cấp huyện",
                "- Năm 2029: Đón đoàn cán bộ lãnh đạo cấp phòng có quy hoạch lãnh đạo cấp Sở, ngành",
                "- Năm 2030: Đón đoàn cán bộ lãnh đạo cấp phòng có quy hoạch lãnh đạo cấp huyện",
            ],
            (2027, 2028, 2029, 2030),
        ),
        # seed 001 task 3.3: a count of classes per year
        (
            [
                "Năm 2026: tổ chức 01 lớp",
                "Năm 2027: tổ chức 05 lớp",
                "Năm 2028: tổ chức 04 lớp",
                "Năm 2029: tổ chức 05 lớp",
                "Năm 2030: tổ chức 02 lớp",
            ],
            ALL26,
        ),
    ],
)
def test_seed_schedules(lines, years):
    assert parse_timeline(None, P26, lines).years == years
