"""The cache of compiled template code: a part made from cached code renders as the part compiled from its
source (same text, same sandbox, same autoescape, same error lines), and an entry that cannot be used is
compiled again and rewritten, never trusted."""

from __future__ import annotations

import base64
import json
import marshal
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from drafting.render.docx import compile as C
from drafting.render.docx import make_env
from drafting.render.docx import render as R

SOURCES = {
    "word/document.xml": "<w:p>{{ text }}</w:p>\n<w:p>{% for t in items %}{{ t.name }};{% endfor %}</w:p>",
    "word/header1.xml": "<w:p>{{ 'ab' * 3 }}{{ text|upper }}</w:p>",
    "word/footer1.xml": "<w:p>{{ 2 ** power }}</w:p>\n<w:p>{{ missing.name }}</w:p>",
}
CTX = {"text": "<a & b>", "items": [{"name": "x<y"}, {"name": "z"}], "power": 9**9}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DRAFTING_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / C.CODE_KIND


def outcome(tmpl, ctx: dict) -> tuple[str, str]:
    try:
        return "ok", tmpl.render(ctx)
    except Exception as exc:  # noqa: BLE001 - the test compares what each template does, error or text
        return type(exc).__name__, str(exc)


def behaviour(templates: dict) -> dict:
    return {name: outcome(t, CTX) for name, t in templates.items()}


def no_compile(*args, **kw):
    raise AssertionError("compiled again although the cache holds the code")


def test_cached_code_renders_as_the_compiled_source(cache_dir, monkeypatch):
    env = make_env()
    compiled = C._jinja_templates(env, SOURCES)
    assert len(list(cache_dir.glob("*.json"))) == 1
    reference = {name: outcome(env.from_string(src), CTX) for name, src in SOURCES.items()}
    assert behaviour(compiled) == reference
    assert reference["word/document.xml"][1].startswith("<w:p>&lt;a &amp; b&gt;</w:p>")  # autoescaped
    assert reference["word/footer1.xml"][0] == SecurityError.__name__  # the sandbox's bound on **

    env2 = make_env()
    monkeypatch.setattr(type(env2), "compile", no_compile)
    cached = C._jinja_templates(env2, SOURCES)
    assert behaviour(cached) == reference
    assert all(t.environment is env2 for t in cached.values())


def test_errors_name_the_same_template_line_from_cached_code(cache_dir, monkeypatch):
    sources = {"word/document.xml": "<w:p>a</w:p>\n<w:p>b</w:p>\n<w:p>{{ nothing.here }}</w:p>"}
    C._jinja_templates(make_env(), sources)
    monkeypatch.setattr(type(make_env()), "compile", no_compile)
    tmpl = C._jinja_templates(make_env(), sources)["word/document.xml"]
    with pytest.raises(Exception) as info:
        tmpl.render({})
    assert R._template_lineno(info.value) == 3


def damaged_entries(good: dict) -> list[dict]:
    """Entries holding, for the document part, what must not be used."""
    name = "word/document.xml"
    not_code = base64.b64encode(marshal.dumps(("not", "code"))).decode()
    other = base64.b64encode(marshal.dumps(compile("x = 1", "<template>", "exec"))).decode()  # runs, no template
    foreign = base64.b64encode(marshal.dumps(compile("x = 1", "evil.py", "exec"))).decode()
    cut = good["code"][name][: len(good["code"][name]) // 2]
    return [
        {**good, "code": {**good["code"], name: value}}
        for value in ("not base64!", base64.b64encode(b"\x00garbage").decode(), not_code, other, foreign, cut, 17)
    ] + [{**good, "code": "nothing"}, {**good, "digests": {}}]


def rewritten_and_usable(monkeypatch, reference: dict) -> None:
    with monkeypatch.context() as m:
        m.setattr(type(make_env()), "compile", no_compile)
        assert behaviour(C._jinja_templates(make_env(), SOURCES)) == reference


def test_an_entry_that_cannot_be_used_is_compiled_again_and_rewritten(cache_dir, monkeypatch):
    env = make_env()
    reference = behaviour(C._jinja_templates(env, SOURCES))
    (entry,) = cache_dir.glob("*.json")
    good = json.loads(entry.read_text(encoding="utf-8"))
    for bad in [*(json.dumps(e) for e in damaged_entries(good)), "{not json", "[]"]:
        entry.write_text(bad, encoding="utf-8")
        assert behaviour(C._jinja_templates(make_env(), SOURCES)) == reference
        rewritten_and_usable(monkeypatch, reference)


def test_an_entry_others_may_write_is_not_used(cache_dir, monkeypatch):
    reference = behaviour(C._jinja_templates(make_env(), SOURCES))
    (entry,) = cache_dir.glob("*.json")
    entry.chmod(0o666)
    with monkeypatch.context() as m:
        m.setattr(type(make_env()), "compile", lambda *a, **k: (_ for _ in ()).throw(LookupError("compiled")))
        with pytest.raises(LookupError):
            C._jinja_templates(make_env(), SOURCES)
    assert behaviour(C._jinja_templates(make_env(), SOURCES)) == reference


def test_another_environment_or_source_is_another_entry(cache_dir):
    C._jinja_templates(make_env(), SOURCES)
    C._jinja_templates(make_env(), {**SOURCES, "word/header1.xml": "<w:p>{{ text }}</w:p>"})
    env = make_env()
    env.autoescape = False
    C._jinja_templates(env, SOURCES)
    assert len(list(cache_dir.glob("*.json"))) == 3


def test_a_syntax_error_is_raised_and_not_cached(cache_dir):
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        C._jinja_templates(make_env(), {"word/document.xml": "<w:p>{% if %}</w:p>"})
    assert not list(cache_dir.glob("*.json"))


def test_a_document_rendered_from_cached_code_is_byte_identical(cache_dir, monkeypatch):
    from drafting import api

    from conftest import FIXTURES

    checked = api.check(FIXTURES / "minimal.yaml")
    outs = [o for o in checked.kind.outputs(checked.model) if o.template]
    assert outs

    def render_all() -> list[bytes]:
        C._compiled_template.cache_clear()  # a new process: templates read again, their code from the cache
        return [R.render_docx(api.template_path(o.template), o.context, o.core, o.layout) for o in outs]

    cold = render_all()
    assert list(cache_dir.glob("*.json"))
    with monkeypatch.context() as m:
        m.setattr(type(R._env()), "compile", no_compile)
        assert render_all() == cold
    C._compiled_template.cache_clear()
