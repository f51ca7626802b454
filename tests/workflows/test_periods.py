"""Periods end to end: labels read and written, tasks chosen by their schedules, and the half-year and
quarter loops on the Gia Lai example (shells → filled forms → collect → report naming the period)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.model.progress import tasks_in
from drafting.render.docx.reader import read_docx
from drafting.vi.timeline import TimelineProblem, parse_months, parse_period

import formfill as ff
from conftest import EXAMPLES, as_read

GIA_LAI = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
QUANG_TRI = Path(__file__).resolve().parent.parent / "fixtures" / "quang-tri-2026-2028.yaml"


@pytest.mark.parametrize(
    "text,label,first,last",
    [
        ("2026", "năm 2026", (2026, 1), (2026, 12)),
        ("năm 2026", "năm 2026", (2026, 1), (2026, 12)),
        ("6 tháng đầu năm 2026", "6 tháng đầu năm 2026", (2026, 1), (2026, 6)),
        ("Sáu tháng đầu năm 2026", "6 tháng đầu năm 2026", (2026, 1), (2026, 6)),
        ("2026-H1", "6 tháng đầu năm 2026", (2026, 1), (2026, 6)),
        ("6 tháng cuối năm 2026", "6 tháng cuối năm 2026", (2026, 7), (2026, 12)),
        ("2026-h2", "6 tháng cuối năm 2026", (2026, 7), (2026, 12)),
        ("quý I năm 2027", "quý I năm 2027", (2027, 1), (2027, 3)),
        ("Quý II/2027", "quý II năm 2027", (2027, 4), (2027, 6)),
        ("quý 3/2027", "quý III năm 2027", (2027, 7), (2027, 9)),
        ("2027-Q4", "quý IV năm 2027", (2027, 10), (2027, 12)),
        ("9 tháng đầu năm 2026", "9 tháng đầu năm 2026", (2026, 1), (2026, 9)),
        ("từ 01/3/2026 đến 31/8/2026", "từ ngày 01/3/2026 đến ngày 31/8/2026", (2026, 3), (2026, 8)),
        ("01/10/2026 - 31/3/2027", "từ ngày 01/10/2026 đến ngày 31/3/2027", (2026, 10), (2027, 3)),
    ],
)
def test_period_labels(text, label, first, last):
    p = parse_period(text)
    assert p.label() == label
    assert p.months()[0] == first and p.months()[-1] == last
    assert parse_period(p.label()) == p  # the label written into forms reads back to the same period


@pytest.mark.parametrize(
    "text", ["quý V 2026", "7 tháng đầu năm 2026", "31/2/2026-1/3/2026", "từ 01/8/2026 đến 01/3/2026", "H1", ""]
)
def test_bad_periods(text):
    with pytest.raises(TimelineProblem):
        parse_period(text)


def test_next_period():
    assert parse_period("6 tháng đầu năm 2026").next().label() == "6 tháng cuối năm 2026"
    assert parse_period("6 tháng cuối năm 2026").next().label() == "năm 2027"
    assert parse_period("quý IV năm 2026").next().label() == "quý I năm 2027"
    assert parse_period("9 tháng đầu năm 2026").next().label() == "quý IV năm 2026"


@pytest.mark.parametrize(
    "label,years,expected",
    [
        ("Quý III-IV/2026", (2026,), {2026: set(range(7, 13))}),
        ("Quý II hoặc III năm 2022", (2022,), {2022: set(range(4, 10))}),
        ("Quý II hằng năm", (2026, 2027), {2026: {4, 5, 6}, 2027: {4, 5, 6}}),
        ("tháng 6-8/2027", (2027,), {2027: {6, 7, 8}}),
        ("6 tháng cuối năm 2026", (2026,), {2026: set(range(7, 13))}),
        ("Trước ngày 30/6/2026", (2026,), {2026: set(range(1, 7))}),
        ("Hàng năm (3 tháng/năm)", (2026,), {2026: set(range(1, 13))}),  # a remark in brackets is not a schedule
        ("Năm 2027", (2027,), {2027: set(range(1, 13))}),
    ],
)
def test_months_of_a_schedule(label, years, expected):
    assert parse_months(label, years) == expected


def test_quang_tri_tasks_by_period():
    plan = api.check(QUANG_TRI).model
    ids = lambda s: [t.id for t in tasks_in(plan, parse_period(s))]  # noqa: E731
    assert ids("quý I năm 2026") == ["1.1", "2.1"]
    assert ids("6 tháng đầu năm 2026") == ["1.1", "2.1", "2.2"]
    assert ids("6 tháng cuối năm 2026") == ["2.1", "3.1", "3.2"]
    assert ids("9 tháng đầu năm 2026") == ["1.1", "2.1", "2.2", "3.1", "3.2"]
    assert ids("năm 2027") == ["1.2", "2.1", "2.2", "3.1"]
    assert ids("từ 01/8/2027 đến 31/10/2027") == ["1.2", "2.1", "3.1"]


@pytest.mark.parametrize(
    "period,deadline",
    [
        ("6 tháng đầu năm 2026", "10/5/2026"),
        ("quý III năm 2026", "10/11/2026"),
        ("6 tháng cuối năm 2026", "10/11/2026"),
    ],
)
def test_gia_lai_loop(tmp_path, period, deadline):
    """The office's own loop on its example, for a half-year and a quarter: forms, filled, collected, reported."""
    runner = CliRunner()
    r = runner.invoke(app, ["shells", str(GIA_LAI), "--period", period, "-o", str(tmp_path / "forms")])
    assert r.exit_code == 0, r.output
    forms = sorted((tmp_path / "forms").glob("*.docx"))
    plan = api.check(GIA_LAI).model
    due = [t.id for t in tasks_in(plan, parse_period(period))]
    listed = []
    for f in forms:
        doc = Document(str(f))
        text = read_docx(f).all_text()
        text = " ".join(as_read(text).split())  # one line, as a reader reads it
        assert "PHIẾU" in text and period.upper() in text and f"trước ngày {deadline}" in text
        listed += list(ff.rows_by_id(ff.form_table(doc)))
    assert sorted(listed) == sorted(due)
    filled = []
    for _k, f in enumerate(forms[:4]):
        doc = Document(str(f))
        for j, (tid, row) in enumerate(ff.rows_by_id(ff.form_table(doc)).items()):
            ff.set_cell(row.cells[2], "Hoàn thành" if j % 2 == 0 else "Đang thực hiện")
            ff.set_cell(row.cells[3], f"Kết quả {period} của {f.stem} cho {tid}")
            ff.set_cell(row.cells[4], "25.000")
        out = tmp_path / "filled" / f.name
        out.parent.mkdir(exist_ok=True)
        doc.save(str(out))
        filled.append(out)
    progress = tmp_path / "tien-do.yaml"
    r = runner.invoke(app, ["collect", str(GIA_LAI), *map(str, filled), "-o", str(progress)])
    assert r.exit_code == 0, r.output
    assert f"Đã đọc 4/4 phiếu {period}" in r.output
    data = YAML(typ="safe").load(progress.read_text(encoding="utf-8"))
    assert data["ky"] == period
    assert all(e["kinh_phi"] == 25_000 for e in data["ket_qua"])
    r = runner.invoke(app, ["report", str(GIA_LAI), str(progress), "-o", str(tmp_path / "report")])
    assert r.exit_code == 0, r.output
    report = Document(str(tmp_path / "report" / "tien-do-bao-cao.docx"))
    text = read_docx(tmp_path / "report" / "tien-do-bao-cao.docx").all_text()
    text = " ".join(as_read(text).split())  # one line, as a reader reads it
    assert f"Kết quả thực hiện {period} Kế hoạch triển khai các Bản ghi nhớ" in text
    assert f"báo cáo kết quả thực hiện {period} như sau" in text
    assert period in report.core_properties.title
    nxt = parse_period(period).next()
    assert f"NHIỆM VỤ TRỌNG TÂM {nxt.label().upper()}" in text


def test_collect_refuses_a_period_outside_the_plan(tmp_path):
    r = CliRunner().invoke(
        app, ["collect", str(GIA_LAI), str(GIA_LAI), "-o", str(tmp_path / "x.yaml"), "--period", "năm 2031"]
    )
    # the plan's period written as everywhere else ("2026-2030", not "(2026 - 2030)")
    assert r.exit_code == 2 and "kỳ báo cáo năm 2031 nằm ngoài giai đoạn 2026-2030 của kế hoạch" in r.output


def test_gia_lai_example_report_uses_registry_names_and_natural_counts(tmp_path):
    written = api.render(EXAMPLES / "gia-lai-2026-2030" / "tien-do-2026.yaml", tmp_path)
    text = as_read(read_docx(next(p for p in written if p.name.endswith("bao-cao.docx"))).all_text())
    lines = text.split("\n")
    assert "2.12. Tỉnh đoàn" in lines and "Đề nghị Tỉnh đoàn" not in text
    assert "2.8. Sở Văn hóa, Thể thao và Du lịch" in lines and "Văn hoá" not in "\n".join(
        l for l in lines if l.startswith("2.8")
    )
    assert "2.9. Bộ Chỉ huy Quân sự tỉnh" in lines
    assert "Trong năm 2026, Kế hoạch có 35 nhiệm vụ cần triển khai; đã hoàn thành 16 nhiệm vụ" in text
    assert " 00 " not in text and "chưa rõ tình trạng" not in text and "kế hoạch 0 đồng" not in text
    assert "nhiều đơn vị cùng báo cáo" not in text
