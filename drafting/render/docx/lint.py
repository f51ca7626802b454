"""Lint Word templates: Jinja syntax, unknown docxtpl tags, undeclared variables, unsafe attributes,
tags split across runs or paragraphs — each finding names the paragraph it is in."""

from __future__ import annotations

import contextlib
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ...resources import templates_dir
from ..jinja_vi import syntax_message
from .compile import LAYOUT_VAR, CompiledTemplate
from .ns import W as _W
from .render import MAX_POWER_BITS, MAX_REPEAT, make_env

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_UNSAFE_NAMES = {
    "os",
    "sys",
    "subprocess",
    "builtins",
    "__builtins__",
    "eval",
    "exec",
    "open",
    "import",
    "__import__",
    "globals",
    "locals",
    "getattr",
    "setattr",
}


@dataclass(frozen=True)
class Finding:
    file: str
    paragraph: int  # 1-based, in document order (0: the file as a whole)
    excerpt: str
    message: str
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.file}: đoạn {self.paragraph}" if self.paragraph else self.file
        if self.excerpt:
            where += f' ("{self.excerpt[:60]}")'
        label = "" if self.severity == "error" else "cảnh báo: "
        return f"{where}: {label}{self.message}"


def _paragraphs(xml: bytes):
    """(index, text, texts of its runs) of every paragraph, body and tables alike, in document order."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when templates are checked

    root = etree.fromstring(xml)
    for i, p in enumerate(root.iter(_W + "p"), start=1):
        text = "".join(t.text or "" for t in p.iter(_W + "t"))
        runs = ["".join(t.text or "" for t in r.iter(_W + "t")) for r in p.iter(_W + "r")]
        yield i, text, runs


def shipped_variables() -> dict[str, set[str]]:
    """The variables each shipped template uses: the contract an office's template of the same name keeps."""
    from docxtpl import DocxTemplate  # noqa: PLC0415 - docxtpl loads only when a template renders

    TEMPLATES_DIR = templates_dir()

    out = {}
    for f in sorted(TEMPLATES_DIR.glob("*.docx")):
        out[f.name] = set(DocxTemplate(str(f)).get_undeclared_template_variables(jinja_env=make_env())) | {LAYOUT_VAR}
    return out


def lint_template(path: Path, allowed: set[str] | None) -> list[Finding]:
    """Findings for one .docx template; ``allowed``: the variables the data provides (None: unknown kind)."""
    from jinja2 import TemplateSyntaxError  # noqa: PLC0415 - Jinja loads only when a template renders

    name = path.name
    findings: list[Finding] = []
    try:
        with zipfile.ZipFile(path) as z:
            parts = {
                n: z.read(n)
                for n in z.namelist()
                if re.match(r"word/(document|header\d*|footer\d*|footnotes)\.xml$", n)
            }
    except (zipfile.BadZipFile, OSError):
        return [Finding(name, 0, "", "không mở được tệp Word (tệp hỏng hoặc không phải .docx)")]
    if "word/document.xml" not in parts:
        return [Finding(name, 0, "", "không phải tệp Word (.docx): thiếu word/document.xml")]
    # tags split across paragraphs, or across runs
    for _part, xml in parts.items():
        for i, text, run_texts in _paragraphs(xml):
            opens = text.count("{{") + text.count("{%")
            closes = text.count("}}") + text.count("%}")
            if opens != closes:
                findings.append(
                    Finding(
                        name,
                        i,
                        text,
                        'thẻ mở và đóng không cùng một đoạn (thẻ bị tách qua nhiều đoạn, hoặc thiếu "}}"/"%}")',
                    )
                )
                continue
            bounds, pos = [], 0
            for rt in run_texts:
                bounds.append((pos, pos + len(rt)))
                pos += len(rt)
            joined = "".join(run_texts)
            for m in _TAG.finditer(joined):
                covering = [b for b in bounds if b[0] < m.end() and b[1] > m.start()]
                if len(covering) > 1:
                    findings.append(
                        Finding(
                            name,
                            i,
                            text,
                            f"thẻ {m.group()} bị tách qua nhiều đoạn định dạng (run); "
                            "gõ lại cả thẻ một lần với cùng định dạng",
                            "warning",
                        )
                    )
                    break
    # syntax, unknown tags, variables, unsafe attributes: compile what docxtpl would compile
    env = make_env()
    try:
        ct = CompiledTemplate.__new__(CompiledTemplate)
        ct.path = path
        ct._docxtpl = None
        with zipfile.ZipFile(path) as z:
            ct.entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        ct._compiled = {}
        ct._prepare()
    except Exception:  # noqa: BLE001 - broken XML inside the file
        return findings + [Finding(name, 0, "", "không đọc được nội dung mẫu (XML bên trong tệp bị hỏng)")]
    used: set[str] = set()
    for _part, src in ct.sources.items():
        try:
            ast = env.parse(src)
        except TemplateSyntaxError as exc:
            lines = src.split("\n")
            line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
            excerpt = re.sub(r"<[^>]+>", "", line)
            findings.append(
                Finding(
                    name, _paragraph_of(src, exc.lineno), excerpt, f"lỗi cú pháp thẻ: {_vi_syntax(str(exc.message))}"
                )
            )
            continue
        except RecursionError:
            findings.append(Finding(name, 0, "", "thẻ lồng nhau quá sâu"))
            continue
        refused = _refused(name, src, ast, env)
        findings += refused
        with contextlib.suppress(TemplateSyntaxError):  # an unknown filter or test: compiling, below, names it
            used |= _undeclared(ast)
        if not refused:
            try:  # what compiling finds (an unknown filter or test); nothing is evaluated while compiling
                env.compile(ast)
            except TemplateSyntaxError as exc:
                findings.append(
                    Finding(
                        name,
                        _paragraph_of(src, exc.lineno),
                        _excerpt(src, exc.lineno),
                        f"lỗi thẻ: {_vi_syntax(str(exc.message))}",
                    )
                )
            except (RecursionError, MemoryError):
                findings.append(Finding(name, 0, "", "thẻ lồng nhau quá sâu hoặc quá lớn"))
    if allowed is not None:
        for var in sorted(used - allowed - _UNSAFE_NAMES):
            findings.append(
                Finding(
                    name,
                    0,
                    "",
                    f'biến "{var}" không có trong dữ liệu của loại văn bản này '
                    f"(có: {', '.join(sorted(allowed - {'drafting_layout'}))})",
                )
            )
    return findings


def _undeclared(ast) -> set[str]:
    """``jinja2.meta.find_undeclared_variables``, without evaluating constant expressions on the way
    (its code generator folds ``{{ "x"|center(10**9) }}`` into a string while looking for names)."""
    from jinja2 import nodes  # noqa: PLC0415 - Jinja loads only when a template renders
    from jinja2.meta import TrackingCodeGenerator  # noqa: PLC0415 - Jinja loads only when a template renders

    class _Tracking(TrackingCodeGenerator):
        def _output_child_to_const(self, node, frame, finalize):
            if not isinstance(node, (nodes.TemplateData, nodes.Const)):
                raise nodes.Impossible()
            return super()._output_child_to_const(node, frame, finalize)

    gen = _Tracking(ast.environment)
    gen.optimizer = None  # its optimizer would fold constant filters too (run them while looking for names)
    gen.visit(ast)
    return set(gen.undeclared_identifiers)


#: iterations of nested constant loops beyond which a render would run out of its time budget
MAX_LOOP_ITERATIONS = 1_000_000


def _loops(name: str, src: str, node, outer: int, out: list) -> None:
    """Nested ``{% for %}`` over constant ranges whose iterations multiply beyond ``MAX_LOOP_ITERATIONS``."""
    from jinja2 import nodes  # noqa: PLC0415 - Jinja loads only when a template renders

    for child in node.iter_child_nodes():
        count = outer
        if isinstance(child, nodes.For):
            n = None
            it = child.iter
            if isinstance(it, nodes.Call) and isinstance(it.node, nodes.Name) and it.node.name == "range":
                try:
                    args = [_bounded_const(a, MAX_POWER_BITS, MAX_REPEAT) for a in it.args]
                    if args and all(isinstance(a, int) for a in args) and not it.kwargs:
                        n = len(range(*args[:3]))
                except (_TooBig, _NotConst, ValueError, TypeError):
                    n = None
            count = outer * (n if n is not None else 1)
            if n is not None and count > MAX_LOOP_ITERATIONS and outer * 1 <= MAX_LOOP_ITERATIONS:
                out.append(
                    Finding(
                        name,
                        _paragraph_of(src, child.lineno),
                        _excerpt(src, child.lineno),
                        f"các vòng lặp lồng nhau chạy {count:,} lần: quá thời gian cho phép khi dựng".replace(",", "."),
                    )
                )
                continue
        _loops(name, src, child, count, out)


def _excerpt(src: str, lineno: int | None) -> str:
    lines = src.split("\n")
    line = lines[lineno - 1] if lineno and lineno <= len(lines) else ""
    return re.sub(r"<[^>]+>", "", line).strip()


_WIDTH_FILTERS = {"center", "indent", "wordwrap", "truncate"}
_FORMAT_FIELD = re.compile(r"\{[^{}]*?[.\[][^{}]*\}|\{![^{}]*\}")


def _refused(name: str, src: str, ast, env) -> list[Finding]:
    """What the sandbox would refuse, or what cannot work in a Word template, found without rendering:
    attributes and keys starting with "_" (``x.__class__``, ``x['__class__']``, ``x|attr('…')``),
    ``.format`` strings reaching into attributes, include/import/extends, unknown filters and tests,
    names of Python internals, and constant ``**``/``*``/``range`` beyond the sandbox's bounds."""
    from jinja2 import nodes  # noqa: PLC0415 - Jinja loads only when a template renders

    out: list[Finding] = []
    _loops(name, src, ast, 1, out)

    def add(node, message: str) -> None:
        lineno = getattr(node, "lineno", None)
        out.append(Finding(name, _paragraph_of(src, lineno), _excerpt(src, lineno), message))

    for node in ast.find_all(nodes.Node):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_") and node.attr != "_":
            add(node, f'thẻ dùng thuộc tính "{node.attr}": bị cấm trong môi trường an toàn')
        elif isinstance(node, nodes.Getattr) and node.attr in ("format", "format_map"):
            fmt = node.node
            if not isinstance(fmt, nodes.Const) or not isinstance(fmt.value, str):
                add(node, "chuỗi định dạng .format không cố định: bị cấm (dùng bộ lọc có sẵn của drafting)")
            elif _FORMAT_FIELD.search(fmt.value):
                add(
                    node,
                    f'chuỗi định dạng "{fmt.value[:40]}" truy cập thuộc tính hoặc phần tử: '
                    "bị cấm trong môi trường an toàn",
                )
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            add(node, f'thẻ dùng khóa "{node.arg.value}": bị cấm trong môi trường an toàn')
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            add(node, 'bộ lọc "attr" bị cấm trong mẫu (truy cập thuộc tính tùy ý)')
        elif (
            isinstance(node, nodes.Filter)
            and node.name in _WIDTH_FILTERS
            and any(
                isinstance(a, nodes.Const) and isinstance(a.value, int) and a.value > MAX_REPEAT
                for a in [*node.args, *(k.value for k in node.kwargs)]
            )
        ):
            add(node, f'bộ lọc "{node.name}" với độ rộng quá lớn (giới hạn {MAX_REPEAT:,})'.replace(",", "."))
        elif isinstance(node, nodes.Filter) and node.name not in env.filters:
            add(node, f'bộ lọc "{node.name}" không có')
        elif isinstance(node, nodes.Test) and node.name not in env.tests:
            add(node, f'phép thử "{node.name}" không có')
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            kind = {
                nodes.Include: "include",
                nodes.Import: "import",
                nodes.FromImport: "from … import",
                nodes.Extends: "extends",
            }[type(node)]
            add(node, f"thẻ {kind} không dùng được: mẫu Word không nạp mẫu khác")
        elif isinstance(node, nodes.Name) and node.name in _UNSAFE_NAMES and node.ctx == "load":
            add(node, f'thẻ dùng "{node.name}": không có trong dữ liệu và bị cấm')
        elif isinstance(node, (nodes.Pow, nodes.Mul)):
            try:
                _bounded_const(node, MAX_POWER_BITS, MAX_REPEAT)
            except _TooBig as exc:
                add(node, f"phép tính bị môi trường an toàn từ chối: {exc}")
        elif isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
            from jinja2.sandbox import MAX_RANGE  # noqa: PLC0415 - Jinja loads only when a template renders

            try:
                args = [_bounded_const(a, MAX_POWER_BITS, MAX_REPEAT) for a in node.args]
            except (_TooBig, _NotConst):
                continue
            if all(isinstance(a, int) for a in args) and args and len(range(*args[:3])) > MAX_RANGE:
                add(node, f"range quá lớn (giới hạn {MAX_RANGE:,} phần tử)".replace(",", "."))
    return out


class _TooBig(Exception):
    """Raised when a constant expression of a template would exceed the sandbox's bounds."""


class _NotConst(Exception):
    """Raised when an expression is not made of constants only (its size is known at render time only)."""


def _bounded_const(node, max_bits: int, max_repeat: int):
    """The value of a constant expression of numbers and strings, refusing what the sandbox refuses."""

    from jinja2 import nodes  # noqa: PLC0415 - Jinja loads only when a template renders

    if isinstance(node, nodes.Const):
        return node.value
    if isinstance(node, nodes.Neg):
        return -_bounded_const(node.node, max_bits, max_repeat)
    if isinstance(node, (nodes.Pow, nodes.Mul, nodes.Add, nodes.Sub)):
        try:
            left = _bounded_const(node.left, max_bits, max_repeat)
        except _NotConst:
            left = None
        try:
            right = _bounded_const(node.right, max_bits, max_repeat)
        except _NotConst:
            right = None
        if isinstance(node, nodes.Pow) and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and right * math.log2(abs(left)) > max_bits:
                raise _TooBig(f"lũy thừa {left}**{right} quá lớn")
        if isinstance(node, nodes.Mul):
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str) and isinstance(n, int) and len(seq) * n > max_repeat:
                    raise _TooBig(f"chuỗi lặp {len(seq) * n:,} lần".replace(",", "."))
        if left is None or right is None:
            raise _NotConst()
        try:
            if isinstance(node, nodes.Pow):
                return left**right
            if isinstance(node, nodes.Mul):
                return left * right
            return left + right if isinstance(node, nodes.Add) else left - right
        except Exception as exc:  # noqa: BLE001 - 1/0, "a" - 1 …: not for the lint to judge
            raise _NotConst() from exc
    raise _NotConst()


def _paragraph_of(src: str, lineno: int | None) -> int:
    """The compiled source has one paragraph per line (docxtpl puts a newline before each <w:p>)."""
    if not lineno:
        return 0
    return max(lineno - 1, 0)


def _vi_syntax(message: str) -> str:

    return syntax_message(message)


def lint_dir(folder: Path) -> list[Finding]:
    folder = Path(folder)
    contract = shipped_variables()
    files = sorted(folder.glob("*.docx")) if folder.is_dir() else [folder]
    out: list[Finding] = []
    for f in files:
        if f.name.startswith("~$"):
            continue
        try:
            out += lint_template(f, contract.get(f.name))
        except Exception as exc:  # noqa: BLE001 - a template the lint cannot read is a finding, not a crash
            out.append(Finding(f.name, 0, "", f"không kiểm tra được mẫu ({type(exc).__name__}: {exc})"))
    return out
