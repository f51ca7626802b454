"""Schedules relative to the plan (issue 16, item 1): in a one-year plan, labels inside the year need no year;
in a plan of several years they are refused with the plan's own years; budget lines read them like tasks."""

from __future__ import annotations

import pytest
from docx import Document

from drafting import api
from drafting.errors import SpecError
from drafting.model.budget import budget_sheet, grand_total
from drafting.model.progress import task_years
from drafting.vi.timeline import TimelineProblem, parse_timeline, within_year

from conftest import FIXTURES, load_yaml

ONE_YEAR = FIXTURES / "quang-tri-2027.yaml"
THREE_YEARS = FIXTURES / "quang-tri-2027-2029.yaml"
LABELS = [
    "Quý I",
    "Quý II",
    "Quý III-IV",
    "Quý II hoặc III",
    "6 tháng đầu năm",
    "6 tháng cuối năm",
    "Cả năm",
    "Cuối năm",
    "Tháng 3",
    "Tháng 9-10",
    "Trước ngày 30/6",
    "trước 15/11",
    "Ngày 02/12",
]


@pytest.mark.parametrize("label", LABELS)
def test_in_a_one_year_plan_a_label_inside_the_year_is_that_year(label):
    assert within_year(label) is not None
    assert parse_timeline(label, (2027, 2027)).years == (2027,)


@pytest.mark.parametrize("label", LABELS)
def test_in_a_plan_of_several_years_the_message_says_which_years(label):
    with pytest.raises(TimelineProblem) as exc:
        parse_timeline(label, (2027, 2029))
    msg = str(exc.value)
    assert f'thời gian "{label}" không nói năm nào; kế hoạch có các năm 2027-2029' in msg
    assert "nam: [2028]" in msg and "2026" not in msg


def test_a_year_in_the_label_still_wins():
    assert parse_timeline("Quý I/2028", (2027, 2029)).years == (2028,)
    assert parse_timeline("Tháng 3 năm 2029", (2027, 2029)).years == (2029,)
    assert parse_timeline("Quý II, Quý IV năm 2027", (2027, 2027)).years == (2027,)
    assert within_year("Hàng năm") is None and within_year("Theo dự án") is None


def test_an_unreadable_label_names_the_plan_years():
    with pytest.raises(TimelineProblem) as exc:
        parse_timeline("Khi có điều kiện", (2027, 2029))
    assert "kế hoạch có các năm 2027-2029" in str(exc.value) and "nam: [2027, 2028]" in str(exc.value)
    with pytest.raises(TimelineProblem) as exc:
        parse_timeline("Khi có điều kiện", (2027, 2027))
    assert "kế hoạch có năm 2027" in str(exc.value) and "nam: [2027]" in str(exc.value)


def test_one_year_plan_with_every_label_checks_and_renders(tmp_path):
    checked = api.check(ONE_YEAR, strict=True)
    assert not checked.warnings
    plan = checked.model
    labels = [t.thoi_gian for t in plan.tasks]
    assert labels == ["Quý I", "Quý II", "6 tháng đầu năm", "6 tháng cuối năm", "Cả năm", "Tháng 9", "Trước ngày 30/6"]
    assert all(task_years(t, plan) == (2027,) for t in plan.tasks)
    sheet = budget_sheet(plan)
    assert [line.thoi_gian for g in sheet.groups for line in g.lines] == ["Quý II", "Cả năm", "Tháng 9"]
    assert grand_total(sheet) == 450_000
    paths = api.render(ONE_YEAR, tmp_path)
    doc = Document(str(paths[0]))
    texts = [p.text.replace("\u00a0", " ").replace("\u2011", "-") for p in doc.paragraphs]  # as a reader reads them
    for label in labels:
        assert f"Thời gian: {label};" in texts, label
    assert "Triển khai thực hiện hợp tác với tỉnh Savannakhet năm 2027" in texts


def _problems(write_spec, data):
    with pytest.raises(SpecError) as exc:
        api.check(write_spec(data))
    return exc.value.problems


def test_the_same_label_in_a_three_year_plan_points_at_the_task_and_the_budget_line(write_spec):
    data = load_yaml(THREE_YEARS)
    data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]["thoi_gian"] = "Quý I"
    data["phu_luc"][0]["nhom"][0]["dong"][1]["thoi_gian"] = "6 tháng đầu năm"
    problems = _problems(write_spec, data)
    by_path = {p.path: p.message for p in problems if p.severity == "error"}
    assert by_path == {
        "phan[2].noi_dung[1].noi_dung[1].nhiem_vu.thoi_gian": 'thời gian "Quý I" không nói năm nào; kế hoạch có các năm 2027-2029: ghi năm vào nhãn (ví dụ '
        '"Quý I/2028") hoặc thêm khóa nam: [2028]',
        "phu_luc[1].nhom[1].dong[2].thoi_gian": 'thời gian "6 tháng đầu năm" không nói năm nào; kế hoạch có các năm 2027-2029: ghi năm vào nhãn '
        '(ví dụ "6 tháng đầu năm 2028") hoặc thêm khóa nam: [2028]',
    }


def test_the_suggested_nam_key_settles_it_for_tasks_and_budget_lines(write_spec):
    data = load_yaml(THREE_YEARS)
    task = data["phan"][1]["noi_dung"][0]["noi_dung"][1]["nhiem_vu"]  # 1.2, budgeted in 2028
    task["thoi_gian"], task["nam"] = "Quý I", [2028]
    line = data["phu_luc"][0]["nhom"][0]["dong"][1]
    line["thoi_gian"], line["nam"] = "6 tháng đầu năm", [2028]
    checked = api.check(write_spec(data), strict=True)
    plan = checked.model
    t = next(t for t in plan.tasks if t.id == "1.2")
    assert task_years(t, plan) == (2028,) and t.thoi_gian == "Quý I"


def test_a_budget_line_outside_the_period_is_refused_like_a_task(write_spec):
    data = load_yaml(THREE_YEARS)
    data["phu_luc"][0]["nhom"][0]["dong"][1]["thoi_gian"] = "Năm 2031"
    problems = [p for p in _problems(write_spec, data) if p.severity == "error"]
    assert [(p.path, p.message) for p in problems] == [
        ("phu_luc[1].nhom[1].dong[2].thoi_gian", "năm 2031 nằm ngoài giai đoạn 2027-2029 của kế hoạch")
    ]


def test_one_year_plan_says_so_when_a_year_is_outside(write_spec):
    data = load_yaml(ONE_YEAR)
    data["phan"][1]["noi_dung"][0]["noi_dung"][0]["nhiem_vu"]["thoi_gian"] = "Quý I/2028"
    problems = [p for p in _problems(write_spec, data) if p.severity == "error"]
    assert [p.message for p in problems] == ["năm 2028 nằm ngoài kế hoạch năm 2027"]
    assert "2027-2027" not in problems[0].format()
