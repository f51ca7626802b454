"""The one module that drives docxtpl/python-docx: sandboxed, autoescaped rendering to .docx bytes."""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import TemplateProblem
from ..fileio import normalize_zip, rewrite_zip, write_zip


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
                    for h, piece in enumerate(chunk.split(NB_HYPHEN)):
                        if h:
                            pieces.append("<w:noBreakHyphen/>")
                        if piece:
                            # braces as character references: docxtpl rewrites "{_{" and friends in its output
                            text = escape(piece).replace("{", "&#123;").replace("}", "&#125;")
                            pieces.append(f'<w:t xml:space="preserve">{text}</w:t>')
            parts.append(f"<w:r>{rpr}{''.join(pieces)}</w:r>")
        self.xml = "".join(parts)

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


NB_HYPHEN = "\u2011"


def _prepare(value: Any) -> Any:
    """Copy the context, adding ``rich`` (a Runs object) beside every ``runs`` list; a string with a
    non-breaking hyphen becomes Word's own <w:noBreakHyphen/> (as in the fast path)."""
    if isinstance(value, str) and NB_HYPHEN in value:
        return _text_value(value)
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
    custom: tuple[tuple[str, str], ...] = ()  # custom document properties (name, text)


#: the largest result of ``**`` in a template, in bits (a 1 233-digit number; amounts need 60)
MAX_POWER_BITS = 4096
#: the longest string or list ``*`` may build in a template (characters or items)
MAX_REPEAT = 1_000_000
#: CPU seconds a document's render may use before it is stopped (plus 1 s per ``RENDER_ITEMS_PER_SECOND``
#: items of data); ``DRAFTING_RENDER_SECONDS`` overrides the base
RENDER_SECONDS = 2
RENDER_ITEMS_PER_SECOND = 10_000
#: memory a render may add to the process (bytes); ``DRAFTING_RENDER_MB`` overrides
RENDER_MEMORY = 350 * 1024 * 1024


@functools.lru_cache(maxsize=1)
def _limited_sandbox_class():
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

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

        def call_binop(self, context, operator, left, right):
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    def check_binop(operator, left, right):
        import math

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


def make_env():
    """The Jinja environment every template renders in: sandboxed, autoescaped, strict about names,
    with bounded operators (``_limited_sandbox_class``)."""
    from jinja2 import StrictUndefined

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
    from .jinja_vi import describe

    if isinstance(exc, _OutOfTime):
        return "dựng mẫu quá thời gian cho phép (vòng lặp quá lớn?); đã dừng"
    if isinstance(exc, MemoryError):
        return "dựng mẫu cần quá nhiều bộ nhớ (vòng lặp hoặc chuỗi quá lớn?); đã dừng"
    if isinstance(exc, RecursionError):
        return "mẫu gọi lồng nhau quá sâu (macro tự gọi lại chính nó?)"
    return describe(exc)


def _render_sources(template: Path, ct, compiled: dict, ctx: dict) -> dict[str, bytes]:
    """Render every part (in this process) to UTF-8 XML, checked well-formed; a failure becomes a
    TemplateProblem naming the paragraph."""
    out: dict[str, bytes] = {}
    for name, tmpl in compiled.items():
        try:
            xml = tmpl.render(ctx)
        except (Exception, _OutOfTime) as exc:  # noqa: BLE001 - whatever a template does is a template problem
            where = _where(template, name, ct.sources.get(name), _template_lineno(exc))
            raise TemplateProblem(f"{where}: {_render_message(exc)}") from None
        data = xml.encode("utf-8")
        del xml
        _check_well_formed(template, name, data)  # one paragraph per line still: errors name it
        data = data.replace(b"\n<w:p ", b"<w:p ").replace(b"\n<w:p>", b"<w:p>")
        if b"_" in data:
            data = data.replace(b"{_{", b"{{").replace(b"}_}", b"}}").replace(b"{_%", b"{%").replace(b"%_}", b"%}")
        out[name] = data
    return out


def _budget_seconds(items: int) -> int:
    """CPU seconds for a render of ``items`` list items of data (a large plan gets more time)."""
    import os

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
    import os
    import threading

    seconds = _budget_seconds(items)
    try:
        extra = int(float(os.environ.get("DRAFTING_RENDER_MB") or 0) * 1024 * 1024) or RENDER_MEMORY
    except ValueError:
        extra = RENDER_MEMORY
    try:
        import resource  # noqa: F401 - POSIX only
    except ImportError:
        return _render_sources(template, ct, compiled, ctx)
    alone = threading.current_thread() is threading.main_thread() and threading.active_count() == 1
    if alone and os.environ.get("DRAFTING_RENDER_WORKER") != "1" or not hasattr(os, "fork"):
        return _render_in_process(template, ct, compiled, ctx, seconds, extra)
    return _render_in_worker(template, ct, compiled, ctx, seconds, extra)


def _address_space() -> int:
    import resource

    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _render_in_process(template: Path, ct, compiled: dict, ctx: dict, seconds: int, extra: int) -> dict[str, bytes]:
    import resource
    import signal

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
    import os
    import pickle
    import select
    import signal

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
    import time

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
    import resource
    import signal

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TWIPS_PER_MM = 56.6929


def _grid_span(tc) -> int:
    pr = tc.find(_W + "tcPr")
    if pr is not None:
        gs = pr.find(_W + "gridSpan")
        if gs is not None:
            return int(gs.get(_W + "val"))
    return 1


def _set_grid(tbl, tw: list[int]) -> None:
    from lxml import etree

    grid = tbl.find(_W + "tblGrid")
    for gc in list(grid):
        grid.remove(gc)
    for w in tw:
        etree.SubElement(grid, _W + "gridCol").set(_W + "w", str(w))


def _apply_table_widths(body, widths: list[list[float]]) -> None:
    """Set column widths (mm) of the tables captioned "drafting:…", in document order.

    docxtpl's {%tc%} loops leave the grid with equal columns (its fix_tables spreads the width evenly);
    this puts the widths the context computed back on the grid and on every cell.
    """
    from lxml import etree

    tables = []
    for cap in body.iter(_W + "tblCaption"):
        if cap.get(_W + "val", "").startswith("drafting:"):
            tables.append(cap.getparent().getparent())
    for tbl, ws in zip(tables, widths, strict=False):
        tw = [int(round(w * _TWIPS_PER_MM)) for w in ws]
        _set_grid(tbl, tw)
        tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
        if tblw is not None:
            tblw.set(_W + "w", str(sum(tw)))
            tblw.set(_W + "type", "dxa")
        wkey, tkey = _W + "w", _W + "type"
        for tr in tbl.iterchildren(_W + "tr"):
            pos = 0
            for tc in tr.iterchildren(_W + "tc"):
                span = _grid_span(tc)
                width = sum(tw[pos : pos + span])
                pos += span
                tc_pr = tc.find(_W + "tcPr")
                if tc_pr is None:
                    tc_pr = etree.Element(_W + "tcPr")
                    tc.insert(0, tc_pr)
                tcw = tc_pr.find(_W + "tcW")
                if tcw is None:
                    tcw = etree.Element(_W + "tcW")
                    tc_pr.insert(0, tcw)
                tcw.set(wkey, str(width))
                tcw.set(tkey, "dxa")


def _fix_grids(body, skip_captioned: bool) -> None:
    """Make each table's grid hold as many columns as its widest row ({%tc%} loops change the count),
    keeping the table's total width — docxtpl's fix_tables, done on the tree we already have."""
    from lxml import etree

    for tbl in body.iter(_W + "tbl"):
        if skip_captioned:
            cap = tbl.find(f"{_W}tblPr/{_W}tblCaption")
            if cap is not None and cap.get(_W + "val", "").startswith("drafting:"):
                continue
        grid = tbl.find(_W + "tblGrid")
        if grid is None:
            continue
        cols = grid.findall(_W + "gridCol")
        widest = 0
        for tr in tbl.iterchildren(_W + "tr"):
            widest = max(widest, sum(_grid_span(tc) for tc in tr.iterchildren(_W + "tc")))
        if widest == len(cols) or widest == 0:
            continue
        total = sum(float(c.get(_W + "w") or 0) for c in cols)
        if widest > len(cols):
            for _ in range(widest - len(cols)):
                etree.SubElement(grid, _W + "gridCol").set(_W + "w", "0")
        else:
            for c in cols[widest:]:
                grid.remove(c)
        cols = grid.findall(_W + "gridCol")
        if total:
            each = int(total / len(cols))
            for c in cols:
                c.set(_W + "w", str(each))


def _landscape_last_section(body, margins_mm: dict[str, float]) -> None:
    """Turn the document's last section (the body's own sectPr) to landscape, page numbers from 1."""
    _landscape_sect(body.find(_W + "sectPr"), margins_mm)


def _landscape_sect(sp, margins_mm: dict[str, float]) -> None:
    from lxml import etree

    pg = sp.find(_W + "pgSz")
    w, h = int(pg.get(_W + "w")), int(pg.get(_W + "h"))
    if w < h:
        pg.set(_W + "w", str(h))
        pg.set(_W + "h", str(w))
    pg.set(_W + "orient", "landscape")
    mar = sp.find(_W + "pgMar")
    for side, mm in margins_mm.items():
        mar.set(_W + side, str(int(round(mm * _TWIPS_PER_MM))))
    num = sp.find(_W + "pgNumType")
    if num is None:
        num = etree.Element(_W + "pgNumType")
        cols = sp.find(_W + "cols")
        if cols is not None:
            cols.addprevious(num)
        else:
            sp.append(num)
    num.set(_W + "start", "1")


def _apply_layout(docx_document, layout: dict) -> None:
    body = docx_document.element.body
    if layout.get("table_widths"):
        _apply_table_widths(body, layout["table_widths"])
    if layout.get("last_section_landscape"):
        _landscape_last_section(
            body, layout.get("landscape_margins_mm") or {"top": 20, "bottom": 20, "left": 25, "right": 20}
        )


def _parser():
    from lxml import etree

    return etree.XMLParser(huge_tree=True, remove_blank_text=False)


_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_LISTING = re.compile(r"[\t\a\f]|\n")
_LISTING_BYTES = re.compile(rb"[\t\a\f]|\n")


LAYOUT_VAR = "drafting_layout"


class CompiledTemplate:
    """A Word template turned into compiled Jinja templates, once (cached by path, size and mtime).

    It drives docxtpl's own tag language (``DocxTemplate.patch_xml``: {%p %}, {%tr %}, {%tc %}, {{r }},
    colspan…) but renders each XML part as one string and writes the zip directly, where docxtpl parses the
    output into python-docx objects (slow and quadratic on long tables). Its output text is the same as
    docxtpl's (tests/render/test_fast_render.py keeps docxtpl as the reference).

    Layout that docxtpl fixes after rendering by re-parsing (table grids after {%tc%} loops, the last
    section) becomes slots in the compiled source: the grid and width of each table captioned
    "drafting:…" and the body's section properties are filled from ``layout`` as ready XML, so a render is
    one Jinja pass and no XML parse. Templates with {%tc%} loops in other tables, or pictures, take the
    parse-and-fix path.
    """

    CACHE_FIELDS = ("sources", "grids", "tblws", "sect", "sect_landscape", "needs_parse", "tables")

    def __init__(self, path: Path):
        import zipfile

        self.path = Path(path)
        self._docxtpl = None
        with zipfile.ZipFile(path) as z:
            self.entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        self._compiled: dict[str, Any] = {}
        cached = _read_cache(self.path)
        if cached is not None:
            for k in self.CACHE_FIELDS:
                setattr(self, k, cached[k])
            return
        self._prepare()
        _write_cache(self.path, {k: getattr(self, k) for k in self.CACHE_FIELDS})

    @property
    def _tpl(self):
        """docxtpl's DocxTemplate, for its patch_xml / resolve_listing / fix_docpr_ids (imported when needed)."""
        if self._docxtpl is None:
            from docxtpl import DocxTemplate

            self._docxtpl = DocxTemplate(str(self.path))
        return self._docxtpl

    def _prepare(self) -> None:
        import copy

        from lxml import etree

        self.sources: dict[str, str] = {}
        self.tables = 0
        self.grids: list[str] = []  # the template's own grid XML of each captioned table
        self.tblws: list[str | None] = []  # … and its tblW element (None: it has none)
        self.sect = ""  # the body's sectPr XML
        self.sect_landscape = ""
        self.needs_parse = False
        for name, blob in self.entries:
            if not _PARTS.match(name):
                continue
            root = etree.fromstring(blob)
            if name == "word/document.xml":
                self._slots(root, copy, etree)
            xml = etree.tostring(root, encoding="unicode", pretty_print=False)
            if name == "word/document.xml":
                xml = re.sub(
                    r'<w:tblGrid [^>]*dgrid="(\d+)"[^>]*>.*?</w:tblGrid>',
                    lambda m: "{{ " + LAYOUT_VAR + ".grid(" + m[1] + ") }}",
                    xml,
                    flags=re.S,
                )
                xml = re.sub(
                    r'<w:tblW [^>]*dtblw="(\d+)"[^>]*/>', lambda m: "{{ " + LAYOUT_VAR + ".tblw(" + m[1] + ") }}", xml
                )
                xml = re.sub(
                    r'<w:sectPr [^>]*dsect="1"[^>]*>.*?</w:sectPr>(?=</w:body>)',
                    "{{ " + LAYOUT_VAR + ".sect }}",
                    xml,
                    flags=re.S,
                )
            if "{" in xml:
                src = self._tpl.patch_xml(xml)
                self.sources[name] = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)

    def _slots(self, root, copy, etree) -> None:
        body = root.find(_W + "body")
        if body is None:
            return
        k = 0
        for tbl in body.iter(_W + "tbl"):
            cap = tbl.find(f"{_W}tblPr/{_W}tblCaption")
            ours = cap is not None and cap.get(_W + "val", "").startswith("drafting:")
            text = "".join(tbl.itertext())
            if not ours:
                if "{%tc" in text.replace(" ", "") or "tc " in text and "{%" in text:
                    self.needs_parse = True
                continue
            for tcw in tbl.iter(_W + "tcW"):  # cells follow the grid
                tcw.getparent().remove(tcw)
            grid = tbl.find(_W + "tblGrid")
            self.grids.append(
                etree.tostring(grid, encoding="unicode").replace(
                    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', ""
                )
            )
            grid.set("dgrid", str(k))
            tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
            if tblw is not None:
                self.tblws.append(
                    etree.tostring(tblw, encoding="unicode").replace(
                        ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', ""
                    )
                )
                tblw.set("dtblw", str(k))
            else:
                self.tblws.append(None)
            k += 1
        if "docPr" in etree.tostring(body, encoding="unicode"):
            self.needs_parse = True
        sect = body.find(_W + "sectPr")
        if sect is not None and len(body) and body[-1] is sect:
            land = copy.deepcopy(sect)
            _landscape_sect(land, {"top": 20, "bottom": 20, "left": 25, "right": 20})
            strip = re.compile(r' xmlns:\w+="[^"]*"')
            self.sect = strip.sub("", etree.tostring(sect, encoding="unicode"))
            self.sect_landscape = strip.sub("", etree.tostring(land, encoding="unicode"))
            sect.set("dsect", "1")
        self.tables = k

    def layout_values(self, layout: dict | None) -> LayoutSlots:
        """What the slots print for ``layout`` (computed widths, landscape tail)."""
        return LayoutSlots(self, layout or {})

    def compiled(self, env) -> dict[str, Any]:
        if not self._compiled:
            for name, src in self.sources.items():
                self._compiled[name] = env.from_string(src)
        return self._compiled


class LayoutSlots:
    """Filled in while rendering: the i-th table captioned "drafting:…" in document order gets the i-th
    width list of the layout (tables inside loops repeat a slot, so the slot counts instances)."""

    def __init__(self, ct: CompiledTemplate, layout: dict):
        from markupsafe import Markup

        self._ct = ct
        self._widths = layout.get("table_widths") or []
        self._next = 0
        self._current: dict[int, int] = {}
        self.sect = Markup(ct.sect_landscape if layout.get("last_section_landscape") else ct.sect)

    def _twips(self, i: int) -> list[int] | None:
        if i < len(self._widths):
            return [int(round(w * _TWIPS_PER_MM)) for w in self._widths[i]]
        return None

    def tblw(self, k: int):
        from markupsafe import Markup

        i = self._next
        self._next += 1
        self._current[k] = i
        tw = self._twips(i)
        if tw is None:
            return Markup(self._ct.tblws[k] or "")
        return Markup(f'<w:tblW w:w="{sum(tw)}" w:type="dxa"/>')

    def grid(self, k: int):
        from markupsafe import Markup

        if self._ct.tblws[k] is None:  # no tblW to count instances: the grid does it
            i = self._next
            self._next += 1
        else:
            i = self._current.get(k, 0)
        tw = self._twips(i)
        if tw is None:
            return Markup(self._ct.grids[k])
        return Markup("<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw) + "</w:tblGrid>")


def _cache_dir() -> Path | None:
    """The user's private cache folder for prepared templates (``platformdirs``; ``DRAFTING_CACHE`` overrides),
    created ``0700``. None when it cannot be trusted: not ours, or writable by others — then nothing is cached."""
    import os
    import stat

    base = os.environ.get("DRAFTING_CACHE")
    if base:
        folder = Path(base)
    else:
        from platformdirs import user_cache_path

        folder = user_cache_path("drafting", appauthor=False) / "templates"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        return None
    return folder


def _cache_file(path: Path) -> Path | None:
    """Where the prepared form of a template is kept between runs (keyed by its content and the tools)."""
    import hashlib

    try:
        from importlib.metadata import version

        tools = f"{version('docxtpl')}|{version('drafting')}"
    except Exception:  # noqa: BLE001 - no metadata: no cache
        return None
    folder = _cache_dir()
    if folder is None:
        return None
    h = hashlib.sha256(tools.encode() + Path(__file__).read_bytes() + path.read_bytes()).hexdigest()[:32]
    return folder / f"{h}.json"


def _read_cache(path: Path) -> dict | None:
    """A cached entry, only if it can be trusted: a regular file of ours that nobody else may write, naming the
    key it was stored under, with every field a string. Anything else is ignored (and rebuilt), never used."""
    import json
    import os
    import stat

    f = _cache_file(path)
    if f is None:
        return None
    try:
        st = f.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != f.stem:
        return None
    if not all(isinstance(data.get(k), (str, dict, list)) for k in CompiledTemplate.CACHE_FIELDS):
        return None
    return data


def _write_cache(path: Path, data: dict) -> None:
    import json

    from ..fileio import write_atomic

    f = _cache_file(path)
    if f is None:
        return
    try:
        entry = {"key": f.stem, **data}
        write_atomic(f, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        pass


@functools.lru_cache(maxsize=32)
def _compiled_template(path: str, size: int, mtime: int) -> CompiledTemplate:
    return CompiledTemplate(Path(path))


_ENV = []


def _env():
    if not _ENV:
        _ENV.append(make_env())
    return _ENV[0]


_SPECIAL = re.compile("[{}\n\t\u2011]")


def _text_value(value: str) -> Any:
    """A plain string for the XML: escaped, braces as character references (docxtpl rewrites "{_{" in its
    output), line breaks and tabs as Word's own elements (what docxtpl's resolve_listing does later)."""
    from markupsafe import Markup, escape

    text = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;")
    text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    # a hyphen that never ends a line ("149/KH-UBND"): Word's element, which LibreOffice reads too
    text = text.replace(NB_HYPHEN, '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">')
    return Markup(text)


def _prepare_fast(value: Any) -> Any:
    """Copy the context for rendering: runs become ``rich`` (Runs), special strings become safe markup."""
    t = type(value)
    if t is str:
        return _text_value(value) if _SPECIAL.search(value) else value
    if t is dict:
        out = {}
        for k, v in value.items():
            out[k] = v if k == "runs" else _prepare_fast(v)
        runs = value.get("runs")
        if type(runs) is list:
            out["rich"] = Runs(runs)
        return out
    if t is list:
        _ITEMS[0] += len(value)
        return [_prepare_fast(v) for v in value]
    return value


_ITEMS = [0]  # list items seen by _prepare_fast (the size of the data, for the render's time budget)


def _core_xml(core: CoreProps) -> bytes:
    stamp = core.created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def el(tag: str, text: str) -> str:
        return f"<{tag}>{escape(text)}</{tag}>" if text else ""

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + el("dc:title", core.title)
        + el("dc:subject", core.subject)
        + el("dc:creator", core.author)
        + el("cp:keywords", core.keywords)
        + el("cp:lastModifiedBy", core.author)
        + "<cp:revision>1</cp:revision>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        + "<dc:language>vi-VN</dc:language></cp:coreProperties>"
    ).encode("utf-8")


def render_docx(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """Render ``template`` with ``context``; return the .docx as deterministic bytes (the fast path).

    The cyclic garbage collector is paused meanwhile: a render makes hundreds of thousands of short-lived
    strings and dicts without cycles, and the collector's full passes over them made time grow faster than
    the table (×6.2 from 1 000 to 5 000 rows; ×5.1 without).
    """
    from ..util import gc_paused

    with gc_paused():
        return _render_docx(template, context, core, layout)


def _check_well_formed(template: Path, part: str, xml: bytes) -> None:
    """Refuse rendered XML that is not well-formed (``{{ x }`` left in a paragraph, ``|safe`` markup …):
    Word would not open it. A DOCTYPE (entity declarations) is refused too."""
    from xml.parsers import expat

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


def _render_docx(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:

    from jinja2 import TemplateError
    from lxml import etree

    template = Path(template)
    try:
        st = template.stat()
        ct = _compiled_template(str(template.resolve()), st.st_size, st.st_mtime_ns)
        compiled = ct.compiled(_env())
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{template}: không tìm thấy mẫu") from exc
    except TemplateError as exc:
        from .jinja_vi import describe

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
    parts: dict[str, bytes] = {}
    for name, data in rendered.items():
        if _LISTING_BYTES.search(data):
            data = ct._tpl.resolve_listing(data.decode("utf-8")).encode("utf-8")
        if name == "word/document.xml" and ct.needs_parse:
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
    parts["docProps/core.xml"] = _core_xml(core)
    data = write_zip((name, parts.get(name, blob)) for name, blob in ct.entries if name != "docProps/custom.xml")
    if core.custom:
        data = with_custom_properties(data, dict(core.custom))
    return data


def render_docx_docxtpl(template: Path, context: dict, core: CoreProps, layout: dict | None = None) -> bytes:
    """The reference path: docxtpl's own DocxTemplate.render (sandboxed, autoescaped), then python-docx save."""
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


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def with_custom_properties(data: bytes, props: dict[str, str]) -> bytes:
    """Add (or replace) docProps/custom.xml: Word shows these under File → Properties → Custom."""
    import re

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(sorted(props.items()), start=2)
    )
    custom = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()

    def edit(name: str, blob: bytes):
        if name == "docProps/custom.xml":
            return None
        if name == "[Content_Types].xml" and b"/docProps/custom.xml" not in blob:
            return blob.replace(
                b"</Types>", f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_CT}"/></Types>'.encode()
            )
        if name == "_rels/.rels" and b"docProps/custom.xml" not in blob:
            ids = [int(x) for x in re.findall(rb'Id="rId(\d+)"', blob)] or [0]
            rel = f'<Relationship Id="rId{max(ids) + 1}" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
            return blob.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        return blob

    return rewrite_zip(data, edit, {"docProps/custom.xml": custom})


def read_custom_properties(path) -> dict[str, str]:
    """The custom document properties of a .docx (empty when it has none)."""
    import zipfile
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(path) as z:
            if "docProps/custom.xml" not in z.namelist():
                return {}
            root = ET.fromstring(z.read("docProps/custom.xml"))
    except (zipfile.BadZipFile, ET.ParseError, OSError, KeyError):
        return {}
    out = {}
    for prop in root:
        name = prop.get("name")
        value = "".join(prop.itertext())
        if name:
            out[name] = value
    return out
