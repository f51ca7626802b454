"""The cache of prepared templates holds each zip entry deflated once: a template read from it renders the same
bytes as one read from its .docx, without opening the zip; an entry that cannot be used (damaged deflate data,
a wrong CRC or size, the wrong shape) is ignored, the template read again and the entry rewritten."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from drafting import api
from drafting.render.docx import compile as C
from drafting.render.docx import render as R

from conftest import FIXTURES


@pytest.fixture
def renders(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    checked = api.check(FIXTURES / "minimal.yaml")
    outs = [o for o in checked.kind.outputs(checked.model) if o.template]

    def render_all() -> list[bytes]:
        C._compiled_template.cache_clear()  # as a new process: the template made again, from the cache if it can
        return [R.render_docx(api.template_path(o.template), o.context, o.core, o.layout) for o in outs]

    yield render_all, tmp_path / "cache" / C.CACHE_KIND
    C._compiled_template.cache_clear()


def no_zip(*args, **kw):
    raise AssertionError("the template's zip was read although the cache holds its entries")


def test_a_template_from_the_cache_renders_the_same_bytes_without_its_zip(renders, monkeypatch):
    render_all, where = renders
    cold = render_all()
    assert list(where.glob("*.json"))
    with monkeypatch.context() as m:
        m.setattr(C.zipfile, "ZipFile", no_zip)
        assert render_all() == cold


def damaged(entry: dict) -> list:
    first = entry["entries"][0]
    data = base64.b64decode(first[1])
    other = base64.b64encode(zlib.compressobj(6, zlib.DEFLATED, -15).compress(b"x")).decode()  # unfinished
    variants = [
        [first[0], "not base64!", first[2], first[3]],
        [first[0], base64.b64encode(data[: len(data) // 2]).decode(), first[2], first[3]],
        [first[0], base64.b64encode(data + b"tail").decode(), first[2], first[3]],
        [first[0], other, first[2], first[3]],
        [first[0], first[1], first[2] ^ 1, first[3]],
        [first[0], first[1], first[2], first[3] + 1],
        [first[0], first[1], str(first[2]), first[3]],
        [first[0], first[1], first[2]],
        "entry",
    ]
    return [{**entry, "entries": [v, *entry["entries"][1:]]} for v in variants] + [{**entry, "entries": {}}]


def test_an_entry_that_cannot_be_used_is_read_again_and_rewritten(renders, monkeypatch):
    render_all, where = renders
    cold = render_all()
    for path in where.glob("*.json"):
        good = json.loads(path.read_text(encoding="utf-8"))
        for bad in damaged(good):
            path.write_text(json.dumps(bad), encoding="utf-8")
            assert render_all() == cold
            with monkeypatch.context() as m:
                m.setattr(C.zipfile, "ZipFile", no_zip)
                assert render_all() == cold


def test_the_parts_declaring_custom_properties_come_from_the_cache(tmp_path, monkeypatch):
    import dataclasses

    from drafting.render.docx import props as P

    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    checked = api.check(FIXTURES / "minimal.yaml")
    out = next(o for o in checked.kind.outputs(checked.model) if o.template)
    core = dataclasses.replace(out.core, custom=(("drafting.nguon", "abc"),))

    def render() -> bytes:
        C._compiled_template.cache_clear()
        return R.render_docx(api.template_path(out.template), out.context, core, out.layout)

    def no_parse(blob):
        raise AssertionError("parsed again although the cache holds the edit")

    cold = render()
    with monkeypatch.context() as m:
        m.setattr(P, "_with_custom_override", no_parse)
        m.setattr(P, "_with_custom_relationship", no_parse)
        assert render() == cold
    for path in (tmp_path / "cache" / C.CACHE_KIND).glob("*.json"):  # a damaged edit: made again
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert [name for name, *_ in entry["declaring"]] == ["[Content_Types].xml", "_rels/.rels"]
        entry["declaring"][0][2] ^= 1
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert render() == cold
    C._compiled_template.cache_clear()


def test_a_template_whose_relationships_cannot_be_edited_renders_as_before(tmp_path, monkeypatch):
    import dataclasses
    import zipfile

    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    source = api.template_path("ke-hoach.docx")
    broken = tmp_path / "ke-hoach.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, b"not xml" if info.filename == "_rels/.rels" else src.read(info.filename))
    checked = api.check(FIXTURES / "minimal.yaml")
    out = next(o for o in checked.kind.outputs(checked.model) if o.template == "ke-hoach.docx")
    C._compiled_template.cache_clear()
    plain = dataclasses.replace(out.core, custom=())
    assert R.render_docx(broken, out.context, plain, out.layout)[:2] == b"PK"  # no custom properties: no edit
    from lxml import etree

    with pytest.raises(etree.XMLSyntaxError):  # the edit fails when a render needs it, as it did
        R.render_docx(broken, out.context, dataclasses.replace(out.core, custom=(("a", "b"),)), out.layout)
    C._compiled_template.cache_clear()
