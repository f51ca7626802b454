"""A render writes its custom properties in the same zip pass, as a second pass would have written them, and
deflates the parts no render changes once: the template's own parts and its [Content_Types].xml and
_rels/.rels declaring the custom part."""

from __future__ import annotations

import dataclasses

from drafting import api
from drafting.render.docx import compile as C
from drafting.render.docx import render as R
from drafting.render.docx import with_custom_properties, zipout

from conftest import FIXTURES


def test_custom_properties_in_one_pass_and_static_parts_deflated_once(monkeypatch):
    checked = api.check(FIXTURES / "minimal.yaml")
    out = next(o for o in checked.kind.outputs(checked.model) if o.template)
    template = api.template_path(out.template)
    props = (("drafting.nguon", "abc123"), ("ghi chú", '<&> "x"'))
    core = dataclasses.replace(out.core, custom=tuple(out.core.custom) + props)

    plain = R.render_docx(template, out.context, out.core, out.layout)
    first = R.render_docx(template, out.context, core, out.layout)
    assert first == with_custom_properties(plain, dict(out.core.custom) | dict(props))

    def no_deflate(blob):
        raise AssertionError("a part no render changes was deflated again")

    raw: list[str] = []

    def write_package(entries):
        entries = list(entries)
        raw.extend(name for name, blob in entries if not isinstance(blob, zipout.Deflated))
        return zipout.write_package(entries)

    with monkeypatch.context() as m:
        m.setattr(C, "Deflated", no_deflate)
        m.setattr(R, "write_package", write_package)
        assert R.render_docx(template, out.context, core, out.layout) == first
        assert raw == ["docProps/core.xml", "docProps/custom.xml"]  # the render's own, deflated in the pass
        assert R.render_docx(template, out.context, out.core, out.layout) == plain
    other = dataclasses.replace(core, custom=(("drafting.nguon", "def456"),))
    assert R.render_docx(template, out.context, other, out.layout) == with_custom_properties(plain, dict(other.custom))
