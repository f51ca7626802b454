"""Jinja's messages about a template reach the clerk in Vietnamese (drafting/render/jinja_vi.py)."""

from __future__ import annotations

import re

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from drafting.render.jinja_vi import describe

ENV = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)

CASES = [
    ("{{ x }}", {}, 'biến "x" không có trong dữ liệu'),
    ("{{ a.b }}", {"a": {}}, 'dữ liệu không có trường "b"'),
    ("{{ ''.__class__ }}", {}, 'thuộc tính "__class__" bị cấm trong môi trường an toàn'),
    ("{{ x.__globals__ }}", {"x": describe}, 'thuộc tính "__globals__" bị cấm'),
    ("{% foo %}", {}, 'thẻ "foo" không có'),
    ("{% for a in b %}", {"b": []}, "thiếu thẻ đóng (endfor/endif)"),
    ("{{ x | nofilter }}", {"x": 1}, 'không có bộ lọc "nofilter"'),
    ("{{ trich_yeu }", {}, "lỗi cú pháp thẻ"),
    ("{{ 1 / 0 }}", {}, "thẻ chia cho 0"),
    ("{{ 'a' + 1 }}", {}, "sai kiểu"),
]


@pytest.mark.parametrize("source,ctx,expected", CASES, ids=[c[0] for c in CASES])
def test_jinja_messages_in_vietnamese(source, ctx, expected):
    with pytest.raises(Exception) as info:
        ENV.from_string(source).render(ctx)
    text = describe(info.value)
    assert expected in text, text
    english = {w.lower() for w in re.findall(r"\b[A-Za-z]{3,}\b", text)} - {
        "endfor",
        "endif",
        "docxtpl",
        "nofilter",
        "foo",
        "range",
        "__class__",
        "__globals__",
    }
    assert not english & {
        "undefined",
        "unsafe",
        "access",
        "attribute",
        "object",
        "encountered",
        "unknown",
        "tag",
        "expected",
        "token",
        "unexpected",
        "end",
        "template",
        "filter",
        "named",
        "division",
    }, text
