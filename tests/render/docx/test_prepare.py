"""The context as the renderer takes it (``_prepare_fast``): strings with braces, breaks, tabs or non-breaking
hyphens become safe markup, a ``runs`` list is kept and gets ``rich`` beside it, a paragraph held twice is
copied once, and list items are counted for the render's time budget."""

from __future__ import annotations

from markupsafe import Markup

from drafting.render.docx import render as R


def test_strings_lists_and_paragraphs_are_prepared():
    para = {"runs": [{"text": "a"}], "kieu": "x{y"}
    ctx = {
        "plain": "Sở Y tế",
        "brace": "a{b}",
        "runs": "kept {as} is",
        "n": 3,
        "none": None,
        "items": ["x\ny", "z", 4, [para, "t\tu"], {"runs": "s{"}],
        "cells": [para, para],
        "nested": {"deep": {"h": "149/KH\u2011UBND"}},
    }
    R._ITEMS[0] = 0
    out = R._prepare_fast(ctx)
    assert R._ITEMS[0] == 5 + 2 + 2
    assert out["plain"] is ctx["plain"] and type(out["plain"]) is str
    assert out["brace"] == Markup("a&#123;b&#125;")
    assert out["runs"] == "kept {as} is" and type(out["runs"]) is str
    assert out["n"] == 3 and out["none"] is None
    assert out["items"][0] == Markup('x</w:t><w:br/><w:t xml:space="preserve">y')
    assert out["items"][1:3] == ["z", 4]
    assert out["items"][3][1] == Markup('t</w:t><w:tab/><w:t xml:space="preserve">u')
    assert out["items"][4] == {"runs": "s{"}
    first, second = out["cells"]
    assert first is second is out["items"][3][0]
    assert first["runs"] is para["runs"] and first["kieu"] == Markup("x&#123;y")
    assert isinstance(first["rich"], R.Runs) and first["rich"].xml == '<w:r><w:t xml:space="preserve">a</w:t></w:r>'
    assert out["nested"]["deep"]["h"] == Markup('149/KH</w:t><w:noBreakHyphen/><w:t xml:space="preserve">UBND')
    assert R._prepare_fast("x{") == Markup("x&#123;") and R._prepare_fast(7) == 7
