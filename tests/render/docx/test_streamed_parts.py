"""A part rendered piece by piece (checked, finished and deflated as it comes) is byte for byte the part rendered
whole, then finished and deflated; a part that is not well-formed gets the message of the whole-part check."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from drafting import api
from drafting.errors import TemplateProblem
from drafting.render.docx import render as R
from drafting.render.docx.zipout import Deflated

ROOT = Path(__file__).resolve().parents[3]


class _Template:
    """A template that yields given pieces (what Jinja's generate gives), for the cuts at newlines."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def generate(self, ctx: dict):
        yield from self.pieces


class _Ct:
    sources: dict = {}


def _both(pieces: list[str], monkeypatch: pytest.MonkeyPatch, batch: int) -> tuple:
    monkeypatch.setattr(R, "_PIECES", batch)
    tmpl = _Template(pieces)
    streamed = R._streamed(Path("mau.docx"), _Ct(), "word/document.xml", tmpl, {})
    whole = R._finished(R._rendered(Path("mau.docx"), _Ct(), "word/document.xml", tmpl, {}), Path("mau.docx"), "x")
    d = Deflated(whole)
    return (streamed.deflated.data, streamed.deflated.crc, streamed.deflated.size), (d.data, d.crc, d.size), whole


@pytest.mark.parametrize("batch", [1, 2, 3, 4096])
def test_pieces_cut_anywhere_give_the_same_bytes(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = ["<w:body>", "\n", "<w:p ", 'a="1">', "{_{ x }_}", "</w:p>\n<w:p>", "{", "_", "%", " y %", "_}"]
    pieces += ["</w:p>", "\n\n<w:p>", "Tiếng Việt có dấu ", "-\n", "</w:p>", "\n", "</w:body>"]
    streamed, whole, data = _both(pieces, monkeypatch, batch)
    assert streamed == whole
    assert b"{{ x }}" in data and b"{% y %}" in data and b'\n<w:p a="1">' not in data
    assert zlib.decompress(streamed[0], -15) == data


def test_a_shipped_plan_renders_to_the_same_bytes_piece_by_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ROOT / "examples" / "ha-noi-2026-2030" / "ke-hoach.yaml"
    checked = api.check(spec)
    [(_, out), *_] = api.output_paths(spec, spec.parent, checked)
    template = api.template_path(out.template, None)
    st = template.stat()
    ct = R._compiled_template(str(template.resolve()), st.st_size, st.st_mtime_ns)
    compiled = ct.compiled(R._env())

    def context() -> dict:  # each render its own layout slots: they count the tables as they print
        ctx = R._prepare_fast(out.context)
        ctx[R.LAYOUT_VAR] = ct.layout_values(out.layout)
        return ctx

    monkeypatch.setattr(R, "_PIECES", 7)  # many cuts
    ctx_streamed, ctx_whole = context(), context()
    for name, tmpl in compiled.items():
        streamed = R._streamed(template, ct, name, tmpl, ctx_streamed)
        whole = R._finished(R._rendered(template, ct, name, tmpl, ctx_whole), template, name)
        assert zlib.decompress(streamed.deflated.data, -15) == whole
        d = Deflated(whole)
        assert (streamed.deflated.data, streamed.deflated.crc, streamed.deflated.size) == (d.data, d.crc, d.size)


def test_not_well_formed_is_named_as_the_whole_part_check_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    tmpl = _Template(["<w:body>\n", "<w:p><w:r><w:t>Một</w:t></w:r></w:p>\n", "<w:p><w:t>hai</w:p>\n", "</w:body>"])
    monkeypatch.setattr(R, "_PIECES", 1)
    with pytest.raises(TemplateProblem) as streamed:
        R._streamed(Path("mau.docx"), _Ct(), "word/document.xml", tmpl, {})
    with pytest.raises(TemplateProblem) as whole:
        R._check_well_formed(Path("mau.docx"), "word/document.xml", "".join(tmpl.pieces).encode())
    assert streamed.value.message == whole.value.message
    assert "đoạn 2" in streamed.value.message and "hai" in streamed.value.message


def test_a_second_render_for_the_message_starts_from_the_same_layout_slots() -> None:
    class Slots:
        def __init__(self) -> None:
            self.n = 0

        def next(self) -> str:
            self.n += 1
            return str(self.n)

    class Counting(_Template):
        def generate(self, ctx: dict):
            yield f"<w:body>\n<w:p>{ctx['slots'].next()}</w:p>\n<w:p><w:t>{ctx['slots'].next()}</w:p>\n</w:body>"

    ctx = {"slots": Slots()}
    old = R.LAYOUT_VAR
    try:
        R.LAYOUT_VAR = "slots"
        with pytest.raises(TemplateProblem) as streamed:
            R._streamed(Path("mau.docx"), _Ct(), "word/document.xml", Counting([]), ctx)
    finally:
        R.LAYOUT_VAR = old
    assert '("2")' in streamed.value.message  # the paragraph as the first render printed it, not "4"
