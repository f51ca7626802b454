"""PDFs: PDF/A-2b by default with their fonts embedded, many documents in one LibreOffice, fonts read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from drafting import api
from drafting.render.pdf import convert, convert_many, font_warning, read_pdf

from conftest import EXAMPLES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory) -> list[Path]:
    """Two documents with the same file name in two folders (what one batch must keep apart)."""
    out = tmp_path_factory.mktemp("pdf")
    docs = []
    for name in ("bac-ninh-2026-2030", "gia-lai-2026-2030"):
        written = api.render(EXAMPLES / name / "ke-hoach.yaml", out / name)
        docs.append(next(p for p in written if p.name == "ke-hoach.docx"))
    return docs


@pytest.fixture(scope="module")
def pdfs(two_plans) -> list[Path]:
    return convert_many(two_plans)


def test_one_batch_keeps_documents_of_the_same_name_apart(two_plans, pdfs):
    assert [p.parent for p in pdfs] == [d.parent for d in two_plans]
    assert all(p.name == "ke-hoach.pdf" for p in pdfs)
    from pypdf import PdfReader

    first = PdfReader(str(pdfs[0])).pages[0].extract_text()
    second = PdfReader(str(pdfs[1])).pages[0].extract_text()
    assert "BẮC NINH" in first and "GIA LAI" in second


def test_pdf_is_pdfa_2b_with_every_font_embedded(pdfs):
    facts = read_pdf(pdfs[0])
    assert (facts.pdfa_part, facts.pdfa_conformance) == ("2", "B")
    assert facts.fonts and not facts.unembedded
    assert facts.pages >= 10


def test_vietnamese_letters_come_from_one_font(pdfs):
    """Liberation Serif 1.x has no "ệ", "ư": LibreOffice then takes them from DejaVu, and every word mixes two
    fonts. With Times New Roman or Liberation Serif 2 (fonts-liberation2), only the serif family is embedded."""
    families = {f.split("-")[0] for f in read_pdf(pdfs[1]).fonts}
    assert families <= {"TimesNewRoman", "TimesNewRomanPSMT", "LiberationSerif"}, families


def test_a_pdf_without_times_new_roman_is_called_a_preview(pdfs):
    facts = read_pdf(pdfs[0])
    warning = font_warning(pdfs[0])
    if facts.official_font:
        assert warning is None
    else:
        assert warning is not None and "không nhúng phông Times New Roman" in warning
        assert "LiberationSerif" in warning and "chưa phải bản chính thức" in warning


def test_a_plain_pdf_on_request(two_plans, tmp_path):
    copy = tmp_path / "x.docx"
    shutil.copy(two_plans[0], copy)
    pdf = convert(copy)
    assert read_pdf(pdf).pdfa_part is None
    pdfa = convert(copy, tmp_path / "y.pdf", pdfa=True)
    assert read_pdf(pdfa).pdfa_part == "2"
    assert Document(str(copy)).paragraphs  # the source is untouched


def test_build_pdf_twice_converts_nothing_the_second_time(tmp_path):
    from typer.testing import CliRunner

    from drafting.cli import app

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "khanh-hoa-2022", ws, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    (ws / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0, r.output
    pdf = out / "ke-hoach.pdf"
    assert read_pdf(pdf).pdfa_part == "2"
    stamp = pdf.stat().st_mtime_ns
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0 and "Không có gì thay đổi" in r.output, r.output
    assert pdf.stat().st_mtime_ns == stamp
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf-thuong"])
    assert r.exit_code == 0 and "Đã tạo lại 1 đặc tả" in r.output, r.output
    assert read_pdf(pdf).pdfa_part is None
    if not read_pdf(pdf).official_font:
        assert "không nhúng phông Times New Roman" in r.output
