"""The reference renderer: docxtpl's own DocxTemplate.render (sandboxed, autoescaped), then python-docx save.

The one-pass renderer (``drafting.render.docx.render_docx``) is kept equal to it by
tests/render/test_templates.py: same text, same tables, same column widths and page setup.
"""

from __future__ import annotations

import io
from pathlib import Path

from drafting.errors import TemplateProblem
from drafting.fileio import normalize_zip
from drafting.render.docx import CoreProps, make_env, prepare_reference, with_custom_properties
from drafting.render.docx.layout import _apply_layout


def render_docx_docxtpl(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """The reference path: docxtpl's own DocxTemplate.render (sandboxed, autoescaped), then python-docx save."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError, UndefinedError

    try:
        tpl = DocxTemplate(str(template))
        tpl.render(prepare_reference(context), jinja_env=make_env(), autoescape=True)
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng thao tác bị cấm trong môi trường an toàn ({exc})") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"{template}: mẫu dùng biến không có trong dữ liệu ({exc})") from exc
    except TemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())[:200]
        raise TemplateProblem(
            f"{template}: lỗi cú pháp thẻ trong mẫu: {exc}" + (f" — gần: {where}" if where else "")
        ) from exc
    except Exception as exc:  # docx/zip/lxml problems: the template file itself is damaged
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise TemplateProblem(f"{template}: không đọc được mẫu Word ({type(exc).__name__}: {exc})") from exc
    if layout:
        _apply_layout(tpl.docx, layout)
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
    data = buf.getvalue()
    if core.custom:
        data = with_custom_properties(data, dict(core.custom))
    return normalize_zip(data)
