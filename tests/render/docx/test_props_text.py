"""docProps/core.xml and docProps/custom.xml written as text are the very bytes of the lxml trees they were made
as before (and the tree, with its errors, for what is not plain text)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from drafting.render.docx import props as P

ANY = st.characters(codec=None, exclude_categories=())
TEXT = st.text(ANY, max_size=12) | st.sampled_from(["", "Kế hoạch <a&b>", "\"q\" 'x'\r\n\t]]>", "\x00", "\ud800"])


def outcome(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - both writers must fail alike
        return type(exc)


@given(TEXT, TEXT, TEXT, TEXT, st.datetimes(min_value=dt.datetime(1900, 1, 1)))
def test_core_xml_is_the_tree(title, subject, author, keywords, created):
    core = P.CoreProps(title=title, subject=subject, author=author, created=created, keywords=keywords)
    assert outcome(P.core_xml, core) == outcome(P._core_tree, core)


@given(st.dictionaries(TEXT, TEXT, max_size=4))
def test_custom_xml_is_the_tree(props):
    assert outcome(P.custom_xml, props) == outcome(P._custom_tree, props)


def test_plain_text_is_written_without_the_tree(monkeypatch):
    monkeypatch.setattr(P, "_core_tree", None)
    monkeypatch.setattr(P, "_custom_tree", None)
    core = P.CoreProps(title="Kế hoạch <&>", subject="", author="UBND", created=dt.datetime(2026, 4, 1))
    assert P.core_xml(core).startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<cp:core")
    assert b'name="drafting.nguon"' in P.custom_xml({"drafting.nguon": "abc"})
