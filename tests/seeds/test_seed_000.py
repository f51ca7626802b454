"""Seed 000 (Hà Nội – Viêng Chăn plan and its 48-task appendix) is carried by its example.

The seed is an OCR of a scan without reliable diacritics: both sides are folded to ASCII and
compared with a difflib similarity of at least 0.85 per line (see seedcov.match_ocr).
"""
from __future__ import annotations

import re

from seedcov import EXAMPLES, Exclude, Reading, check_exclusions, check_seed

SPEC = EXAMPLES / "ha-noi-2026-2030" / "ke-hoach.yaml"

EXCLUDE = [
    # Whole lines. In the appendix table the OCR put a row's number on a line of its own, with
    # dots and letters that are its reading of the diacritics of the wrapped cells around it.
    # The tool numbers the rows itself and the row's text is on the lines before and after.
    Exclude("7 ., . by an £ £ )", "row number 7 and OCR debris"),
    Exclude("20 en L, A", "row number 20 and OCR debris"),
    Exclude("27 .", "row number 27 and a stray dot"),
    Exclude("31 . . Y \\ A 3}", "row number 31 and OCR debris"),
    Exclude("39 - . . A A", "row number 39 and OCR debris"),
    Exclude("43 R . . R", "row number 43 and OCR debris"),
    # Debris inside lines (cut out, the rest of the line stays content).
    Exclude(re.compile(r"»"), "OCR's '»' between the 'Nơi nhận:' column and the signature block", part=True),
    Exclude(re.compile(r",\s*-$"), "OCR's ', -' after 'KT. CHỦ TỊCH' (a stroke of the signature)", part=True),
    Exclude(re.compile(r"\}"), "the brace grouping two recipients before '(để b/c)'", part=True),
    Exclude(re.compile(r"^_="), "the signature's scribble read as '_=' before the signer's name", part=True),
]


# Lines the document prints otherwise on purpose, or that the OCR damaged beyond a fuzzy match: the
# document must hold the human reading, exactly.
READINGS = [
    Reading(re.compile(r"\(Ban hanh kém theo Ké hoach sé /KH-UBND ngay /03/2026"),
            "(Ban hành kèm theo Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026",
            "the draft left the number and day blank; the tool fills them from the plan (issue 3)"),
    Reading(re.compile(r"Stt Tén nhiém vu Co quan chii \| Co quanphdi \| Kétquia \| L9 trinh"),
            "Tên nhiệm vụ", "OCR of the header row; its cells are checked one by one here and below"),
    Reading(re.compile(r"tri hop thuwe hién \| thuc hién"), "Lộ trình thực hiện",
            "OCR of the header row's second line"),
    Reading(re.compile(r"45 dugc giao phu \| cac don vi lién \| trg an"),
            "Các đơn vị được giao phụ trách theo dõi dự án", "OCR of row 45's interleaved cells"),
]


def test_seed_000_exclusions_match_the_seed():
    check_exclusions("000", EXCLUDE, ocr=True)


def test_seed_000_coverage(tmp_path):
    check_seed("000", SPEC, tmp_path, EXCLUDE, match="ocr", readings=READINGS)
