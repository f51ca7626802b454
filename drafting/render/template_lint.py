"""Lint Word templates: Jinja syntax, unknown docxtpl tags, undeclared variables, unsafe attributes,
tags split across runs or paragraphs — each finding names the paragraph it is in."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_UNSAFE_NAMES = {"os", "sys", "subprocess", "builtins", "__builtins__", "eval", "exec", "open", "import",
                 "__import__", "globals", "locals", "getattr", "setattr"}


@dataclass(frozen=True)
class Finding:
    file: str
    paragraph: int      # 1-based, in document order (0: the file as a whole)
    excerpt: str
    message: str
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.file}: đoạn {self.paragraph}" if self.paragraph else self.file
        if self.excerpt:
            where += f" (\"{self.excerpt[:60]}\")"
        label = "" if self.severity == "error" else "cảnh báo: "
        return f"{where}: {label}{self.message}"


def _paragraphs(xml: bytes):
    """(index, text, raw xml) of every paragraph, body and tables alike, in document order."""
    from lxml import etree

    root = etree.fromstring(xml)
    for i, p in enumerate(root.iter(_W + "p"), start=1):
        text = "".join(t.text or "" for t in p.iter(_W + "t"))
        yield i, text, etree.tostring(p, encoding="unicode")


def shipped_variables() -> dict[str, set[str]]:
    """The variables each shipped template uses: the contract an office's template of the same name keeps."""
    from docxtpl import DocxTemplate

    from ..api import TEMPLATES_DIR
    from .docx_adapter import LAYOUT_VAR, make_env

    out = {}
    for f in sorted(TEMPLATES_DIR.glob("*.docx")):
        out[f.name] = set(DocxTemplate(str(f)).get_undeclared_template_variables(jinja_env=make_env())) | {LAYOUT_VAR}
    return out


def lint_template(path: Path, allowed: set[str] | None) -> list[Finding]:
    """Findings for one .docx template; ``allowed``: the variables the data provides (None: unknown kind)."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    from .docx_adapter import CompiledTemplate, make_env

    name = path.name
    findings: list[Finding] = []
    try:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()
                     if re.match(r"word/(document|header\d*|footer\d*|footnotes)\.xml$", n)}
    except (zipfile.BadZipFile, OSError) as exc:
        return [Finding(name, 0, "", f"không mở được tệp Word ({exc})")]
    if "word/document.xml" not in parts:
        return [Finding(name, 0, "", "không phải tệp Word (.docx): thiếu word/document.xml")]
    # tags split across paragraphs, or across runs
    for part, xml in parts.items():
        for i, text, raw in _paragraphs(xml):
            opens = text.count("{{") + text.count("{%")
            closes = text.count("}}") + text.count("%}")
            if opens != closes:
                findings.append(Finding(name, i, text, "thẻ mở và đóng không cùng một đoạn (thẻ bị tách qua nhiều "
                                                        "đoạn, hoặc thiếu \"}}\"/\"%}\")"))
                continue
            run_texts = [("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", r)))
                         for r in re.findall(r"<w:r[ >].*?</w:r>", raw, re.S)]
            bounds, pos = [], 0
            for rt in run_texts:
                bounds.append((pos, pos + len(rt)))
                pos += len(rt)
            joined = "".join(run_texts)
            for m in _TAG.finditer(joined):
                covering = [b for b in bounds if b[0] < m.end() and b[1] > m.start()]
                if len(covering) > 1:
                    findings.append(Finding(name, i, text, f"thẻ {m.group()} bị tách qua nhiều đoạn định dạng (run); "
                                                           "gõ lại cả thẻ một lần với cùng định dạng", "warning"))
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
    except Exception as exc:  # noqa: BLE001 - broken XML inside the file
        return findings + [Finding(name, 0, "", f"không đọc được nội dung mẫu ({type(exc).__name__}: {exc})")]
    used: set[str] = set()
    for part, src in ct.sources.items():
        try:
            ast = env.parse(src)
        except TemplateSyntaxError as exc:
            lines = src.split("\n")
            line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
            excerpt = re.sub(r"<[^>]+>", "", line)
            findings.append(Finding(name, _paragraph_of(src, exc.lineno), excerpt,
                                    f"lỗi cú pháp thẻ: {_vi_syntax(str(exc.message))}"))
            continue
        used |= meta.find_undeclared_variables(ast)
        for node in ast.find_all((nodes.Getattr, nodes.Name)):
            attr = getattr(node, "attr", None) or getattr(node, "name", "")
            if attr.startswith("_") and attr != "_":
                findings.append(Finding(name, _paragraph_of(src, node.lineno), "",
                                        f"thẻ dùng thuộc tính \"{attr}\": bị cấm trong môi trường an toàn"))
            elif isinstance(node, nodes.Name) and attr in _UNSAFE_NAMES:
                findings.append(Finding(name, _paragraph_of(src, node.lineno), "",
                                        f"thẻ dùng \"{attr}\": không có trong dữ liệu và bị cấm"))
    if allowed is not None:
        for var in sorted(used - allowed - _UNSAFE_NAMES):
            findings.append(Finding(name, 0, "", f"biến \"{var}\" không có trong dữ liệu của loại văn bản này "
                                                 f"(có: {', '.join(sorted(allowed - {'drafting_layout'}))})"))
    return findings


def _paragraph_of(src: str, lineno: int | None) -> int:
    """The compiled source has one paragraph per line (docxtpl puts a newline before each <w:p>)."""
    if not lineno:
        return 0
    return max(lineno - 1, 0)


_SYNTAX = [
    (r"Encountered unknown tag '(\w+)'", "thẻ \"{0}\" không có (docxtpl dùng {{%p …%}}, {{%tr …%}}, {{%tc …%}}, {{{{r …}}}})"),
    (r"(?i)unexpected end of template", "thiếu thẻ đóng (endfor/endif)"),
    (r"unexpected '(.*?)'", "ký tự \"{0}\" không đúng chỗ"),
    (r"expected token '(.*?)', got '(.*?)'", "thiếu \"{0}\" (gặp \"{1}\")"),
]


def _vi_syntax(message: str) -> str:
    for rx, vi in _SYNTAX:
        m = re.search(rx, message)
        if m:
            return vi.format(*m.groups())
    return message


def lint_dir(folder: Path) -> list[Finding]:
    folder = Path(folder)
    contract = shipped_variables()
    files = sorted(folder.glob("*.docx")) if folder.is_dir() else [folder]
    out: list[Finding] = []
    for f in files:
        if f.name.startswith("~$"):
            continue
        out += lint_template(f, contract.get(f.name))
    return out
