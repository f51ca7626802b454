"""Next year's plan from the multi-year plan (and this year's progress)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.model.budget import budget_sheet, grand_total, year_totals
from drafting.model.progress import task_years

from conftest import EXAMPLES

PLAN = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    out = tmp_path_factory.mktemp("ny") / "ke-hoach-2027.yaml"
    # written beside the plan's workspace registry: copy it next to the output
    (out.parent / "co-quan.yaml").write_bytes((PLAN.parent / "co-quan.yaml").read_bytes())
    r = CliRunner().invoke(app, ["next-year", str(PLAN), "--year", "2027", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_holds_exactly_the_tasks_that_run_in_2027(drafted):
    plan = api.check(PLAN).model
    expected = [t.id for t in plan.tasks if 2027 in task_years(t, plan)]
    annual = api.check(drafted).model
    assert [t.id for t in annual.tasks] == expected
    assert "2.3" in expected and "3.1" not in expected and "8.3" not in expected  # 2027-2030 / 2026 / 2028


def test_budget_total_equals_the_2027_column(drafted):
    plan = api.check(PLAN).model
    annual = api.check(drafted).model
    assert grand_total(budget_sheet(annual)) == year_totals(budget_sheet(plan))[2027] == 48_705_997


def test_yaml_is_readable_and_commented(drafted):
    text = drafted.read_text(encoding="utf-8")
    assert text.startswith("# Kế hoạch năm 2027, dự thảo bằng drafting next-year")
    assert "# nhiệm vụ 3.3 của kế hoạch giai đoạn; thời gian gốc:" in text
    data = YAML(typ="safe").load(text)
    assert list(data)[:6] == ["loai", "co_quan_ban_hanh", "so", "ky_hieu", "dia_danh", "ngay"]
    table = data["phan"][1]["noi_dung"][0]["bang_nhiem_vu"]
    by_id = {t["id"]: t for t in table["nhiem_vu"]}
    assert by_id["3.3"]["thoi_gian"] == "Năm 2027: tổ chức 05 lớp"  # the year's line of a schedule
    assert by_id["1.1"]["thoi_gian"] == "Năm 2027"
    assert by_id["1.1"]["linh_vuc"] == "Thông tin, tuyên truyền"


def test_renders_with_its_budget_sheet(drafted, tmp_path):
    paths = api.render(drafted, tmp_path)
    doc = Document(str(paths[0]))
    # the sheet's total in words is the budget table's last row (it stays with the total row)
    texts = [p.text for p in doc.paragraphs] + [
        p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    assert "NHIỆM VỤ CỤ THỂ" in " ".join(texts)
    assert any("48.705.997.000 đồng" in t for t in texts)
    assert "Tổng dự toán năm 2027: 48.705.997.000 đồng" in texts


def test_unfinished_tasks_are_carried_over(tmp_path):
    plan = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
    progress = EXAMPLES / "gia-lai-2026-2030" / "tien-do-2026.yaml"
    out = tmp_path / "ke-hoach-2027.yaml"
    r = CliRunner().invoke(app, ["next-year", str(plan), "--year", "2027", "--progress", str(progress), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    unfinished = [
        e
        for e in api.check(progress).model.entries
        if e.trang_thai in ("dang_thuc_hien", "chua_thuc_hien", "chuyen_nam_sau")
    ]
    assert unfinished
    for e in unfinished:
        assert f"nhiệm vụ {e.nhiem_vu} của kế hoạch giai đoạn" in text
    assert "chuyển tiếp:" in text


def test_committed_2027_example_is_valid_and_matches_the_plan():
    example = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach-2027.yaml"
    plan = api.check(PLAN).model
    annual = api.check(example).model
    assert {t.id for t in annual.tasks} == {t.id for t in plan.tasks if 2027 in task_years(t, plan)}
    assert grand_total(budget_sheet(annual)) == 48_705_997


def test_year_outside_the_period_is_refused():
    r = CliRunner().invoke(app, ["next-year", str(PLAN), "--year", "2031", "-o", "/tmp/x.yaml"])
    assert r.exit_code == 1 and "nằm ngoài giai đoạn" in r.output


# ── titles without doubling (issue 16, item 5) ───────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "subject, expected",
    [
        (
            "Triển khai Bản ghi nhớ hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet giai đoạn 2027-2029",
            "Triển khai thực hiện Bản ghi nhớ hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet năm 2028",
        ),
        (
            "Triển khai thực hiện Thỏa thuận hợp tác với tỉnh Chăm Pa Sắc giai đoạn 2026 - 2030",
            "Triển khai thực hiện Thỏa thuận hợp tác với tỉnh Chăm Pa Sắc năm 2028",
        ),
        (
            "Thực hiện Biên bản ghi nhớ với tỉnh Hủa Phăn giai đoạn 2026–2030",
            "Triển khai thực hiện Biên bản ghi nhớ với tỉnh Hủa Phăn năm 2028",
        ),
        (
            "Kế hoạch thực hiện Thỏa thuận hợp tác với tỉnh Xiêng Khoảng năm 2027",
            "Triển khai thực hiện Thỏa thuận hợp tác với tỉnh Xiêng Khoảng năm 2028",
        ),
        (
            "Kế hoạch triển khai thực hiện Nghị quyết số 12 giai đoạn 2026-2030 năm 2027",
            "Triển khai thực hiện Nghị quyết số 12 năm 2028",
        ),
        (
            "Thực hiện các hoạt động đối ngoại với Lào năm 2027",
            "Triển khai thực hiện các hoạt động đối ngoại với Lào năm 2028",
        ),
    ],
)
def test_next_year_title_has_one_verb_and_one_year(subject, expected):
    from drafting.workflows.next_year import next_year_title

    assert next_year_title(subject, 2028) == expected


@pytest.mark.parametrize(
    "example", sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.glob("*/ke-hoach.yaml"))
)
def test_next_year_title_over_the_examples(example):
    import re

    from drafting.workflows.next_year import draft_next_year

    plan = api.check(EXAMPLES / example).model
    year = plan.giai_doan[0]
    doc, *_ = draft_next_year(EXAMPLES / example, year)
    title = doc["trich_yeu"]
    assert title.startswith("Triển khai thực hiện ") and title.endswith(f" năm {year}")
    words = title.lower().split()
    assert words.count("triển") == 1 and words.count("thực") == 1, title
    assert "giai đoạn" not in title and len(re.findall(r"\b\d{4}\b", title)) == 1, title


QUANG_TRI = Path(__file__).resolve().parent.parent / "fixtures" / "quang-tri-2027-2029.yaml"


def test_task_without_a_lead_agency_is_warned(tmp_path):
    out = tmp_path / "ke-hoach-2027.yaml"
    r = CliRunner().invoke(app, ["next-year", str(QUANG_TRI), "--year", "2027", "-o", str(out)])
    assert r.exit_code == 0, r.output
    warnings = [line for line in r.output.splitlines() if "cảnh báo:" in line]
    assert len(warnings) == 1, r.output  # 2.2 only: 1.1 and 2.1 have a lead agency
    assert "nhiệm vụ 2.2" in warnings[0] and "chưa có cơ quan chủ trì" in warnings[0]
    assert "ghi chu_tri" in warnings[0]
    text = out.read_text(encoding="utf-8")
    assert text.count("CHƯA CÓ CƠ QUAN CHỦ TRÌ") == 1
    data = YAML(typ="safe").load(text)
    assert data["trich_yeu"] == (
        "Triển khai thực hiện Bản ghi nhớ hợp tác giữa UBND tỉnh Quảng Trị và Chính quyền tỉnh Savannakhet năm 2027"
    )
    # 2028: no task without a lead agency is scheduled, no warning
    r = CliRunner().invoke(app, ["next-year", str(QUANG_TRI), "--year", "2028", "-o", str(tmp_path / "b.yaml")])
    assert r.exit_code == 0 and "cảnh báo" not in r.output, r.output


def test_a_year_outside_a_one_year_plan_is_phrased_for_one_year(tmp_path):
    plan = Path(__file__).resolve().parent.parent / "fixtures" / "quang-tri-2027.yaml"
    r = CliRunner().invoke(app, ["next-year", str(plan), "--year", "2028", "-o", str(tmp_path / "x.yaml")])
    assert r.exit_code == 1 and "năm 2028 nằm ngoài kế hoạch năm 2027" in r.output and "2027-2027" not in r.output
