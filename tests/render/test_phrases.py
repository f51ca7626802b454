"""One place per domain phrase (issue 11, step 4): the document number and reference, the document timestamp,
the first letter in lower case, the plain text of marked-up runs, the years a task runs — each a table test, and
each site that prints the phrase checked to use it."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import shutil
from pathlib import Path

import pytest

from drafting import api
from drafting.kinds import ke_hoach
from drafting.model.plan import task_years
from drafting.render.agreement_context import agreement_outputs
from drafting.render.appendix_context import reference_line
from drafting.render.inline import plain
from drafting.render.phrases import document_reference, plan_reference, so_ky_hieu
from drafting.render.report_context import build_report, report_outputs
from drafting.vi.dates import BLANK, DocDate, timestamp
from drafting.vi.text import lower_first
from drafting.workflows import shells
from drafting.workflows.next_year import draft_next_year

from conftest import EXAMPLES

HA_NOI = EXAMPLES / "ha-noi-2026-2030" / "ke-hoach.yaml"
BAC_NINH = EXAMPLES / "bac-ninh-2026-2030"
PROGRESS = EXAMPLES / "gia-lai-2026-2030" / "tien-do-2026.yaml"
AGREEMENT = EXAMPLES / "hai-duong-vientiane-2024-2028" / "van-ban-hop-tac.yaml"


def _strings(value):
    """Every string inside a model value (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


@pytest.mark.parametrize(
    ("so", "expected"),
    [
        ("5", "05/KH-UBND"),  # below 10: the leading zero, as issued
        ("05", "05/KH-UBND"),
        ("9", "09/KH-UBND"),
        ("10", "10/KH-UBND"),
        ("122", "122/KH-UBND"),
        (None, f"{BLANK}/KH-UBND"),  # a draft: the clerk writes the number after signing
    ],
)
def test_number_and_notation(so, expected):
    assert so_ky_hieu(so, "KH-UBND") == expected


@pytest.fixture(scope="module")
def plan5():
    return dataclasses.replace(api.check(HA_NOI).model, so="5")


@pytest.mark.parametrize(
    ("so", "expected"),
    [
        ("5", "Kế hoạch số 05/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội"),
        ("122", "Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội"),
        (None, f"Kế hoạch số {BLANK}/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội"),
    ],
)
def test_plan_reference(plan5, so, expected):
    assert plan_reference(dataclasses.replace(plan5, so=so)) == expected


def test_document_reference_writes_the_type_in_sentence_case(plan5):
    ref = document_reference("BÁO CÁO", "7", "BC-SNgV", DocDate(2026, 7, 10), plan5.co_quan_ban_hanh)
    assert ref == "Báo cáo số 07/BC-SNgV ngày 10 tháng 7 năm 2026 của UBND thành phố Hà Nội"


def test_every_site_quotes_plan_5_as_05(plan5, tmp_path):
    """The appendix, the report, the annual plan and the departments' request print the same reference."""
    ref = "Kế hoạch số 05/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội"
    assert reference_line(plan5, "Kèm theo") == f"(Kèm theo {ref})"
    assert shells._plan_ref(plan5) == ref

    progress = api.check(PROGRESS).model
    plan = dataclasses.replace(progress.plan, so="5")
    report, _ = build_report(dataclasses.replace(progress, plan=plan))
    texts = " | ".join(_strings(report))
    assert plan_reference(plan) in texts and "5/KH-UBND" not in texts.replace("05/KH-UBND", "")

    ws = tmp_path / "bn"
    shutil.copytree(BAC_NINH, ws, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf", "ke-hoach-2027.yaml"))
    spec = ws / "ke-hoach.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("so: null", "so: 5", 1), encoding="utf-8")
    doc, *_ = draft_next_year(spec, 2027)
    expected = plan_reference(api.check(spec).model)
    assert "05/KH-UBND" in expected and any(expected in s for s in _strings(doc))


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (DocDate(2026, 3, 27), _dt.datetime(2026, 3, 27, 8, 0, 0)),
        (DocDate(2026, 4), _dt.datetime(2026, 4, 1, 8, 0, 0)),  # day left blank
        (DocDate(2026), _dt.datetime(2026, 1, 1, 8, 0, 0)),  # month left blank
    ],
)
def test_document_timestamp(date, expected):
    assert timestamp(date) == expected


def test_every_kind_stamps_its_documents_from_their_date(plan5):
    assert {o.core.created for o in ke_hoach.outputs(plan5) if o.core} == {timestamp(plan5.ngay)}
    progress = api.check(PROGRESS).model
    report, _ = build_report(progress)
    assert {o.core.created for o in report_outputs(progress) if o.core} == {timestamp(report.ngay)}
    ag = api.check(AGREEMENT).model
    signed = ag.ky_ket.ngay if ag.ky_ket and ag.ky_ket.ngay else DocDate(ag.giai_doan[0])
    assert {o.core.created for o in agreement_outputs(ag) if o.core} == {timestamp(signed)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đã tổ chức hội nghị", "đã tổ chức hội nghị"),
        ("Tổng kinh phí", "tổng kinh phí"),
        ("UBND tỉnh chỉ đạo", "UBND tỉnh chỉ đạo"),  # an abbreviation keeps its capitals
        ("ASEAN", "ASEAN"),
        ("HĐND tỉnh", "HĐND tỉnh"),
        ("", ""),
    ],
)
def test_lower_first(text, expected):
    assert lower_first(text) == expected


def test_no_private_copy_of_lower_first_is_left():
    root = Path(api.__file__).parent
    copies = [p for p in root.rglob("*.py") if "def _lower_first" in p.read_text(encoding="utf-8")]
    assert copies == []


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("**Hội nghị** xúc tiến *đầu tư*", "Hội nghị xúc tiến đầu tư"),
        (r"Hệ số \*A\*", "Hệ số *A*"),  # escaped stars are text, not marks
        ("Không có dấu", "Không có dấu"),
    ],
)
def test_plain_text_of_marked_up_runs(marked, expected):
    assert plain(marked) == expected


def test_the_sites_outside_the_diff_use_plain_not_replace():
    root = Path(api.__file__).parent
    sites = ["workflows/shells.py", "render/report_context.py", "render/xlsx.py"]
    assert [s for s in sites if 'replace("**"' in (root / s).read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nam": (2027, 2028)}, (2027, 2028)),
        ({"nam": (), "thoi_gian": "Năm 2028", "thoi_gian_chi_tiet": ()}, (2028,)),
        ({"nam": (), "thoi_gian": "2026-2027", "thoi_gian_chi_tiet": ()}, (2026, 2027)),
        ({"nam": (), "thoi_gian": None, "thoi_gian_chi_tiet": ()}, (2026, 2027, 2028, 2029, 2030)),  # whole period
    ],
)
def test_years_a_task_runs(changes, expected):
    plan = api.check(BAC_NINH / "ke-hoach.yaml").model
    task = dataclasses.replace(plan.tasks[0], **changes)
    assert task_years(task, plan) == expected
