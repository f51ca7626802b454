"""The one module that drives docxtpl/python-docx: sandboxed, autoescaped rendering to .docx bytes."""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import TemplateProblem
from ..fileio import normalize_zip


class Runs:
    """Runs of a paragraph as WordprocessingML; Jinja's autoescape leaves it alone (``__html__``)."""

    __slots__ = ("xml",)

    def __init__(self, runs: list[dict]):
        parts = []
        for r in runs:
            props = ("<w:b/><w:bCs/>" if r.get("bold") else "") + ("<w:i/><w:iCs/>" if r.get("italic") else "")
            rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
            pieces = []
            for k, line in enumerate(str(r["text"]).split("\n")):
                if k:
                    pieces.append("<w:br/>")
                for j, chunk in enumerate(line.split("\t")):
                    if j:
                        pieces.append("<w:tab/>")
                    if chunk:
                        pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
            parts.append(f"<w:r>{rpr}{''.join(pieces)}</w:r>")
        self.xml = "".join(parts)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _prepare(value: Any) -> Any:
    """Copy the context, adding ``rich`` (a Runs object) beside every ``runs`` list."""
    if isinstance(value, dict):
        out = {k: _prepare(v) for k, v in value.items()}
        if isinstance(value.get("runs"), list):
            out["rich"] = Runs(value["runs"])
        return out
    if isinstance(value, list):
        return [_prepare(v) for v in value]
    return value


@dataclass(frozen=True)
class CoreProps:
    """Document properties written into docProps/core.xml (fixed, so renders are reproducible)."""

    title: str
    subject: str
    author: str
    created: _dt.datetime
    keywords: str = ""


def make_env():
    """The Jinja environment every template renders in: sandboxed, autoescaped, strict about names."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def render_docx(template: Path, context: dict, core: CoreProps) -> bytes:
    """Render ``template`` with ``context``; return the .docx as deterministic bytes."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, UndefinedError

    try:
        tpl = DocxTemplate(str(template))
        tpl.render(_prepare(context), jinja_env=make_env(), autoescape=True)
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng thao tác bị cấm trong môi trường an toàn ({exc})") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng biến không có trong dữ liệu ({exc})") from exc
    except TemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())[:200]
        raise TemplateProblem(f"{template}: lỗi cú pháp thẻ trong mẫu: {exc}" + (f" — gần: {where}" if where else "")) from exc
    except Exception as exc:  # docx/zip/lxml problems: the template file itself is damaged
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise TemplateProblem(f"{template}: không đọc được mẫu Word ({type(exc).__name__}: {exc})") from exc
    cp = tpl.docx.core_properties
    cp.title = core.title
    cp.subject = core.subject
    cp.author = core.author
    cp.last_modified_by = core.author
    cp.keywords = core.keywords
    cp.comments = ""
    cp.revision = 1
    cp.created = core.created
    cp.modified = core.created
    cp.language = "vi-VN"
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue())
