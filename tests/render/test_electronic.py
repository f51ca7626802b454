"""Electronic mode (``ban_dien_tu: true`` or ``--dien-tu``, Decree 30 and ``../shared/reference/e-office.md``):
one test per rule, read back with python-docx; paper stays the default and unchanged."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.vi.dates import BLANK

from conftest import EXAMPLES

HA_NOI = EXAMPLES / "ha-noi-2026-2030"  # Kế hoạch số 122/KH-UBND ngày 27/3/2026: number and day given


def _spec(tmp_path: Path, *, separate: bool = False, key: str | None = None) -> Path:
    """The Hà Nội plan in a folder of its own; ``separate``: its appendix as its own file; ``key``: a line
    ``ban_dien_tu: …`` added."""
    ws = tmp_path / "hn"
    shutil.copytree(HA_NOI, ws, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    spec = ws / "ke-hoach.yaml"
    text = spec.read_text(encoding="utf-8")
    if separate:
        text = text.replace(
            "    kem_theo: Ban hành kèm theo\n", "    kem_theo: Ban hành kèm theo\n    tep_rieng: true\n", 1
        )
        assert "tep_rieng: true" in text
    if key is not None:
        text += f"\nban_dien_tu: {key}\n"
    spec.write_text(text, encoding="utf-8")
    return spec


def _render(spec: Path, out: Path, **kw) -> dict[str, Path]:
    return {p.name: p for p in api.render(spec, out, **kw)}


def _header(doc) -> tuple[str, str]:
    """The Số line and the place-and-date line of the header table."""
    cells = doc.tables[0].rows[1].cells
    return tuple(c.text.strip().replace("\u2011", "-") for c in cells)  # the no-break hyphen as a reader reads it


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The plan (appendix inside) on paper and electronic; the plan with a separate appendix, both ways."""
    tmp = tmp_path_factory.mktemp("el")
    inside = _spec(tmp / "a")
    separate = _spec(tmp / "b", separate=True)
    return {
        "paper": _render(inside, tmp / "paper"),
        "electronic": _render(inside, tmp / "electronic", dien_tu=True),
        "paper_separate": _render(separate, tmp / "paper-sep"),
        "electronic_separate": _render(separate, tmp / "electronic-sep", dien_tu=True),
    }


def test_number_and_day_are_left_to_the_document_system(both):
    so, date = _header(Document(str(both["electronic"]["ke-hoach.docx"])))
    assert so == f"Số: {BLANK}/KH-UBND"  # the spec's 122 is not printed
    assert date == f"Hà Nội, ngày {BLANK} tháng 3 năm 2026"  # month and year stay
    assert _header(Document(str(both["paper"]["ke-hoach.docx"]))) == (
        "Số: 122/KH-UBND",
        "Hà Nội, ngày 27 tháng 3 năm 2026",
    )


def test_the_appendix_reference_line_is_not_filled_in(both):
    def line(path: Path) -> str:
        (found,) = [p.text for p in Document(str(path)).paragraphs if p.text.startswith("(Ban hành kèm theo")]
        return found.replace("\u2011", "-")

    assert line(both["electronic"]["ke-hoach.docx"]) == (
        f"(Ban hành kèm theo Kế hoạch số {BLANK}/KH-UBND ngày {BLANK} tháng {BLANK} năm {BLANK} "
        "của UBND thành phố Hà Nội)"
    )
    assert line(both["electronic_separate"]["ke-hoach-phu-luc-1.docx"]) == line(both["electronic"]["ke-hoach.docx"])
    assert line(both["paper"]["ke-hoach.docx"]) == (
        "(Ban hành kèm theo Kế hoạch số 122/KH-UBND ngày 27 tháng 3 năm 2026 của UBND thành phố Hà Nội)"
    )


def test_a_separate_appendix_keeps_room_top_right_for_the_agency_signature(both):
    paras = Document(str(both["electronic_separate"]["ke-hoach-phu-luc-1.docx"])).paragraphs
    area, heading = paras[0], paras[1]
    assert area.text == "" and heading.text == "Phụ lục"
    fmt = area.paragraph_format
    assert area.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing >= Pt(36)  # ≈ 15 mm kept free
    assert fmt.left_indent.mm > 100  # the right part of the landscape page (252 mm of text width)
    # nowhere else: not on paper, not in the plan file whose appendix is inside
    assert Document(str(both["paper_separate"]["ke-hoach-phu-luc-1.docx"])).paragraphs[0].text == "Phụ lục"
    inside = Document(str(both["electronic"]["ke-hoach.docx"])).paragraphs
    heading = next(i for i, p in enumerate(inside) if p.text == "Phụ lục")
    assert inside[heading - 1].paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY


def test_the_signer_gap_stays(both):
    for name in ("electronic", "paper"):
        doc = Document(str(both[name]["ke-hoach.docx"]))
        (block,) = [t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"]
        signer = block.rows[0].cells[1].paragraphs
        titles, person = signer[:-1], signer[-1]
        assert [p.text for p in titles] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        assert person.text and not person.text.isupper()  # the name, right under the titles: no empty line …
        assert person.paragraph_format.space_before >= Pt(3 * 14)  # … but room for the signature and the seal


def _parts(path: Path) -> dict[str, bytes]:
    """Every part but the custom properties (which carry the hash of the spec's bytes)."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/custom.xml"}


def test_paper_is_the_default_and_unchanged(tmp_path):
    plain = _render(_spec(tmp_path / "a", separate=True), tmp_path / "a-out")
    declared = _render(_spec(tmp_path / "b", separate=True, key="false"), tmp_path / "b-out")
    assert sorted(plain) == sorted(declared)
    for name in plain:
        assert _parts(plain[name]) == _parts(declared[name]), name


def test_the_spec_key_and_the_option_are_the_same(tmp_path):
    keyed = _render(_spec(tmp_path / "a", separate=True, key="true"), tmp_path / "a-out")
    r = CliRunner().invoke(
        app, ["render", str(_spec(tmp_path / "b", separate=True)), "-o", str(tmp_path / "b-out"), "--dien-tu"]
    )
    assert r.exit_code == 0, r.output
    for name, path in keyed.items():
        assert _parts(path) == _parts(tmp_path / "b-out" / name), name


def test_build_renders_again_when_the_mode_changes(tmp_path):
    spec = _spec(tmp_path)
    (spec.parent / ".drafting-workspace").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke
    assert run(app, ["build", str(spec.parent), "-o", str(out)]).exit_code == 0
    r = run(app, ["build", str(spec.parent), "-o", str(out), "--dien-tu"])
    assert r.exit_code == 0 and "Đã tạo lại 1 đặc tả" in r.output, r.output
    assert _header(Document(str(out / "ke-hoach.docx")))[0] == f"Số: {BLANK}/KH-UBND"
    r = run(app, ["build", str(spec.parent), "-o", str(out), "--dien-tu"])
    assert "Không có gì thay đổi" in r.output, r.output
    r = run(app, ["build", str(spec.parent), "-o", str(out)])
    assert "Đã tạo lại 1 đặc tả" in r.output and _header(Document(str(out / "ke-hoach.docx")))[0] == "Số: 122/KH-UBND"


def test_a_number_or_day_the_spec_gives_is_reported_not_printed(tmp_path):
    warnings = [w.message for w in api.check(_spec(tmp_path, key="true")).warnings]
    assert any("số 122 không được in" in w for w in warnings), warnings
    assert any("ngày 27 không được in" in w for w in warnings), warnings
    assert not [w for w in api.check(_spec(tmp_path / "p")).warnings if "ban_dien_tu" in w.message]


# ------------------------------------------------------------------------------------- the report, electronic

GIA_LAI = EXAMPLES / "gia-lai-2026-2030"


def _progress(tmp_path: Path, *, so: str = "null", ngay: str = "{thang: 11, nam: 2026}", key: str = "") -> Path:
    ws = tmp_path / "gl"
    shutil.copytree(GIA_LAI, ws, ignore=shutil.ignore_patterns("*.docx", "*.xlsx", "*.pdf"))
    spec = ws / "tien-do-2026.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace("ngay: {thang: 11, nam: 2026}\nso: null\n", f"ngay: {ngay}\nso: {so}\n{key}", 1)
    assert f"so: {so}\n" in text
    spec.write_text(text, encoding="utf-8")
    return spec


def _report_lines(path: Path) -> tuple[tuple[str, str], str]:
    doc = Document(str(path))
    (ref,) = [p.text for p in doc.paragraphs if p.text.startswith("(Kèm theo")]
    return _header(doc), ref.replace("\u2011", "-")


def test_a_report_drafted_as_an_electronic_document(tmp_path):
    spec = _progress(tmp_path, so="14", ngay="2026-11-20", key="ban_dien_tu: true\n")
    checked = api.check(spec)
    warned = sorted(w.path for w in checked.warnings if "bản điện tử" in w.message)
    assert warned == ["ngay", "so"]  # the spec's number and day are not printed: the clerk is told
    (docx,) = [p for p in api.render(spec, tmp_path / "out") if p.suffix == ".docx"]
    (so, date), ref = _report_lines(docx)
    assert so == f"Số: {BLANK}/BC-SNgV"
    assert date == f"Gia Lai, ngày {BLANK} tháng 11 năm 2026"
    # the appendix's reference line is left for the system, like a plan's
    assert (
        ref
        == f"(Kèm theo Báo cáo số {BLANK}/BC-SNgV ngày {BLANK} tháng {BLANK} năm {BLANK} của Sở Ngoại vụ tỉnh Gia Lai)"
    )


def test_a_report_on_paper_prints_its_number_and_day_and_dien_tu_turns_it_electronic(tmp_path):
    spec = _progress(tmp_path, so="14", ngay="2026-11-20")
    (paper,) = [p for p in api.render(spec, tmp_path / "paper") if p.suffix == ".docx"]
    (so, date), ref = _report_lines(paper)
    assert so == "Số: 14/BC-SNgV" and date == "Gia Lai, ngày 20 tháng 11 năm 2026"
    assert ref == "(Kèm theo Báo cáo số 14/BC-SNgV ngày 20 tháng 11 năm 2026 của Sở Ngoại vụ tỉnh Gia Lai)"
    assert not [w for w in api.check(spec).warnings if "bản điện tử" in w.message]
    (electronic,) = [p for p in api.render(spec, tmp_path / "el", dien_tu=True) if p.suffix == ".docx"]
    (so, date), ref = _report_lines(electronic)
    assert so == f"Số: {BLANK}/BC-SNgV" and "14" not in ref and "ngày 20" not in ref
