"""A generated stress set for the layout tests: plans other provinces might write, at the edges of what
the layout must hold — a one-year plan, a three-year plan with a body task table, a ten-year plan with
figures up to tens of billions, very long agency names, groups of a single row, many tasks."""

from __future__ import annotations

import copy
import random

LONG_AGENCY = "Ban Quản lý Khu kinh tế cửa khẩu quốc tế Lao Bảo và các khu công nghiệp tỉnh Quảng Trị"
AGENCIES = [
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tài chính",
    "Sở Nông nghiệp và Môi trường",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    LONG_AGENCY,
    "Liên hiệp các tổ chức hữu nghị tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
]
TOPICS = [
    "y tế",
    "giáo dục, đào tạo",
    "văn hóa, thể thao và du lịch",
    "nông nghiệp công nghệ cao",
    "an ninh, quốc phòng biên giới",
    "thương mại, đầu tư qua cửa khẩu Lao Bảo - Đen-sa-vẳn",
]


def _task(rng: random.Random, k: int, years: tuple[int, int], long: bool) -> dict:
    tu, den = years
    y = rng.randint(tu, den)
    words = rng.randint(8, 60 if long else 25)
    filler = " ".join(
        rng.choice(
            [
                "trao đổi",
                "kinh nghiệm",
                "đoàn công tác",
                "hợp tác",
                "cán bộ",
                "đào tạo",
                "tỉnh Sa-van-na-khệt",
                "theo Kế hoạch số 149/KH-UBND",
                "hội thảo",
                "giai đoạn",
                "tăng cường",
                "phát triển",
            ]
        )
        for _ in range(words)
    )
    return {
        "nhiem_vu": {
            "ten": f"Nhiệm vụ số {k}: {filler}.",
            "thoi_gian": f"Năm {y}" if rng.random() < 0.5 else ("Hàng năm" if den > tu else f"Năm {tu}"),
            "chu_tri": rng.choice(AGENCIES),
            "phoi_hop": ", ".join(rng.sample(AGENCIES, rng.randint(1, 4))),
            "ket_qua": rng.choice(["Báo cáo kết quả", "02 đoàn được đón tiếp", "Biên bản ghi nhớ được ký kết"]),
        }
    }


def _budget(rng: random.Random, years: tuple[int, int], groups: int, big: bool) -> dict:
    tu, den = years
    nhom = []
    for g in range(groups):
        lines = []
        for k in range(1 if g % 2 == 0 else rng.randint(2, 4)):  # single-row groups on purpose
            # a ten-year sheet counts in millions (as offices do: thousands would not fit ten columns)
            amounts = {
                y: rng.randint(100, 90000) if big else rng.randint(1000, 900000)
                for y in range(tu, den + 1)
                if rng.random() < 0.8
            }
            lines.append(
                {
                    "noi_dung": f"Hoạt động {k + 1} về {TOPICS[g % len(TOPICS)]} với tỉnh Xiêng Khoảng",
                    "thoi_gian": "Hàng năm" if den > tu else str(tu),
                    "chu_tri": rng.choice(AGENCIES),
                    "phoi_hop": ", ".join(rng.sample(AGENCIES, 2)),
                    "so_tien": amounts or {tu: 1000},
                }
            )
        nhom.append({"ten": f"Hợp tác về {TOPICS[g % len(TOPICS)]}", "dong": lines})
    return {
        "loai": "kinh_phi",
        "ten": f"Biểu khái toán kinh phí giai đoạn {tu}-{den}" if den > tu else f"Biểu khái toán kinh phí năm {tu}",
        "don_vi": 1000000 if big else 1000,
        "cong_nhom": True,
        "danh_so": "theo_nhom",
        "nhom": nhom,
    }


def registry() -> dict:
    """The co-quan.yaml beside the generated specs: the agencies they name."""
    return {"co_quan": [{"ten": a} for a in AGENCIES]}


def stress_specs(base: dict) -> dict[str, dict]:
    """name → spec data, built on ``base`` (the with_appendices fixture)."""
    out = {}
    for name, years, tasks, long, big, groups, body_table, province in (
        ("quang-tri-2027", (2027, 2027), 9, True, False, 5, False, "Quảng Trị"),
        ("dien-bien-2026-2028", (2026, 2028), 14, False, False, 4, True, "Điện Biên"),
        ("nghe-an-2026-2035", (2026, 2035), 40, True, True, 6, False, "Nghệ An"),
    ):
        rng = random.Random(name)
        d = copy.deepcopy(base)
        tu, den = years
        d["giai_doan"] = {"tu": tu, "den": den}
        d["ngay"] = f"{tu - 1}-12-15" if tu > 2026 else "2026-01-15"
        d["co_quan_ban_hanh"] = {"ten": f"Ủy ban nhân dân tỉnh {province}", "ten_viet_tat": f"UBND tỉnh {province}"}
        d["dia_danh"] = province
        d["so"] = 149
        period = f"năm {tu}" if tu == den else f"giai đoạn {tu} - {den}"
        d["trich_yeu"] = (
            f"Triển khai thực hiện Bản ghi nhớ hợp tác giữa UBND tỉnh {province} và Ủy ban "
            f"Chính quyền tỉnh Hủa Phăn, nước Cộng hòa dân chủ nhân dân Lào {period}"
        )
        content = []
        per = max(1, tasks // 3)
        for m in range(3):
            items = [_task(rng, m * per + k + 1, years, long) for k in range(per)]
            content.append({"muc": f"Hợp tác về {TOPICS[m]}", "noi_dung": items})
        if body_table:
            rows = [_task(rng, 100 + k, years, False)["nhiem_vu"] for k in range(8)]
            content.append(
                {
                    "muc": "Các nhiệm vụ phối hợp khác",
                    "noi_dung": [
                        {
                            "bang_nhiem_vu": {
                                "cot": ["ten", "chu_tri", "phoi_hop", "thoi_gian", "linh_vuc"],
                                "tieu_de_cot": {"ten": "Nội dung"},
                                "nhiem_vu": [
                                    {
                                        **r,
                                        "linh_vuc": rng.choice(
                                            [
                                                "Giáo dục và đào tạo",
                                                "Văn hóa, thể thao, du lịch",
                                                "An ninh, quốc phòng",
                                                "Đối ngoại nhân dân",
                                            ]
                                        ),
                                    }
                                    for r in rows
                                ],
                            }
                        }
                    ],
                }
            )
        d["phan"][1] = {"tieu_de": "NỘI DUNG", "noi_dung": content}
        d["ket_thuc"] = (
            f"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời "
            f"phản ánh về Sở Ngoại vụ để tổng hợp, báo cáo UBND tỉnh {province} xem xét, quyết định./."
        )
        d["noi_nhan"] = [
            "Bộ Ngoại giao (b/c)",
            "TT Tỉnh ủy, TT HĐND tỉnh (b/c)",
            "Chủ tịch, các PCT UBND tỉnh",
            "Các sở, ban, ngành, đoàn thể tỉnh; " + LONG_AGENCY,
            "UBND các huyện, thị xã, thành phố",
        ]
        budget = _budget(rng, years, groups, big)
        budget.pop("tong_cong", None)
        d["phu_luc"] = [d["phu_luc"][0], budget]
        out[name] = d
    return out
