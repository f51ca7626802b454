"""End to end: forms out, typed in (python-docx and LibreOffice), read back, reported — nothing lost."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML

from drafting import api
from drafting.vi.timeline import Period
from drafting.workflows.shells import write_shells

from conftest import EXAMPLES, soffice_convert

# every test here goes through LibreOffice (a form returned as .odt or re-saved by it)
pytestmark = pytest.mark.slow

PLAN = EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml"
STATUS_TEXT = ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Chuyển sang năm sau"]


def _form_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")


def _set(cell, text):
    cell.paragraphs[0].text = ""
    lines = text.split("\n")
    cell.paragraphs[0].add_run(lines[0])
    for extra in lines[1:]:  # typed as separate paragraphs, as a person pressing Enter would
        cell.add_paragraph(extra)


def _libreoffice_roundtrip(path: Path, tmp: Path) -> Path:
    return soffice_convert(path, "docx:MS Word 2007 XML", tmp / "lo")


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed: the second editor of this test is LibreOffice (.ci/run installs it)")
    tmp = tmp_path_factory.mktemp("loop")
    forms = write_shells(PLAN, Period(2026), tmp / "forms")
    checked = api.check(PLAN)
    status_of_task = {t.id: STATUS_TEXT[i % len(STATUS_TEXT)] for i, t in enumerate(checked.model.tasks)}
    typed: list[str] = []
    money: list[int] = []
    filled = []
    for k, form in enumerate(forms):
        doc = Document(str(form))
        table = _form_table(doc)
        rows = [r for r in table.rows[1:] if r.cells[0].text and r.cells[0].text[0].isdigit()]
        if k == 1 and len(rows) > 1:  # a department deletes a row it has nothing to say about
            victim = rows.pop()
            victim._tr.getparent().remove(victim._tr)
        for j, row in enumerate(rows):
            ma = row.cells[0].text
            tag = f"{form.stem}-{ma}"
            _set(row.cells[2], status_of_task[ma])
            result = f"Kết quả {tag}: đã làm & <xong>\ndòng thứ hai {tag}"
            _set(row.cells[3], result)
            typed += [f"Kết quả {tag}: đã làm & <xong>", f"dòng thứ hai {tag}"]
            amount = 1000 + 37 * (k + 1) + j
            _set(row.cells[4], f"{amount:,}".replace(",", "."))
            money.append(amount)
            _set(row.cells[5], f"Khó khăn {tag}")
            _set(row.cells[6], f"Đề xuất {tag}")
            typed += [f"Khó khăn {tag}", f"Đề xuất {tag}"]
        if k == 0 and rows:  # a department adds a row under its first task
            new = table.add_row()
            rows[0]._tr.addnext(new._tr)
            _set(new.cells[3], f"Bổ sung thêm {form.stem}")
            typed.append(f"Bổ sung thêm {form.stem}")
        if k == 2:  # and writes a paragraph outside the table
            doc.add_paragraph(f"Ý kiến riêng của {form.stem}: đề nghị họp sơ kết")
            typed.append(f"Ý kiến riêng của {form.stem}: đề nghị họp sơ kết")
        target = tmp / "filled" / form.name
        target.parent.mkdir(exist_ok=True)
        doc.save(str(target))
        filled.append(target)
    filled[3] = _libreoffice_roundtrip(filled[3], tmp)  # a second editor saves one form
    progress = tmp / "tien-do-2026.yaml"
    from typer.testing import CliRunner

    from drafting.cli import app

    r = CliRunner().invoke(app, ["collect", str(PLAN), *map(str, filled), "-o", str(progress)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["report", str(PLAN), str(progress), "-o", str(tmp / "report")])
    assert r.exit_code == 0, r.output
    report = tmp / "report" / "tien-do-2026-bao-cao.docx"
    return dict(
        tmp=tmp,
        forms=forms,
        filled=filled,
        progress=progress,
        report=report,
        typed=typed,
        money=money,
        status_of_task=status_of_task,
        collect_output=r.output,
    )


def _report_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_one_form_per_department_with_safe_names(loop):
    names = [f.name for f in loop["forms"]]
    assert len(names) == 12
    assert all(re.fullmatch(r"phieu-[a-z0-9-]+\.docx", n) for n in names), names
    assert "phieu-so-ngoai-vu.docx" in names and "phieu-so-van-hoa-the-thao-va-du-lich.docx" in names


def test_every_typed_string_is_in_the_progress_yaml(loop):
    text = loop["progress"].read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    flat = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            flat.append(x)

    walk(data)
    blob = "\n".join(flat)
    missing = [s for s in loop["typed"] if s not in blob]
    assert not missing, missing[:10]
    assert "# nguồn: phieu-" in text  # comments name the source file of each entry
    assert api.check(loop["progress"])  # and it is a valid progress spec


def test_every_typed_string_is_in_the_report(loop):
    text = _report_text(loop["report"])
    missing = [s for s in loop["typed"] if s not in text]
    assert not missing, missing[:10]


def test_money_adds_up(loop):
    data = YAML(typ="safe").load(loop["progress"].read_text(encoding="utf-8"))
    assert sum(e.get("kinh_phi") or 0 for e in data["ket_qua"]) == sum(loop["money"])
    from drafting.vi.words import amount_in_words, format_number

    total = sum(loop["money"])
    text = _report_text(loop["report"])
    assert f"Tổng kinh phí đã sử dụng năm 2026: {format_number(total * 1000)} đồng" in text
    assert amount_in_words(total, unit=1000) in text


def test_counts_add_up(loop):
    from drafting.model.progress import STATUSES

    checked = api.check(loop["progress"])
    progress = checked.model
    from drafting.render.report_context import counts

    n = counts(progress)
    assert sum(n[k] for k in STATUSES) + n["chua_bao_cao"] == n["tong"]
    text = _report_text(loop["report"])
    from drafting.render.report_context import count_phrase

    assert count_phrase(n, "Trong năm 2026") in text
    reported = {e.nhiem_vu for e in progress.entries if e.trang_thai}
    for tid in reported:
        expected = loop["status_of_task"][tid]
        assert any(e.trang_thai and STATUSES[e.trang_thai] == expected for e in progress.entries if e.nhiem_vu == tid)


def test_two_departments_on_one_task_are_both_kept_and_not_flagged(loop):
    """The lead and a coordinator reporting one task is the ordinary case: both kept, no warning anywhere."""
    data = YAML(typ="safe").load(loop["progress"].read_text(encoding="utf-8"))
    by_task = {}
    for e in data["ket_qua"]:
        if not e.get("dong_them"):
            by_task.setdefault(e["nhiem_vu"], []).append(e)
    shared = [v for v in by_task.values() if len(v) > 1]
    for entries in shared:
        assert len({e["don_vi"] for e in entries}) == len(entries)
        assert not any("canh_bao" in e for e in entries)
    assert not any("nhiều đơn vị" in r["noi_dung"] for r in data.get("ra_soat", []))
    assert "nhiều đơn vị" not in _report_text(loop["report"])


def test_collect_is_repeatable(loop, tmp_path):
    from drafting.spec.writer import dump_yaml
    from drafting.workflows.collect import collect

    doc1 = collect(PLAN, loop["filled"]).doc
    doc2 = collect(PLAN, list(reversed(loop["filled"]))).doc
    assert dump_yaml(doc1) == dump_yaml(doc2)


def test_unplaced_text_is_reported(loop):
    data = YAML(typ="safe").load(loop["progress"].read_text(encoding="utf-8"))
    texts = [u["van_ban"] for u in data.get("chua_xep", [])]
    assert any("Ý kiến riêng của" in t for t in texts)
    assert "không gắn được vào nhiệm vụ nào" in loop["collect_output"] or texts
