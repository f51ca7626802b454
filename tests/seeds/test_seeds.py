"""Every seed document is carried by its example: one table of seeds, their examples and what they forgive.

A seed (``../shared/seeds/NNN_*.txt``) is the text of a real document; ``seedcov`` measures how much of it the
.docx rendered from its example holds (100 % required). Per seed, as data: the example spec, how lines are
matched (``exact``, or ``ocr`` for a scan without reliable diacritics: both sides folded to ASCII, a difflib
similarity of at least 0.85 per line), the seed's page furniture left out (``exclude``), and lines the
document prints otherwise on purpose (``readings``: the document must hold the human reading, exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from seedcov import EXAMPLES, Exclude, Reading, check_exclusions, check_seed


@dataclass(frozen=True)
class Seed:
    number: str
    spec: str
    what: str
    match: str = "exact"
    exclude: list[Exclude] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)


SEEDS = [
    Seed(
        "000",
        "ha-noi-2026-2030/ke-hoach.yaml",
        "Hà Nội – Viêng Chăn plan and its 48-task appendix",
        "ocr",
        exclude=[
            # Whole lines. In the appendix table the OCR put a row's number on a line of its own, with dots and
            # letters that are its reading of the diacritics of the wrapped cells around it. The tool numbers
            # the rows itself and the row's text is on the lines before and after.
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
        ],
        readings=[
            Reading(
                re.compile(r"\(Ban hanh kém theo Ké hoach sé /KH-UBND ngay /03/2026"),
                "(Ban hành kèm theo Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026",
                "the draft left the number and day blank; the tool fills them from the plan (issue 3)",
            ),
            Reading(
                re.compile(r"Stt Tén nhiém vu Co quan chii \| Co quanphdi \| Kétquia \| L9 trinh"),
                "Tên nhiệm vụ",
                "OCR of the header row; its cells are checked one by one here and below",
            ),
            Reading(
                re.compile(r"tri hop thuwe hién \| thuc hién"),
                "Lộ trình thực hiện",
                "OCR of the header row's second line",
            ),
            Reading(
                re.compile(r"45 dugc giao phu \| cac don vi lién \| trg an"),
                "Các đơn vị được giao phụ trách theo dõi dự án",
                "OCR of row 45's interleaved cells",
            ),
        ],
    ),
    # 001: no page number, header or footer; budget rows a page break split are rejoined by the matcher
    Seed(
        "001",
        "bac-ninh-2026-2030/ke-hoach.yaml",
        "Bắc Ninh – Xay Sôm Bun plan and its budget sheet",
        readings=[
            Reading(
                re.compile(r"BIỂU KHAI TOÁN KINH PHÍ .*"),
                "BIỂU KHÁI TOÁN KINH PHÍ CÁC NỘI DUNG HỢP TÁC VỚI TỈNH XÂY SỔM BUN GIAI ĐOẠN 2026-2030",
                "typo in the seed: KHAI for KHÁI; the example keeps what the document means",
            ),
        ],
    ),
    Seed(
        "002",
        "hai-duong-vientiane-2024-2028/van-ban-hop-tac.yaml",
        "Hải Dương – Viêng Chăn cooperation document 2024-2028",
    ),
    Seed("003", "gia-lai-2026-2030/ke-hoach.yaml", "Gia Lai – southern Lao provinces plan 2026-2030"),
    Seed(
        "004",
        "khanh-hoa-2022/ke-hoach.yaml",
        "Khánh Hòa – Lao localities plan 2022, with its task table",
        exclude=[Exclude("12", "page number of the scan, printed between the recipients and the signature")],
        # Decree 30 formatting the tool applies where the seed slipped: "Lưu:" takes a colon, "KT." a space
        readings=[
            Reading("- Lưu VT, NN, HN.", "- Lưu: VT, NN, HN.", "the Lưu line takes a colon (Decree 30, Phụ lục I)"),
            Reading("KT.CHỦ TỊCH", "KT. CHỦ TỊCH", "a space after the authority prefix"),
        ],
    ),
]
IDS = [f"{s.number}-{s.spec.split('/')[0]}" for s in SEEDS]


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
def test_exclusions_match_the_seed(seed):
    """Every exclusion cuts something: a stale one hides nothing but misleads."""
    check_exclusions(seed.number, seed.exclude, ocr=seed.match == "ocr")


@pytest.mark.parametrize("seed", SEEDS, ids=IDS)
def test_coverage(seed, tmp_path):
    check_seed(seed.number, EXAMPLES / seed.spec, tmp_path, seed.exclude, match=seed.match, readings=seed.readings)
