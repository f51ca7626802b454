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


def _workspace(tmp_path: Path, names: tuple[str, ...]) -> Path:
    ws = tmp_path / "ws"
    for name in names:
        shutil.copytree(EXAMPLES / name, ws / name, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    (ws / ".drafting-workspace").write_text("", encoding="utf-8")
    return ws


def test_build_pdf_converts_all_specs_in_one_libreoffice_and_only_what_changed(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import drafting.render.pdf as pdf_mod
    from drafting.cli import app

    batches: list[int] = []
    real = pdf_mod.convert_batch

    def counting(docs, **kw):
        batches.append(len(docs))
        return real(docs, **kw)

    monkeypatch.setattr(pdf_mod, "convert_batch", counting)
    started: list[list[str]] = []  # every LibreOffice process started
    run = pdf_mod.subprocess.run

    def spying(cmd, *args, **kw):
        if Path(cmd[0]).name in ("soffice", "libreoffice", "soffice.bin"):
            started.append(cmd)
        return run(cmd, *args, **kw)

    monkeypatch.setattr(pdf_mod.subprocess, "run", spying)
    ws = _workspace(tmp_path, ("khanh-hoa-2022", "ha-noi-2026-2030"))
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0, r.output
    pdfs = sorted(out.rglob("*.pdf"))
    docs = sorted(out.rglob("*.docx"))
    assert [p.with_suffix(".docx") for p in pdfs] == docs and len(docs) >= 2
    assert batches == [len(docs)]  # one LibreOffice for the documents of both specs
    assert len(started) == 1 and sum(arg.endswith(".docx") for arg in started[0]) == len(docs)
    assert all(read_pdf(p).pdfa_part == "2" for p in pdfs)
    stamps = {p: p.stat().st_mtime_ns for p in pdfs}

    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0 and "Không có gì thay đổi" in r.output, r.output
    assert batches == [len(docs)] and len(started) == 1  # the second run converts nothing
    assert {p: p.stat().st_mtime_ns for p in pdfs} == stamps

    # --force renders every spec again, but the same .docx bytes need no new PDF
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf", "--force"])
    assert r.exit_code == 0, r.output
    assert batches == [len(docs)]

    # one spec changes: only its documents are converted
    spec = ws / "khanh-hoa-2022" / "ke-hoach.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Khánh Hòa", "Khánh  Hòa", 1), encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0, r.output
    assert batches[1:] == [len(list((out / "khanh-hoa-2022").glob("*.docx")))]
    assert all(p.stat().st_mtime_ns == stamps[p] for p in pdfs if "ha-noi" in str(p))

    # the other kind of PDF: every PDF again (plain), no .docx rendered
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf-thuong"])
    assert r.exit_code == 0 and "Đã tạo lại 0 đặc tả" in r.output and f"xuất {len(docs)} PDF" in r.output, r.output
    assert all(read_pdf(p).pdfa_part is None for p in pdfs)
    if not read_pdf(pdfs[0]).official_font:
        assert "không nhúng phông Times New Roman" in r.output

    # without --pdf the PDFs made before go
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert not list(out.rglob("*.pdf"))


def test_a_pdf_is_reproducible_and_stays_pdfa(two_plans, pdfs, tmp_path):
    """Converting the same .docx again gives the same bytes: the creation date from the .docx (equal in the
    document information and the XMP, as PDF/A requires), the ID from its hash, the ICC profile's creation time
    fixed; LibreOffice's file is edited in place and its cross-reference table still points at every object."""
    import hashlib
    import re
    import struct

    from pypdf import PdfReader

    again = convert_many([two_plans[0]], into=[tmp_path / "again.pdf"])[0]
    data = again.read_bytes()
    assert data == pdfs[0].read_bytes()
    reader = PdfReader(str(again), strict=True)
    info = reader.metadata
    # the plan is dated "tháng 4 năm 2026" (day blank): its .docx is created 2026-04-01 08:00 (Vietnam time)
    assert (
        info["/CreationDate"] == "D:20260401080000+07'00'"
        and info.get("/ModDate", info["/CreationDate"]) == (info["/CreationDate"])
    )
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<xmp:CreateDate>2026-04-01T08:00:00+07:00</xmp:CreateDate>" in xmp
    assert re.findall(r"<xmp:\w*Date>([^<]*)<", xmp) == ["2026-04-01T08:00:00+07:00"] * len(
        re.findall(r"<xmp:\w*Date>", xmp)
    )
    first_id = reader.trailer["/ID"][0]  # pypdf reads it as text when its bytes decode as PDFDocEncoding
    assert getattr(first_id, "original_bytes", first_id) == hashlib.sha256(two_plans[0].read_bytes()).digest()[:16]
    profile = reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object()
    assert struct.unpack(">6H", profile.get_data()[24:36]) == (2026, 4, 1, 1, 0, 0)  # 08:00 Vietnam in UTC
    assert read_pdf(again).pdfa_part == "2" and read_pdf(again).pdfa_conformance == "B"
    assert info["/Producer"].startswith("LibreOffice")  # nothing of pypdf's own
    # edited in place (a pypdf rewrite would drop LibreOffice's /DocChecksum): its value from the hash too
    digest = hashlib.sha256(two_plans[0].read_bytes()).digest()[:16].hex().upper().encode()
    assert b"/DocChecksum /" + digest in data
    # every object where the table says it is, and startxref at the table
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)[1])
    assert data[start : start + 4] == b"xref"
    table = re.compile(rb"xref\r?\n0 (\d+)\r?\n").match(data, start)
    for number in range(1, int(table[1])):
        entry = data[table.end() + 20 * number : table.end() + 20 * number + 20]
        if entry[17:18] == b"n":
            offset = int(entry[:10])
            assert data[offset:].startswith(b"%d 0 obj" % number), number


def test_a_manifest_of_an_older_build_gives_its_pdfs_to_the_pdf_step(tmp_path):
    """Older builds listed the PDFs among a spec's outputs: the next build converts them once (their record
    knows no .docx), keeps them out of the outputs, and then settles."""
    import json

    from typer.testing import CliRunner

    from drafting.cli import app
    from drafting.workflows.build import MANIFEST

    ws = _workspace(tmp_path, ("khanh-hoa-2022",))
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"]).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    (entry,) = manifest["specs"].values()
    for path, record in entry.pop("pdfs").items():  # the old shape
        entry["outputs"][path] = record["hash"]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert r.exit_code == 0 and "xuất 1 PDF" in r.output and "không xóa được" not in r.output, r.output
    (entry,) = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["specs"].values()
    assert not [p for p in entry["outputs"] if p.endswith(".pdf")] and len(entry["pdfs"]) == 1
    r = CliRunner().invoke(app, ["build", str(ws), "-o", str(out), "--pdf"])
    assert "Không có gì thay đổi" in r.output, r.output
