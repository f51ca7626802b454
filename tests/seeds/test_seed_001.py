"""Seed 001 (Bắc Ninh – Xay Sôm Bun plan and its budget sheet appendix) is carried by its example."""
from __future__ import annotations

import re

from seedcov import EXAMPLES, Exclude, Reading, check_exclusions, check_seed

SPEC = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml"

# None: the extraction kept no page number, header or footer. The budget table's rows that a
# page break split over two lines are rejoined by the matcher (continuation fragments).
EXCLUDE: list[Exclude] = []

# the budget sheet's title: the seed misspells "KHÁI TOÁN" (its own text says "Khái toán kinh phí")
READINGS = [
    Reading(re.compile(r"BIỂU KHAI TOÁN KINH PHÍ .*"),
            "BIỂU KHÁI TOÁN KINH PHÍ CÁC NỘI DUNG HỢP TÁC VỚI TỈNH XÂY SỔM BUN GIAI ĐOẠN 2026-2030",
            "typo in the seed: KHAI for KHÁI; the example keeps what the document means"),
]


def test_seed_001_exclusions_match_the_seed():
    check_exclusions("001", EXCLUDE)


def test_seed_001_coverage(tmp_path):
    check_seed("001", SPEC, tmp_path, EXCLUDE, readings=READINGS)
