"""The renderer: a context and a compiled template → .docx bytes in one zip pass, sandboxed, autoescaped and
within a CPU and memory budget."""

from __future__ import annotations

import functools
import itertools
import math
import os
import pickle
import re
import resource
import select
import signal
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ...errors import TemplateProblem
from ...util import gc_paused
from ..jinja_vi import describe
from .compile import LAYOUT_VAR, _compiled_template, has_listing
from .layout import _fix_grids, _parser
from .ns import W as _W
from .props import CORE, CUSTOM, CoreProps, core_xml, with_custom_entries
from .zipout import Deflated, write_package


class Runs:
    """Runs of a paragraph as WordprocessingML; Jinja's autoescape leaves it alone (``__html__``). The XML is
    made when a template prints it (a context offers ``rich`` beside every ``runs`` list, most go unused),
    and not kept: a template prints a paragraph once, and keeping the XML of every cell of a large table
    until the render ends cost as much memory as the table's context."""

    __slots__ = ("_runs",)

    def __init__(self, runs: list[dict]):
        self._runs = runs

    @property
    def xml(self) -> str:
        return "".join(_run_xml(r) for r in self._runs)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


def _escape_text(piece: str) -> str:
    """XML text, braces as character references (docxtpl rewrites "{_{" and friends in its output)."""
    return (
        piece.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )


def _run_xml(r: dict) -> str:
    props = ("<w:b/><w:bCs/>" if r.get("bold") else "") + ("<w:i/><w:iCs/>" if r.get("italic") else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = str(r["text"])
    if not _BREAKS.search(text):  # the common run: one piece of text
        return f'<w:r>{rpr}<w:t xml:space="preserve">{_escape_text(text)}</w:t></w:r>' if text else f"<w:r>{rpr}</w:r>"
    pieces = []
    for k, line in enumerate(text.split("\n")):
        if k:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            for h, piece in enumerate(chunk.split(NB_HYPHEN)):
                if h:
                    pieces.append("<w:noBreakHyphen/>")
                if piece:
                    pieces.append(f'<w:t xml:space="preserve">{_escape_text(piece)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


_BREAKS = re.compile("[\n\t\u2011]")


NB_HYPHEN = "\u2011"


def prepare_reference(value: Any) -> Any:
    """The context as docxtpl's own render takes it (the reference renderer in the tests, the bench): a copy
    adding ``rich`` (a Runs object) beside every ``runs`` list; a string with a
    non-breaking hyphen becomes Word's own <w:noBreakHyphen/> (as in the fast path)."""
    if isinstance(value, str) and NB_HYPHEN in value:
        return _text_value(value)
    if isinstance(value, dict):
        out = {k: prepare_reference(v) for k, v in value.items()}
        if isinstance(value.get("runs"), list):
            out["rich"] = Runs(value["runs"])
        return out
    if isinstance(value, list):
        return [prepare_reference(v) for v in value]
    return value


#: the largest result of ``**`` in a template, in bits (a 1 233-digit number; amounts need 60)
MAX_POWER_BITS = 4096
#: the longest string or list ``*`` may build in a template (characters or items)
MAX_REPEAT = 1_000_000
#: CPU seconds a document's render may use before it is stopped (plus 1 s per ``RENDER_ITEMS_PER_SECOND``
#: items of data); ``DRAFTING_RENDER_SECONDS`` overrides the base
RENDER_SECONDS = 2
RENDER_ITEMS_PER_SECOND = 10_000
#: memory a render may add to the process (bytes; ``DRAFTING_RENDER_MB`` overrides), plus
#: ``RENDER_MEMORY_PER_ITEM`` bytes per list item of data: a plan of 50 000 tasks (about 300 000 items) needs
#: about 300 MB more than the base
RENDER_MEMORY = 350 * 1024 * 1024
RENDER_MEMORY_PER_ITEM = 1024


@functools.lru_cache(maxsize=1)
def _limited_sandbox_class():
    from jinja2 import nodes  # noqa: PLC0415 - Jinja loads only when a template renders
    from jinja2.compiler import CodeGenerator  # noqa: PLC0415 - Jinja loads only when a template renders
    from jinja2.exceptions import SecurityError  # noqa: PLC0415 - Jinja loads only when a template renders
    from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: PLC0415 - Jinja loads only when a template renders

    class _NoFolding(CodeGenerator):
        """Jinja evaluates constant expressions while compiling (``{{ "x"|center(10**9) }}`` ran, outside
        any budget, when the template was compiled); only literal text and constants are folded here."""

        def _output_child_to_const(self, node, frame, finalize):
            if not isinstance(node, (nodes.TemplateData, nodes.Const)):
                raise nodes.Impossible()
            return super()._output_child_to_const(node, frame, finalize)

    class _LimitedSandbox(ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox, with bounds on what one operator may build: ``**`` (``9**(9**9)``)
        and ``*`` on strings and lists (``'x'*10**9``). Ranges are bounded by the sandbox itself
        (``MAX_RANGE``); loops that run too long or build too much are stopped by the render budget.
        Nothing is evaluated while compiling (no optimizer, no constant folding of expressions)."""

        intercepted_binops = frozenset({"**", "*"})
        code_generator_class = _NoFolding

        def __init__(self, **kw):
            super().__init__(optimized=False, **kw)

        def getattr(self, obj, attribute):
            """``x.name`` on a plain dict whose class has no such attribute is its key (what Jinja returns
            after its attribute lookup fails), without raising and catching an AttributeError per lookup."""
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

        def call_binop(self, context, operator, left, right):
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    def check_binop(operator, left, right):

        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise SecurityError(f"lũy thừa {left}**{right} quá lớn (giới hạn {MAX_POWER_BITS} bit)")
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(
                        f"phép nhân chuỗi/danh sách tạo {len(seq) * n:,} phần tử (giới hạn {MAX_REPEAT:,})".replace(
                            ",", "."
                        )
                    )
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_POWER_BITS
            ):
                raise SecurityError(f"phép nhân tạo số quá lớn (giới hạn {MAX_POWER_BITS} bit)")

    _LimitedSandbox.check_binop = staticmethod(check_binop)
    return _LimitedSandbox


_DICT_ATTRIBUTES = frozenset(dir(dict))


def make_env():
    """The Jinja environment every template renders in: sandboxed, autoescaped, strict about names,
    with bounded operators (``_limited_sandbox_class``)."""
    from jinja2 import StrictUndefined  # noqa: PLC0415 - Jinja loads only when a template renders

    return _limited_sandbox_class()(autoescape=True, undefined=StrictUndefined)


_PART_NAMES = {
    "word/document.xml": "thân văn bản",
    "word/footnotes.xml": "chú thích",
    "word/endnotes.xml": "chú thích cuối",
}


def _part_label(name: str) -> str:
    if name in _PART_NAMES:
        return _PART_NAMES[name]
    return "đầu trang" if "header" in name else "chân trang" if "footer" in name else name


def _where(template: Path, part: str, source: str | None, lineno: int | None) -> str:
    """``mẫu.docx, thân văn bản, đoạn 12 ("…")``: the compiled source has one paragraph per line."""
    where = f"{Path(template).name}, {_part_label(part)}"
    if lineno and source:
        lines = source.split("\n")
        excerpt = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip() if lineno <= len(lines) else ""
        where += f", đoạn {max(lineno - 1, 1)}" + (f' ("{excerpt[:60]}")' if excerpt else "")
    return where


def _template_lineno(exc: BaseException) -> int | None:
    """The template line an exception was raised at (Jinja puts template frames in the traceback)."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class _OutOfTime(Exception):
    """Raised in a render when its CPU-time budget is spent (a template error, never an internal one)."""


def _render_message(exc: BaseException) -> str:
    """What went wrong while rendering, in Vietnamese (never Jinja's or Python's English)."""

    if isinstance(exc, _OutOfTime):
        return "dựng mẫu quá thời gian cho phép (vòng lặp quá lớn?); đã dừng"
    if isinstance(exc, MemoryError):
        return "dựng mẫu cần quá nhiều bộ nhớ (vòng lặp hoặc chuỗi quá lớn?); đã dừng"
    if isinstance(exc, RecursionError):
        return "mẫu gọi lồng nhau quá sâu (macro tự gọi lại chính nó?)"
    return describe(exc)


def _render_sources(template: Path, ct, compiled: dict, ctx: dict) -> dict[str, Any]:
    """Render every part (in this process) to UTF-8 XML, checked well-formed; a failure becomes a
    TemplateProblem naming the paragraph. A part no later step parses comes back deflated (``_Streamed``):
    its text is checked, finished and compressed piece by piece, never held whole."""
    out: dict[str, Any] = {}
    for name, tmpl in compiled.items():
        if name == "word/document.xml" and ct.needs_parse:
            out[name] = _finished(_rendered(template, ct, name, tmpl, ctx), template, name)
        else:
            out[name] = _streamed(template, ct, name, tmpl, ctx)
    return out


def _finish(data: bytes) -> bytes:
    """A rendered part (or a piece of one cut before a newline) with the paragraphs joined (the template has
    one per line, for the messages) and docxtpl's escaped braces put back. One replacement at a time: a
    large part is held twice at most. None of these texts holds a newline but the first, so a part cut
    before its newlines is finished piece by piece into the same bytes."""
    data = data.replace(b"\n<w:p ", b"<w:p ")
    data = data.replace(b"\n<w:p>", b"<w:p>")
    if b"_" in data:
        for escaped, plain in ((b"{_{", b"{{"), (b"}_}", b"}}"), (b"{_%", b"{%"), (b"%_}", b"%}")):
            data = data.replace(escaped, plain)
    return data


def _finished(data: bytes, template: Path, name: str) -> bytes:
    _check_well_formed(template, name, data)  # one paragraph per line still: errors name it
    return _finish(data)


def _rendered(template: Path, ct, name: str, tmpl, ctx: dict) -> bytes:
    """One part's UTF-8, whole."""
    return b"".join(text.encode("utf-8") for text in _texts(template, ct, name, tmpl, ctx))


class _Streamed:
    """A part rendered, finished and deflated piece by piece; ``listing``: it has what docxtpl's
    resolve_listing rewrites (then it is inflated again for that step)."""

    __slots__ = ("deflated", "listing")

    def __init__(self, deflated: Deflated, listing: bool) -> None:
        self.deflated = deflated
        self.listing = listing


def _streamed(template: Path, ct, name: str, tmpl, ctx: dict) -> _Streamed:
    """The part rendered as ``_rendered`` and ``_finished`` make it, without holding it: each piece is fed to
    the XML check, finished and deflated as it comes. Not well-formed: rendered again whole, for the message
    that names the paragraph (after the template has run to its end, as before: its own errors come first)."""
    slots = getattr(ctx.get(LAYOUT_VAR), "__dict__", None)  # the layout slots count tables as they print:
    state = {k: dict(v) if isinstance(v, dict) else v for k, v in (slots or {}).items()}  # put back for a rerender
    checker = _xml_checker()
    well_formed = True
    listing = False
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    compressed: list[bytes] = []
    crc = size = 0
    for text in _texts(template, ct, name, tmpl, ctx):
        raw = text.encode("utf-8")
        del text
        if well_formed:
            try:
                checker.Parse(raw, False)
            except (expat.ExpatError, ValueError):
                well_formed = False
        data = _finish(raw)
        del raw
        listing = listing or has_listing(data)
        crc = zlib.crc32(data, crc)
        size += len(data)
        compressed.append(deflate.compress(data))
    if well_formed:
        try:
            checker.Parse(b"", True)
        except (expat.ExpatError, ValueError):
            well_formed = False
    if not well_formed:
        if slots is not None:
            slots.update(state)
        _check_well_formed(template, name, _rendered(template, ct, name, tmpl, ctx))
    compressed.append(deflate.flush())
    return _Streamed(Deflated.of(b"".join(compressed), crc, size), listing)


#: template output pieces joined and encoded at a time (the whole text of a large part is never held as str)
_PIECES = 4096


def _texts(template: Path, ct, name: str, tmpl, ctx: dict) -> Iterator[str]:
    """One part's text in pieces, each cut before a newline (the last: the rest), as the template makes it
    (``Template.render`` held every piece, then the whole text); a failure of the template becomes a
    TemplateProblem naming the paragraph."""
    pieces = tmpl.generate(ctx)
    carry = ""
    while True:
        try:
            batch = list(itertools.islice(pieces, _PIECES))
            text = "".join(batch)
        except (Exception, _OutOfTime) as exc:  # noqa: BLE001 - whatever a template does is a template problem
            where = _where(template, name, ct.sources.get(name), _template_lineno(exc))
            raise TemplateProblem(f"{where}: {_render_message(exc)}") from None
        if not batch:
            break
        text = carry + text
        cut = text.rfind("\n")
        if cut <= 0:
            carry = text
            continue
        carry = text[cut:]
        yield text[:cut]
    yield carry


def _xml_checker():
    """The expat parser of ``_check_well_formed``, fed piece by piece (same verdict)."""
    parser = expat.ParserCreate()

    def no_doctype(*args):
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = no_doctype
    return parser


def _budget_seconds(items: int) -> int:
    """CPU seconds for a render of ``items`` list items of data (a large plan gets more time)."""

    try:
        base = float(os.environ.get("DRAFTING_RENDER_SECONDS") or RENDER_SECONDS)
    except ValueError:
        base = RENDER_SECONDS
    return max(1, int(base + items / RENDER_ITEMS_PER_SECOND))


def _render_limited(template: Path, ct, compiled: dict, ctx: dict, items: int = 0) -> dict[str, bytes]:
    """Render with a CPU-time and a memory budget; exceeding either is a TemplateProblem (exit 4).

    In the main thread of a single-threaded process (the CLI), the budget is kept in process: a CPU
    timer (ITIMER_PROF → SIGPROF, turned into an exception naming the paragraph) and a lowered
    address-space limit (RLIMIT_AS → MemoryError), both put back afterwards. Elsewhere (``--watch``,
    threads), the render runs in a forked worker with RLIMIT_CPU (SIGXCPU, then SIGKILL a second later)
    and RLIMIT_AS, which sends the XML back; ``DRAFTING_RENDER_WORKER=1`` always uses the worker.
    Without fork or setrlimit (Windows) only the operator bounds of the sandbox apply.
    """

    seconds = _budget_seconds(items)
    try:
        extra = int(float(os.environ.get("DRAFTING_RENDER_MB") or 0) * 1024 * 1024) or RENDER_MEMORY
    except ValueError:
        extra = RENDER_MEMORY
    extra += items * RENDER_MEMORY_PER_ITEM
    try:
        import resource  # noqa: F401, PLC0415 - POSIX only: a missing module means no render budget
    except ImportError:
        return _render_sources(template, ct, compiled, ctx)
    alone = threading.current_thread() is threading.main_thread() and threading.active_count() == 1
    if alone and os.environ.get("DRAFTING_RENDER_WORKER") != "1" or not hasattr(os, "fork"):
        return _render_in_process(template, ct, compiled, ctx, seconds, extra)
    return _render_in_worker(template, ct, compiled, ctx, seconds, extra)


def _address_space() -> int:

    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _render_in_process(template: Path, ct, compiled: dict, ctx: dict, seconds: int, extra: int) -> dict[str, bytes]:

    def out_of_time(signum, frame):
        raise _OutOfTime()

    old_handler = signal.signal(signal.SIGPROF, out_of_time)
    old_limit = resource.getrlimit(resource.RLIMIT_AS)
    size = _address_space()
    try:
        if size and (old_limit[1] == resource.RLIM_INFINITY or size + extra < old_limit[1]):
            resource.setrlimit(resource.RLIMIT_AS, (size + extra, old_limit[1]))
        signal.setitimer(signal.ITIMER_PROF, seconds)
        return _render_sources(template, ct, compiled, ctx)
    except MemoryError:
        raise TemplateProblem(f"{Path(template).name}: {_render_message(MemoryError())}") from None
    except _OutOfTime:  # after the render returned, before the timer was stopped
        raise TemplateProblem(f"{Path(template).name}: {_render_message(_OutOfTime())}") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, old_limit)


def _render_in_worker(template: Path, ct, compiled: dict, ctx: dict, seconds: int, extra: int) -> dict[str, bytes]:

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(r)
            _limit_self(seconds, extra)
            try:
                result = ("ok", _render_sources(template, ct, compiled, ctx))
            except TemplateProblem as exc:
                result = ("problem", exc.message)
            except MemoryError:
                result = ("problem", f"{Path(template).name}: {_render_message(MemoryError())}")
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(w, view) :]
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    chunks: list[bytes] = []
    deadline_s = 10 * seconds + 30  # wall-clock guard (the CPU limit normally ends it first)

    start = time.monotonic()
    try:
        while True:
            left = deadline_s - (time.monotonic() - start)
            ready, _, _ = select.select([r], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(r)
        _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        why = (
            _render_message(_OutOfTime())
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
            else "tiến trình dựng mẫu dừng bất thường (có thể do vượt giới hạn bộ nhớ); đã dừng"
        )
        raise TemplateProblem(f"{Path(template).name}: {why}")
    kind, value = pickle.loads(data)
    if kind == "problem":
        raise TemplateProblem(value)
    return value


def _limit_self(seconds: int, extra: int) -> None:
    """In the worker: CPU seconds (SIGXCPU, then SIGKILL a second later) and address space."""

    def out_of_time(signum, frame):
        raise _OutOfTime()

    signal.signal(signal.SIGXCPU, out_of_time)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    size = _address_space()
    if size:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or size + extra < hard:
            resource.setrlimit(resource.RLIMIT_AS, (size + extra, hard))


_ENV = []


def _env():
    if not _ENV:
        _ENV.append(make_env())
    return _ENV[0]


_SPECIAL = re.compile("[{}\n\t\u2011]")


def _text_value(value: str) -> Any:
    """A plain string for the XML: escaped, braces as character references (docxtpl rewrites "{_{" in its
    output), line breaks and tabs as Word's own elements (what docxtpl's resolve_listing does later)."""
    from markupsafe import Markup, escape  # noqa: PLC0415 - markupsafe loads with Jinja, only when a template renders

    text = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    # a hyphen that never ends a line ("149/KH-UBND"): Word's element, which LibreOffice reads too
    text = text.replace(NB_HYPHEN, '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">')
    return Markup(text)


def _prepare_fast(value: Any, shared: dict[int, Any] | None = None) -> Any:
    """Copy the context for rendering: runs become ``rich`` (Runs), special strings become safe markup.

    A paragraph the context holds more than once (a table's cells of the same text are one dict,
    ``appendix_context``) is copied once: ``shared`` maps the id of each ``runs`` paragraph seen to its copy
    (the context outlives the copy, so ids are not reused meanwhile; templates cannot change either)."""
    if shared is None:
        shared = {}
    t = type(value)
    if t is dict:
        return _prepare_dict(value, shared)
    if t is list:
        return _prepare_list(value, shared)
    if t is str:
        return _text_value(value) if _SPECIAL.search(value) else value
    return value


def _prepare_dict(value: dict, shared: dict[int, Any]) -> dict:
    """``_prepare_fast`` of a dict; its strings are done here (most of a context's values: one call fewer each)."""
    runs = value.get("runs")
    if type(runs) is list:
        done = shared.get(id(value))
        if done is not None:
            return done
    out = {}
    special = _SPECIAL.search
    for k, v in value.items():
        t = type(v)
        if t is str:
            out[k] = _text_value(v) if k != "runs" and special(v) else v
        elif k == "runs":
            out[k] = v
        elif t is dict:
            out[k] = _prepare_dict(v, shared)
        elif t is list:
            out[k] = _prepare_list(v, shared)
        else:
            out[k] = v
    if type(runs) is list:
        out["rich"] = Runs(runs)
        shared[id(value)] = out
    return out


def _prepare_list(value: list, shared: dict[int, Any]) -> list:
    """``_prepare_fast`` of a list (its items counted in ``_ITEMS``, the size of the data)."""
    _ITEMS[0] += len(value)
    special = _SPECIAL.search
    out = []
    append = out.append
    for v in value:
        t = type(v)
        if t is dict:
            append(_prepare_dict(v, shared))
        elif t is str:
            append(_text_value(v) if special(v) else v)
        elif t is list:
            append(_prepare_list(v, shared))
        else:
            append(v)
    return out


_ITEMS = [0]  # list items seen by _prepare_fast (the size of the data, for the render's time budget)


def render_docx(
    template: Path,
    context: dict,
    core: CoreProps,
    layout: dict | None = None,
    custom: dict[str, str] | None = None,
) -> bytes:
    """Render ``template`` with ``context``; return the .docx as deterministic bytes (the fast path).

    The cyclic garbage collector is paused meanwhile: a render makes hundreds of thousands of short-lived
    strings and dicts without cycles, and the collector's full passes over them made time grow faster than
    the table (×6.2 from 1 000 to 5 000 rows; ×5.1 without).
    """

    with gc_paused():
        return _render_docx(template, context, core, layout, custom)


def _check_well_formed(template: Path, part: str, xml: bytes) -> None:
    """Refuse rendered XML that is not well-formed (``{{ x }`` left in a paragraph, ``|safe`` markup …):
    Word would not open it. A DOCTYPE (entity declarations) is refused too."""

    parser = expat.ParserCreate()

    def no_doctype(*args):
        raise ValueError("DOCTYPE")

    parser.StartDoctypeDeclHandler = no_doctype
    try:
        parser.Parse(xml, True)
    except (expat.ExpatError, ValueError) as exc:
        lineno = getattr(exc, "lineno", None) or parser.CurrentLineNumber
        lines = xml.split(b"\n")
        line = lines[lineno - 1].decode("utf-8", "replace") if lineno <= len(lines) else ""
        excerpt = re.sub(r"<[^>]+>", "", line).strip()
        why = expat.ErrorString(exc.code) if isinstance(exc, expat.ExpatError) else "có khai báo DOCTYPE"
        raise TemplateProblem(
            f"{Path(template).name}, {_part_label(part)}, đoạn {max(lineno - 1, 1)}"
            + (f' ("{excerpt[:60]}")' if excerpt else "")
            + f": văn bản dựng ra không phải XML hợp lệ ({why}); "
            "kiểm tra thẻ {{ }} / {% %} của đoạn này (drafting templates check)"
        ) from None


def _render_docx(
    template: Path, context: dict, core: CoreProps, layout: dict | None, custom: dict[str, str] | None
) -> bytes:

    from jinja2 import TemplateError  # noqa: PLC0415 - Jinja loads only when a template renders

    template = Path(template)
    try:
        st = template.stat()
        ct = _compiled_template(str(template.resolve()), st.st_size, st.st_mtime_ns)
        compiled = ct.compiled(_env())
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f", đoạn {max(lineno - 1, 1)}" if lineno else ""
        raise TemplateProblem(f"{template}{where}: {describe(exc)} (drafting templates check chỉ rõ hơn)") from exc
    except Exception as exc:  # a damaged .docx: not a zip, broken XML
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise TemplateProblem(f"{template}: không đọc được mẫu Word (tệp hỏng hoặc không phải .docx)") from exc
    _ITEMS[0] = 0
    ctx = _prepare_fast(context)
    ctx[LAYOUT_VAR] = ct.layout_values(layout)
    rendered = _render_limited(template, ct, compiled, ctx, _ITEMS[0])
    parts: dict[str, Any] = {}
    for name, data in rendered.items():
        if isinstance(data, _Streamed):
            if not data.listing:
                parts[name] = data.deflated
                continue
            data = zlib.decompress(data.deflated.data, -15)
        if has_listing(data):
            data = ct._tpl.resolve_listing(data.decode("utf-8")).encode("utf-8")
        if name == "word/document.xml" and ct.needs_parse:
            from lxml import etree  # noqa: PLC0415 - lxml loads only for a template whose document is parsed (5 ms)

            tree = etree.fromstring(data, parser=_parser())
            if b"docPr" in data:
                ct._tpl.docx_ids_index = 1000
                ct._tpl.fix_docpr_ids(tree)
            body = tree.find(_W + "body")
            if body is not None:
                _fix_grids(body, skip_captioned=True)
            parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        else:
            parts[name] = data
    parts[CORE] = core_xml(core)
    props = {**dict(core.custom), **(custom or {})}
    entries = [(name, parts.get(name, blob)) for name, blob in ct.entries if name != CUSTOM]
    return write_package(
        (name, ct.deflated(name, blob)) for name, blob in with_custom_entries(entries, props, ct.custom_memo)
    )
