"""Column widths measured from the content (drafting/render/widths.py) in every table shape we print."""

from __future__ import annotations

import pytest

from drafting.render.widths import CELL_PADDING_MM, Column, column_widths, line_count, text_width_mm, words

from conftest import FIXTURES, load_yaml


def test_times_new_roman_metrics():
    # digits are half an em, a dot a quarter: "1.000" at 10 pt is 2.25 em = 22.5 pt
    assert text_width_mm("1.000", 10) == pytest.approx(22.5 * 25.4 / 72)
    assert text_width_mm("Đ", 12) == text_width_mm("D", 12)
    assert text_width_mm("ư", 12) > text_width_mm("u", 12)  # the horn
    assert text_width_mm("Hà Nội", 12, bold=True) > text_width_mm("Hà Nội", 12)
    assert words("giai\u00a0đoạn 2026-2030") == ["giai\u00a0đoạn", "2026-2030"]


def _fits(col: Column, width: float) -> bool:
    return width + 1e-6 >= col.minimum_mm()


def test_widths_sum_to_the_page_and_hold_the_longest_word():
    cols = [
        Column(["1", "2", "10"], "STT", one_line=True),
        Column(["Đào tạo cán bộ y tế cho các bệnh viện tuyến tỉnh " * 3, "Trao đổi đoàn"], "Tên nhiệm vụ"),
        Column(["Ban Quản lý Khu kinh tế cửa khẩu quốc tế Lao Bảo", "Sở Y tế"], "Cơ quan chủ trì"),
        Column(["Thường xuyên", "Năm 2027"], "Lĩnh vực"),
    ]
    w = column_widths(cols, 155)
    assert sum(w) == pytest.approx(155, abs=0.05)
    assert all(_fits(c, x) for c, x in zip(cols, w, strict=False))
    assert w[1] == max(w)


def test_money_stays_on_one_line():
    money = Column(["1.234.567.890", "12.000"], "Kinh phí", 10.5, one_line=True)
    text = Column(["Nội dung rất dài " * 20], "Nội dung", 11)
    w = column_widths([text, money], 120)
    assert w[1] >= text_width_mm("1.234.567.890", 10.5) + CELL_PADDING_MM - 1e-6
    assert line_count("1.234.567.890", w[1] - CELL_PADDING_MM, 10.5) == 1


def test_a_header_merged_over_two_rows_fits_in_two_lines():
    col = Column(["2026"], "Thời gian thực hiện (năm)", 11, header_lines=2)
    w = col.minimum_mm()
    assert line_count("Thời gian thực hiện (năm)", w - CELL_PADDING_MM, 11, True) <= 2


def test_when_nothing_fits_figures_keep_their_width():
    figures = [Column(["999.999.999"], str(y), 10.5, one_line=True) for y in range(2026, 2036)]
    text = Column(["Một nội dung " * 5], "Nội dung", 11)
    w = column_widths([text] + figures, 200)
    assert sum(w) == pytest.approx(200, abs=0.05)


# ----------------------------------------------------------------------- the tables of a plan
@pytest.fixture
def base(tmp_path, write_spec):
    from drafting import api

    def check(data):
        return api.check(write_spec(data)).model

    return check


@pytest.mark.parametrize("years", [1, 3, 5, 10])
def test_budget_columns_for_one_to_ten_years(base, years):
    from drafting.render.appendix_context import appendix_contexts

    data = load_yaml(FIXTURES / "with_appendices.yaml")
    tu, den = 2026, 2026 + years - 1
    data["giai_doan"] = {"tu": tu, "den": den}
    sheet = data["phu_luc"][1]
    sheet.pop("tong_cong", None)
    sheet["ten"] = f"Biểu khái toán kinh phí giai đoạn {tu}-{den}"
    for g in sheet["nhom"]:
        for line in g["dong"]:
            line["thoi_gian"] = "Hàng năm"
            # a long period counts in millions, as offices do (ten columns of 9-digit figures in thousands
            # would not fit an A4 landscape page at 10.5 pt)
            line["so_tien"] = {y: (9876 if years > 5 else 987654) + y for y in range(tu, den + 1)}
    if years > 5:
        sheet["don_vi"] = 1000000
    # a long agency name, and a group of one row
    sheet["nhom"][1]["dong"][0]["phoi_hop"] = "Văn phòng UBND tỉnh, Sở Tài chính, Sở Nội vụ, Sở Ngoại vụ"
    for t in data["phan"][1]["noi_dung"][0]["noi_dung"]:
        t["nhiem_vu"]["thoi_gian"] = "Hàng năm"
    for t in data["phan"][1]["noi_dung"][1]["noi_dung"]:
        t["nhiem_vu"]["thoi_gian"] = "Hàng năm"
    plan = base(data)
    ctx = [a for a in appendix_contexts(plan) if a["loai"] == "kinh_phi"][0]
    w = ctx["do_rong"]
    assert len(w) == 5 + years and sum(w) == pytest.approx(252, abs=0.05)
    widest_total = max(ctx["tong"], key=lambda s: text_width_mm(s, 10.5, True))
    for x in w[5:]:
        assert line_count(widest_total, x - CELL_PADDING_MM, 10.5, True) == 1
    from drafting.render.appendix_context import BUDGET_TITLES

    for k, title in enumerate(BUDGET_TITLES):  # merged over the two header rows: two lines at most
        assert line_count(title, w[k] - CELL_PADDING_MM + 0.05, 11, True) <= 2, (title, w[k])
    for k, key in ((1, "noi_dung"), (3, "chu_tri"), (4, "phoi_hop")):
        for r in ctx["dong"]:
            text = "".join(x["text"] for x in r[key]["runs"]) if isinstance(r[key], dict) else r[key]
            bold = r["nhom"] and key == "noi_dung"  # a group's name is bold
            for word in words(text):
                assert text_width_mm(word, 11, bold) <= w[k] - CELL_PADDING_MM + 1e-6, (key, word)


def test_body_table_columns_hold_every_word(base):
    from drafting.render.plan_context import plan_context

    data = load_yaml(FIXTURES / "minimal.yaml")
    data["phan"][1]["noi_dung"].append(
        {
            "muc": "Nhiệm vụ khác",
            "noi_dung": [
                {
                    "bang_nhiem_vu": {
                        "cot": ["ten", "chu_tri", "phoi_hop", "thoi_gian", "linh_vuc"],
                        "nhiem_vu": [
                            {
                                "ten": "Tổ chức hội thảo chuyên đề " * 6,
                                "chu_tri": "Sở Văn hóa, Thể thao và Du lịch",
                                "phoi_hop": "Liên hiệp các tổ chức hữu nghị tỉnh",
                                "thoi_gian": "Quý III-IV/2026",
                                "linh_vuc": "Văn hóa, thể thao, du lịch",
                            }
                        ],
                    }
                }
            ],
        }
    )
    plan = base(data)
    [table] = [b for b in plan_context(plan)["than"] if b["kieu"] == "bang"]
    w = table["do_rong"]
    assert sum(w) == pytest.approx(155, abs=0.05)
    row = table["dong"][0]
    for k, cell in enumerate(row["o"], start=1):
        for word in words("".join(r["text"] for r in cell["runs"])):
            assert text_width_mm(word, 12) <= w[k] - CELL_PADDING_MM + 1e-6, word
    for k, title in enumerate(table["cot"], start=1):
        for word in words(title):
            assert text_width_mm(word, 12, True) <= w[k] - CELL_PADDING_MM + 1e-6, title


def _widest_by_hand(col: Column) -> float:
    """A column's minimum measured the plain way: every word of every cell (every line, for figures)."""
    need = max([text_width_mm(w, col.header_size_pt or col.size_pt, True) for w in words(col.header)] + [0.0])
    for k, text in enumerate(col.cells):
        bold = bool(col.bold_cells and k < len(col.bold_cells) and col.bold_cells[k])
        pieces = text.split("\n") if col.one_line else words(text)
        need = max([need] + [text_width_mm(p, col.size_pt, bold) for p in pieces if p])
    return need + CELL_PADDING_MM


@pytest.mark.parametrize("seed", range(6))
def test_the_minimum_is_the_widest_word_measured_one_by_one(seed):
    """minimum_mm measures each distinct piece once, digits folded onto "0" and short pieces skipped once they
    cannot be the widest: the same answer as measuring every word of every cell."""
    import random

    rng = random.Random(seed)
    vocabulary = ["Sở", "Ngoại", "vụ", "số", "123:", "9876:", "1.234.567", "Chăm-pa-sắc", "WWWW", "ơư", "…", "—"]
    vocabulary += ["“Hợp", "tác”", "Đ", "2026-2030", "ສະຫວັນນະເຂດ", "iiii", "\u00a0", "Lào", "0"]
    for one_line in (False, True):
        cells = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(1, 300))]
        cells = [c.replace(" ", "\n", 1) if rng.random() < 0.1 else c for c in cells]
        bold = [rng.random() < 0.2 for _ in cells] if rng.random() < 0.5 else None
        col = Column(cells, "Nội dung", size_pt=rng.choice([11, 12, 13]), bold_cells=bold, one_line=one_line)
        assert col.minimum_mm() == pytest.approx(_widest_by_hand(col), abs=1e-9)
