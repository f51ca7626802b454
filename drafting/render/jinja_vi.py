"""Jinja's messages about a template, in Vietnamese: what is wrong, said from the exception's parts.

Jinja writes its messages in English ("'x' is undefined", "access to attribute '__class__' of 'str' object is
unsafe.", "Encountered unknown tag 'x'."). The clerk who edits a template in Word reads this instead; the
paragraph it is in is said by the caller (``paragraph_of``).
"""

from __future__ import annotations

import re

_SYNTAX: list[tuple[str, str]] = [
    (
        r"Encountered unknown tag '(\w+)'",
        'thẻ "{0}" không có (mẫu Word dùng {{%p …%}}, {{%tr …%}}, {{%tc …%}}, {{{{r …}}}})',
    ),
    (r"(?i)unexpected end of template", "thiếu thẻ đóng (endfor/endif)"),
    (r"No filter named '(.*?)'", 'không có bộ lọc "{0}"'),
    (r"No test named '(.*?)'", 'không có phép thử "{0}"'),
    (r"expected token '(.*?)', got '(.*?)'", 'thiếu "{0}" (gặp "{1}")'),
    (r"unexpected char '(.*?)'", 'ký tự "{0}" không đúng chỗ'),
    (r"unexpected '(.*?)'", 'ký tự "{0}" không đúng chỗ'),
    (r"tag name expected", "thiếu tên thẻ sau {{%"),
    (r"(?i)unclosed", "thẻ chưa đóng"),
    (r"(?i)missing end of (raw|comment) directive", "thẻ chưa đóng"),
]

_UNDEFINED: list[tuple[str, str]] = [
    (r"^'(.*?)' is undefined", 'biến "{0}" không có trong dữ liệu'),
    (r"has no attribute '(.*?)'", 'dữ liệu không có trường "{0}"'),
    (r"has no element (.*)$", "dữ liệu không có phần tử {0}"),
    (r"no element", "dữ liệu không có phần tử này"),
]

_SECURITY: list[tuple[str, str]] = [
    (r"access to attribute '(.*?)' of '(.*?)' object is unsafe", 'thuộc tính "{0}" bị cấm trong môi trường an toàn'),
    (r"(?i)unsafe", "thao tác bị cấm trong môi trường an toàn"),
    (r"(?i)range too big", "vòng lặp quá lớn (range)"),
]


def _first(rules: list[tuple[str, str]], message: str, fallback: str) -> str:
    for rx, vi in rules:
        m = re.search(rx, message)
        if m:
            return vi.format(*m.groups())
    return fallback


def syntax_message(message: str) -> str:
    """A TemplateSyntaxError's message."""
    return _first(_SYNTAX, message, "thẻ viết sai cú pháp")


def describe(exc: BaseException) -> str:
    """One Vietnamese phrase for a Jinja exception raised while compiling or rendering a template."""
    from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError  # noqa: PLC0415 - Jinja loads only when a template renders

    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateSyntaxError):
        return "lỗi cú pháp thẻ: " + syntax_message(message)
    if isinstance(exc, SecurityError):
        if not message.isascii():  # our own sandbox bounds speak Vietnamese already ("lũy thừa … quá lớn")
            return message
        return _first(_SECURITY, message, "thao tác bị cấm trong môi trường an toàn")
    if isinstance(exc, UndefinedError):
        return _first(_UNDEFINED, message, "mẫu dùng dữ liệu không có")
    if isinstance(exc, TemplateNotFound) or "no loader" in message:
        return "thẻ include/import/extends không dùng được: mẫu Word không nạp mẫu khác"
    if isinstance(exc, OverflowError | MemoryError):
        return "phép tính trong thẻ quá lớn"
    if isinstance(exc, ZeroDivisionError):
        return "thẻ chia cho 0"
    if isinstance(exc, TypeError | ValueError):
        return "thẻ dùng dữ liệu sai kiểu (ví dụ cộng chữ với số)"
    return "lỗi khi dựng mẫu"


def paragraph_of(lineno: int | None) -> int:
    """The compiled source of a part holds one paragraph per line (a newline before each ``<w:p``)."""
    if not lineno:
        return 0
    return max(lineno - 1, 0)
