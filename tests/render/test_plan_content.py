"""The Bắc Ninh plan holds the text of every task of seed 001; renders are deterministic and literal."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLES, seed_file, seeds_present


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ")
    s = re.sub(r"<[^>]+>|\*+|#+", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip(" .;,")


def seed_task_lines() -> list[tuple[str, str]]:
    """(task number, line) for every task title and Thời gian / chủ trì / phối hợp line of seed 001's body."""
    text = seed_file("001").read_text(encoding="utf-8")
    body = text.split("III. KINH PHÍ")[0].split("II. NỘI DUNG")[1]
    body = re.sub(r"đầu\s*\n\s*\nvào", "đầu vào", body)  # a sentence the extraction broke across lines
    out = []
    current = None
    for raw in body.splitlines():
        line = _norm(raw)
        m = re.match(r"^(\d\.\d)\.\s*(.*)", line)
        if m:
            current = m[1]
            out.append((current, line))
        elif current and re.match(r"^(Thời gian|Cơ quan chủ trì|Cơ quan phối hợp)", line):
            out.append((current, line))
    return out


def doc_lines(path: Path) -> set[str]:
    doc = Document(str(path))
    return {_norm(p.text) for p in doc.paragraphs}


def test_seed_has_the_tasks_we_expect():
    numbers = {n for n, _ in seed_task_lines()}
    assert len(numbers) == 36, sorted(numbers)  # 1.1 … 9.6; section 6 is one unnumbered task


@pytest.mark.parametrize("number,line", seed_task_lines() if seeds_present() else [pytest.param("", "", id="no-seeds")])
def test_every_seed_task_line_is_in_the_plan(bac_ninh_docx, number, line):
    seed_file("001")
    lines = doc_lines(bac_ninh_docx)
    assert line in lines, f"task {number}: {line!r} missing"


def test_unnumbered_health_task_and_note(bac_ninh_docx):
    lines = doc_lines(bac_ninh_docx)
    assert _norm("Đào tạo nâng cao chuyên môn trong khám chữa bệnh cho 25 cán bộ y tế tỉnh Xây Sôm Bun.") in lines
    assert any(
        l.startswith("Sở Giáo dục và Đào tạo chủ trì, phối hợp với Trường Đại học Nông - Lâm Bắc Giang") for l in lines
    )


def test_budget_sentence_keeps_the_seed_total_with_its_marks(bac_ninh_docx):
    doc = Document(str(bac_ninh_docx))
    p = next(p for p in doc.paragraphs if "221.542.169.000" in p.text)
    bold = "".join(r.text for r in p.runs if r.bold)
    italic = "".join(r.text for r in p.runs if r.italic)
    assert "khoảng 221.542.169.000 đồng" in bold
    assert "có biểu khái toán kinh phí kèm theo" in italic


def test_rendering_twice_gives_identical_bytes(tmp_path):
    from drafting import api

    spec = EXAMPLES / "bac-ninh-2026-2030" / "ke-hoach.yaml"
    first = api.render(spec, tmp_path / "a")
    second = api.render(spec, tmp_path / "b")
    assert [p.name for p in first] == ["ke-hoach.docx", "ke-hoach-kinh-phi.xlsx"]
    for a, b in zip(first, second, strict=False):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_hostile_values_print_literally(minimal_data, write_spec, tmp_path):
    from drafting import api

    hostile = [
        "R&D <b>\"x\"</b> & 'y'",
        "{{ x }}",
        "{% if true %}có{% endif %}",
        "{%p endfor %}",
        "{{ ''.__class__ }}",
        "a\tb",
        "Xin chào 🇻🇳 — “ngoặc”",
    ]
    minimal_data["phan"][0]["noi_dung"][0]["noi_dung"] = list(hostile)
    minimal_data["trich_yeu"] = "R&D {{ trich_yeu }} <x>"
    spec = write_spec(minimal_data)
    [out] = api.render(spec, tmp_path / "out")
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    for h in hostile:
        assert h in texts, h
    assert "R&D {{ trich_yeu }} <x>" in texts


def test_nfc_everywhere(bac_ninh_docx):
    doc = Document(str(bac_ninh_docx))
    for p in doc.paragraphs:
        assert unicodedata.is_normalized("NFC", p.text)
