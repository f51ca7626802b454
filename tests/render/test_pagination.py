"""Pages a clerk would sign: every example, report forms and a generated stress set, converted to PDF by
LibreOffice (one soffice call for all of them) and read page by page (tests/render/pages.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, dump_yaml, load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import docx_facts, faults, read_pages  # noqa: E402
from stress import registry, stress_specs  # noqa: E402

# every document here is laid out by LibreOffice
pytestmark = pytest.mark.slow

pytest.importorskip("pdfplumber")
needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) not installed; .ci/run installs it and CI runs these",
)

SPECS = [p for p in sorted(EXAMPLES.rglob("*.yaml")) if p.name != "co-quan.yaml"]
STRESS = ["quang-tri-2027", "dien-bien-2026-2028", "nghe-an-2026-2035"]
SHELLS = ["phieu-so-tai-chinh.docx", "phieu-so-y-te.docx"]  # a form with both A. and B. groups, and one without
DOCS = (
    [f"{p.parent.name}--{p.stem}" for p in SPECS]
    + [f"stress--{n}" for n in STRESS]
    + [f"phieu--{n[:-5]}" for n in SHELLS]
)


def convert_all(docx: list[Path], outdir: Path, profile: Path) -> None:
    """One soffice call converts every file (a start of LibreOffice costs more than a document)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    from drafting import api
    from drafting.vi.timeline import parse_period
    from drafting.workflows.shells import write_shells

    root = tmp_path_factory.mktemp("pagination")
    flat = root / "all"
    flat.mkdir()
    docs: list[Path] = []

    def keep(path: Path, name: str) -> None:
        target = flat / f"{name}.docx"
        shutil.copy(path, target)
        docs.append(target)

    for spec in SPECS:
        for p in api.render(spec, root / spec.parent.name / spec.stem):
            if p.suffix == ".docx":
                # a plan's separate appendix files are parts of it: each is checked on its own
                suffix = p.stem[len(spec.stem) :]
                keep(p, f"{spec.parent.name}--{spec.stem}{suffix}")
    stress_dir = root / "stress"
    stress_dir.mkdir()
    dump_yaml(registry(), stress_dir / "co-quan.yaml")
    for name, data in stress_specs(load_yaml(FIXTURES / "with_appendices.yaml")).items():
        spec = dump_yaml(data, stress_dir / f"{name}.yaml")
        for p in api.render(spec, stress_dir / name):
            if p.suffix == ".docx":
                keep(p, f"stress--{name}{p.stem[len(name) :]}")
    shells = write_shells(EXAMPLES / "gia-lai-2026-2030" / "ke-hoach.yaml", parse_period("2026"), root / "phieu")
    for p in shells:
        if p.name in SHELLS:
            keep(p, f"phieu--{p.stem}")
    convert_all(docs, flat, root / "lo-profile")
    return {d.stem: d.with_suffix(".pdf") for d in docs}


@needs_lo
@pytest.mark.parametrize("name", DOCS)
def test_pages_follow_the_typesetting_rules(pdfs, name):
    # the document and its own side files (-phu-luc-2, -bao-cao), not another document named alike
    longer = [d for d in DOCS if d != name and d.startswith(name)]
    found = [
        n
        for n in pdfs
        if (n == name or n.startswith(name + "-")) and not any(n == d or n.startswith(d + "-") for d in longer)
    ]
    assert found, f"{name} was not rendered"
    problems = []
    for n in found:
        pdf = pdfs[n]
        assert pdf.is_file(), f"LibreOffice made no PDF of {n}"
        problems += faults(read_pages(pdf), docx_facts(pdf.with_suffix(".docx")), n)
    assert problems == []


@needs_lo
def test_closing_paragraph_and_signature_share_a_page(pdfs):
    for name, pdf in pdfs.items():
        pages = read_pages(pdf)
        for k, pg in enumerate(pages):
            nn = next((l for l in pg.lines if l.text.startswith("Nơi nhận")), None)
            if nn is None:
                continue
            # the lines above the signature table (the signer's title stands a little higher than
            # "Nơi nhận:" in the same row): the last of them ends the closing paragraph
            above = [l for l in pg.lines if l.bottom < nn.top - 6 and not l.text.startswith(("TM.", "KT."))]
            assert above, f"{name} p.{k + 1}: Nơi nhận opens the page"
            assert above[-1].text.endswith("."), (name, k + 1, above[-1].text)


# --------------------------------------------------------------- the checker itself catches faults
def _planted(path: Path) -> Path:
    """A document that breaks the rules on purpose: a part heading as the last line of page 1, a
    page of two lines, then "Nơi nhận:" opening the last page."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    doc = Document()
    s = doc.sections[0]
    s.page_height, s.page_width = Mm(297), Mm(210)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(25), Mm(20), Mm(35), Mm(20)
    normal = doc.styles["Normal"]
    normal.paragraph_format.line_spacing = Pt(20)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    heading = doc.styles.add_style("VB Phần", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = False
    for k in range(34):
        doc.add_paragraph(f"Dòng thứ {k + 1} của trang đầu.")
    doc.add_paragraph("II. NỘI DUNG", style="VB Phần")
    for k in range(30):
        doc.add_paragraph(f"Nội dung dòng {k + 1}.")
    doc.paragraphs[-1].runs[0].add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Một dòng.")
    p = doc.add_paragraph("Dòng thứ hai.")
    p.runs[0].add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Nơi nhận:")
    for k in range(8):
        doc.add_paragraph(f"- Cơ quan {k + 1};")
    doc.save(path)
    return path


@needs_lo
def test_checker_catches_planted_faults(tmp_path):
    docx = _planted(tmp_path / "planted.docx")
    convert_all([docx], tmp_path, tmp_path / "lo")
    found = faults(read_pages(docx.with_suffix(".pdf")), docx_facts(docx), "planted")
    text = "\n".join(found)
    assert "trang 1: dòng cuối trang là tiêu đề" in text and "II. NỘI DUNG" in text, found
    assert "chỉ có 2 dòng" in text, found
    assert "bắt đầu bằng khối Nơi nhận" in text, found
    assert "chỉ đầy" in text, found  # page 2 ends early (the page break) without ending a part
