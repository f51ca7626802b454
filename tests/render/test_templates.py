"""Offices' own templates: the linter, the sandbox, --templates, and the fast renderer vs docxtpl."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from drafting import api
from drafting.cli import app
from drafting.errors import ExitCode, FileAccessError, TemplateProblem

from conftest import EXAMPLES, FIXTURES

runner = CliRunner()


def _office_copy(tmp_path: Path, name: str = "ke-hoach.docx", edit=None) -> Path:
    """A copy of a shipped template, changed by ``edit(document)`` (python-docx), in a fresh folder."""
    folder = tmp_path / "mau"
    folder.mkdir(exist_ok=True)
    doc = Document(str(api.TEMPLATES_DIR / name))
    if edit:
        edit(doc)
    doc.save(str(folder / name))
    return folder


def _add(text: str, bold_split: bool = False):
    def edit(doc):
        p = doc.add_paragraph()
        if bold_split:
            half = len(text) // 2
            p.add_run(text[:half]).bold = True
            p.add_run(text[half:])
        else:
            p.add_run(text)

    return edit


def test_shipped_templates_are_clean():
    r = runner.invoke(app, ["templates", "check", str(api.TEMPLATES_DIR)])
    assert r.exit_code == 0, r.output
    assert "0 lỗi, 0 cảnh báo" in r.output


@pytest.mark.parametrize(
    "text,message",
    [
        ("{{ ''.__class__.__mro__ }}", 'thuộc tính "__class__": bị cấm'),
        ("{{ cycler.__init__.__globals__ }}", "bị cấm"),
        ("{{ os.system('ls') }}", 'thẻ dùng "os"'),
        ("{%x for a in b %}", 'thẻ "x" không có'),
        ("{% for a in than %}", "thiếu thẻ đóng"),
        ("{{ khong_co_bien_nay }}", 'biến "khong_co_bien_nay" không có trong dữ liệu'),
        ("{{ trich_yeu ", "thẻ mở và đóng không cùng một đoạn"),
    ],
)
def test_linter_names_the_problem_and_the_paragraph(tmp_path, text, message):
    folder = _office_copy(tmp_path, edit=_add(text))
    r = runner.invoke(app, ["templates", "check", str(folder)])
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert message in r.output, r.output
    assert "ke-hoach.docx" in r.output


def test_linter_warns_about_a_tag_split_across_runs(tmp_path):
    folder = _office_copy(tmp_path, edit=_add("{{ trich_yeu }}", bold_split=True))
    r = runner.invoke(app, ["templates", "check", str(folder)])
    assert "bị tách qua nhiều đoạn định dạng" in r.output and "đoạn " in r.output


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ self.__init__.__globals__ }}",
        "{{ os.system('touch /tmp/pwned') }}",
    ],
)
def test_sandbox_refuses_at_render_time_with_a_clean_error(tmp_path, write_spec, minimal_data, text):
    folder = _office_copy(tmp_path, edit=_add(text))
    spec = write_spec(minimal_data)
    r = runner.invoke(app, ["render", str(spec), "-o", str(tmp_path / "out"), "--templates", str(folder)])
    assert r.exit_code == ExitCode.TEMPLATE, r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "out" / "ke-hoach.docx").exists()
    assert not Path("/tmp/pwned").exists()


def test_office_template_overrides_only_what_it_has(tmp_path, write_spec, minimal_data):
    folder = _office_copy(tmp_path, edit=_add("Mẫu riêng của Sở: {{ trich_yeu }}"))
    spec = write_spec(minimal_data)
    [out] = api.render(spec, tmp_path / "out", templates=folder)
    texts = [p.text.replace("\u00a0", " ") for p in Document(str(out)).paragraphs]
    assert "Mẫu riêng của Sở: Thực hiện hợp tác với tỉnh Xay Sôm Bun năm 2026" in texts
    with pytest.raises(FileAccessError, match="không có thư mục mẫu này"):
        api.render(spec, tmp_path / "out2", templates=tmp_path / "khong-co")


def test_broken_template_file_is_a_clean_error(tmp_path, write_spec, minimal_data):
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "ke-hoach.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TemplateProblem):
        api.render(write_spec(minimal_data), tmp_path / "out", templates=folder)


# --------------------------------------------------------------------- fast renderer vs docxtpl itself


def _texts(path: Path) -> list[str]:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in doc.sections:
        out += [p.text for p in s.header.paragraphs]
    return out


SPECS = [p for p in sorted(EXAMPLES.rglob("*.yaml")) if p.name != "co-quan.yaml"] + [
    FIXTURES / "minimal.yaml",
    FIXTURES / "with_appendices.yaml",
]


@pytest.mark.parametrize("spec", SPECS, ids=[p.parent.name + "/" + p.name for p in SPECS])
def test_fast_renderer_prints_what_docxtpl_prints(spec, tmp_path):
    """The one-pass renderer keeps docxtpl's behaviour as the reference: same text out, same tables."""
    from docx_reference import render_docx_docxtpl

    from drafting.render.docx import render_docx

    checked = api.check(spec)
    for out in checked.kind.outputs(checked.model):
        if out.writer is not None:
            continue
        template = api.TEMPLATES_DIR / out.template
        fast = tmp_path / "fast.docx"
        ref = tmp_path / "ref.docx"
        fast.write_bytes(render_docx(template, out.context, out.core, out.layout))
        ref.write_bytes(render_docx_docxtpl(template, out.context, out.core, out.layout))
        assert _texts(fast) == _texts(ref), out.template
        df, dr = Document(str(fast)), Document(str(ref))
        assert len(df.tables) == len(dr.tables)
        for tf, tr in zip(df.tables, dr.tables, strict=False):
            assert len(tf.rows) == len(tr.rows)
            assert [len(r.cells) for r in tf.rows] == [len(r.cells) for r in tr.rows]
            assert _column_widths(tf) == _column_widths(tr), out.template
        assert _page_setup(df) == _page_setup(dr), out.template


def _column_widths(table) -> tuple[list[int | None], list[list[int]]]:
    """The grid's column widths and the width of every cell of the first rows (twips) as Word lays them out:
    the cell's own width, or the grid columns it spans when it has none."""
    from drafting.render.docx.ns import W

    grid = [c.width for c in table.columns]
    cols = [int(c.get(W + "w")) for c in table._tbl.tblGrid.iterchildren(W + "gridCol")]
    cells = []
    for tr in table._tbl.iterchildren(W + "tr"):
        row, pos = [], 0
        for tc in tr.iterchildren(W + "tc"):
            span_el = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_el.get(W + "val")) if span_el is not None else 1
            own = tc.find(f"{W}tcPr/{W}tcW")
            row.append(int(own.get(W + "w")) if own is not None else sum(cols[pos : pos + span]))
            pos += span
        cells.append(row)
    return grid, cells[:5]


def _page_setup(document) -> list[tuple]:
    """Orientation, page size and margins of every section."""
    return [
        (s.orientation, s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
        for s in document.sections
    ]


@pytest.mark.parametrize("spec", SPECS, ids=[p.parent.name + "/" + p.name for p in SPECS])
def test_no_template_variable_is_missing_from_the_context(spec):
    """Schema, model and templates cannot drift apart: every variable a template uses is in the context."""
    from docxtpl import DocxTemplate

    from drafting.render.docx import LAYOUT_VAR, make_env

    checked = api.check(spec)
    for out in checked.kind.outputs(checked.model):
        if out.writer is not None:
            continue
        needed = DocxTemplate(str(api.TEMPLATES_DIR / out.template)).get_undeclared_template_variables(
            jinja_env=make_env()
        )
        assert needed - {LAYOUT_VAR} <= set(out.context), (out.template, needed - set(out.context))


def test_committed_templates_are_what_the_build_script_makes(tmp_path):
    """templates/*.docx and templates/build_templates.py cannot drift apart; the script is reproducible."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_templates", api.TEMPLATES_DIR / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(api.TEMPLATES_DIR))
    try:
        spec.loader.exec_module(module)
        module.main(["build_templates.py", str(tmp_path)])
    finally:
        sys.path.remove(str(api.TEMPLATES_DIR))
    for built in sorted(tmp_path.glob("*.docx")):
        assert built.read_bytes() == (api.TEMPLATES_DIR / built.name).read_bytes(), built.name
