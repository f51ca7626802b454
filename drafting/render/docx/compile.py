"""A Word template compiled once: its parts as Jinja source (docxtpl's tag language) with layout slots, kept
in memory and in a private on-disk cache."""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import importlib.util
import marshal
import re
import sys
import types
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ... import cache
from ...version import __version__
from .layout import _landscape_sect
from .ns import W as _W
from .ns import twips
from .props import with_custom_entries
from .zipout import Deflated

#: the parts declaring a package's custom properties
_DECLARING = ("[Content_Types].xml", "_rels/.rels")
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_LISTING = re.compile(r"[\t\a\f]|\n")


def has_listing(data: bytes) -> bool:
    """Whether rendered XML holds what docxtpl's resolve_listing rewrites (a tab, bell, form feed or newline):
    four byte scans, where one regex search for them took 15 ms on the 7 MB document of 5 000 tasks."""
    return b"\n" in data or b"\t" in data or b"\a" in data or b"\f" in data


LAYOUT_VAR = "drafting_layout"


class CompiledTemplate:
    """A Word template turned into compiled Jinja templates, once (cached by path, size and mtime).

    It drives docxtpl's own tag language (``DocxTemplate.patch_xml``: {%p %}, {%tr %}, {%tc %}, {{r }},
    colspan…) but renders each XML part as one string and writes the zip directly, where docxtpl parses the
    output into python-docx objects (slow and quadratic on long tables). Its output text is the same as
    docxtpl's (tests/render/test_fast_render.py keeps docxtpl as the reference).

    Layout that docxtpl fixes after rendering by re-parsing (table grids after {%tc%} loops, the last
    section) becomes slots set on the tree before it is turned into Jinja source: the grid and width of each
    table captioned "drafting:…" are filled from ``layout``, the body's section properties choose between the
    template's own and a landscape copy, so a render is one Jinja pass and no XML parse. Templates with {%tc%} loops in other tables, or pictures, take the
    parse-and-fix path.
    """

    CACHE_FIELDS = {"sources": dict, "needs_parse": bool, "tables": int, "entries": list, "declaring": list}

    def __init__(self, path: Path):

        self.path = Path(path)
        self._docxtpl = None
        self._deflated: dict[tuple[str, int], tuple[bytes, Deflated]] = {}
        #: [Content_Types].xml and _rels/.rels declaring custom properties (``props.with_custom_entries``)
        self.custom_memo: dict[str, tuple[bytes, bytes]] = {}
        self._compiled: dict[str, Any] = {}
        cached = _read_cache(self.path)
        packed = _unpacked(cached["entries"]) if cached is not None else None
        if cached is not None and packed is not None:
            # the entries as deflated when the entry was made: their bytes inflated, their deflate kept
            self.entries = [(name, blob) for name, blob, _ in packed]
            self._own = dict(self.entries)
            for name, blob, d in packed:
                self._deflated[(name, id(blob))] = (blob, d)
            self.sources, self.needs_parse, self.tables = cached["sources"], cached["needs_parse"], cached["tables"]
            self._declaring(_unpacked(cached["declaring"]))
            return
        with zipfile.ZipFile(path) as z:
            self.entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        self._own = dict(self.entries)
        self._prepare()
        packed_entries = []
        for name, blob in self.entries:
            d = Deflated(blob)
            self._deflated[(name, id(blob))] = (blob, d)
            packed_entries.append([name, base64.b64encode(d.data).decode("ascii"), d.crc, d.size])
        data = {"sources": self.sources, "needs_parse": self.needs_parse, "tables": self.tables}
        _write_cache(self.path, {**data, "entries": packed_entries, "declaring": self._declaring_packed()})

    def _declaring_packed(self) -> list:
        """[Content_Types].xml and _rels/.rels declaring custom properties (``props.with_custom_entries``, which
        fills ``custom_memo``), deflated, for the cache: a render with custom properties needs no XML parse."""
        try:
            with_custom_entries(self.entries, {"x": "x"}, self.custom_memo)
        except Exception:  # noqa: BLE001 - a part that cannot be edited is edited (and fails) when a render needs it, as before
            return []
        out = []
        for name, (own, edit) in self.custom_memo.items():
            d = self.deflated(name, edit)
            if self._own.get(name) is own and isinstance(d, Deflated):
                out.append([name, base64.b64encode(d.data).decode("ascii"), d.crc, d.size])
        return out

    def _declaring(self, packed: list[tuple[str, bytes, Deflated]] | None) -> None:
        """``custom_memo`` (and the deflate of its parts) from the cache; nothing when the entry holds none."""
        for name, blob, d in packed or ():
            own = self._own.get(name)
            if own is not None and name in _DECLARING:
                edit = own if blob == own else blob
                self.custom_memo[name] = (own, edit)
                self._deflated[(name, id(edit))] = (edit, d)

    @property
    def _tpl(self):
        """docxtpl's DocxTemplate, for its patch_xml / resolve_listing / fix_docpr_ids (imported when needed)."""
        if self._docxtpl is None:
            from docxtpl import DocxTemplate  # noqa: PLC0415 - docxtpl loads only when a template renders

            self._docxtpl = DocxTemplate(str(self.path))
        return self._docxtpl

    def _prepare(self) -> None:
        from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a template is compiled

        self.sources: dict[str, str] = {}
        self.tables = 0
        self.needs_parse = False
        for name, blob in self.entries:
            if not _PARTS.match(name):
                continue
            root = etree.fromstring(blob)
            if name == "word/document.xml":
                self._slots(root)
            xml = etree.tostring(root, encoding="unicode", pretty_print=False)
            if "{" in xml:
                src = self._tpl.patch_xml(xml)
                # one paragraph per line, so Jinja's line numbers name paragraphs (as docxtpl does)
                self.sources[name] = re.sub(r"<w:p([ >])", r"\n<w:p\1", src)

    def _slots(self, root) -> None:
        """Put the layout slots on the tree, as Jinja text around the elements they may replace: the grid and
        width of each table captioned "drafting:…" (cells follow the grid) and the body's section properties,
        kept beside a landscape copy."""

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
            for tcw in list(tbl.iter(_W + "tcW")):
                tcw.getparent().remove(tcw)
            tblw = tbl.find(f"{_W}tblPr/{_W}tblW")
            if tblw is not None:
                _around(tblw, "{{ " + LAYOUT_VAR + f".tblw({k}) }}}}{{% if {LAYOUT_VAR}.own %}}", "{% endif %}")
            grid = tbl.find(_W + "tblGrid")
            if grid is not None:
                count = "1" if tblw is None else "0"
                _around(
                    grid, "{{ " + LAYOUT_VAR + f".grid({k}, {count}) }}}}{{% if {LAYOUT_VAR}.own %}}", "{% endif %}"
                )
            k += 1
        if next(body.iter("{*}docPr"), None) is not None:
            self.needs_parse = True
        sect = body.find(_W + "sectPr")
        if sect is not None and len(body) and body[-1] is sect:
            land = copy.deepcopy(sect)
            land.tail = None
            _landscape_sect(land, {"top": 20, "bottom": 20, "left": 25, "right": 20})
            sect.addprevious(land)
            _around(land, f"{{% if {LAYOUT_VAR}.landscape %}}", "{% else %}")
            sect.tail = "{% endif %}" + (sect.tail or "")
        self.tables = k

    def deflated(self, name: str, blob: bytes) -> bytes | Deflated:
        """``blob`` deflated once and kept, when it is a part no render changes: the template's own (unchanged)
        part ``name``, or its edit declaring the custom properties (kept in ``custom_memo``)."""
        edit = self.custom_memo.get(name)
        if self._own.get(name) is not blob and (edit is None or edit[1] is not blob):
            return blob
        kept = self._deflated.get((name, id(blob)))
        if kept is None or kept[0] is not blob:
            kept = self._deflated[(name, id(blob))] = (blob, Deflated(blob))
        return kept[1]

    def layout_values(self, layout: dict | None) -> LayoutSlots:
        """What the slots print for ``layout`` (computed widths, landscape tail)."""
        return LayoutSlots(self, layout or {})

    def compiled(self, env) -> dict[str, Any]:
        """The parts as Jinja templates of ``env``, made once per process; their code comes from the private
        ``template-code`` cache when an earlier process compiled the same sources in the same environment."""
        if not self._compiled:
            self._compiled = _jinja_templates(env, self.sources)
        return self._compiled


def _around(el, before: str, after: str) -> None:
    """Jinja text right before and right after ``el`` in its parent (its neighbour's tail or the parent's text)."""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + before
    else:
        parent = el.getparent()
        parent.text = (parent.text or "") + before
    el.tail = after + (el.tail or "")


class LayoutSlots:
    """Filled in while rendering: the i-th table captioned "drafting:…" in document order gets the i-th
    width list of the layout (tables inside loops repeat a slot, so the slot counts instances). A slot prints
    the computed element, or nothing and sets ``own`` so the template's own element prints."""

    def __init__(self, ct: CompiledTemplate, layout: dict):
        self._widths = layout.get("table_widths") or []
        self._next = 0
        self._current: dict[int, int] = {}
        self.own = True
        self.landscape = bool(layout.get("last_section_landscape"))

    def _twips(self, i: int) -> list[int] | None:
        if i < len(self._widths):
            return [twips(w) for w in self._widths[i]]
        return None

    def tblw(self, k: int):
        from markupsafe import Markup  # noqa: PLC0415 - markupsafe loads with Jinja, only when a template renders

        i = self._next
        self._next += 1
        self._current[k] = i
        tw = self._twips(i)
        self.own = tw is None
        return Markup("" if tw is None else f'<w:tblW w:w="{sum(tw)}" w:type="dxa"/>')

    def grid(self, k: int, count: int):
        """``count``: the table has no tblW to count its instances, so the grid does."""
        from markupsafe import Markup  # noqa: PLC0415 - markupsafe loads with Jinja, only when a template renders

        if count:
            i = self._next
            self._next += 1
        else:
            i = self._current.get(k, 0)
        tw = self._twips(i)
        self.own = tw is None
        if tw is None:
            return Markup("")
        return Markup("<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw) + "</w:tblGrid>")


def _cache_name(path: Path) -> str | None:
    """The cache entry of a template's prepared form (keyed by its content, this module and the tools), kept in
    the private ``templates`` cache of ``drafting.cache``. docxtpl (whose patch_xml makes the sources) is named
    by the content of its modules, drafting by its version: no package metadata is read (3 ms a process)."""

    tools = _docxtpl_digest()
    if tools is None:
        return None
    code = _HERE.read_bytes() + _HERE.with_name("props.py").read_bytes()  # props: the declaring edits
    return hashlib.sha256(f"{tools}|{__version__}".encode() + code + path.read_bytes()).hexdigest()[:32]


_HERE = Path(__file__)


@functools.lru_cache(maxsize=1)
def _docxtpl_digest() -> str | None:
    """A digest of docxtpl's modules (where it is installed, without importing it); None when not found."""
    spec = importlib.util.find_spec("docxtpl")
    if spec is None or not spec.origin:
        return None
    h = hashlib.sha256()
    try:
        for f in sorted(Path(spec.origin).parent.glob("*.py")):
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    except OSError:
        return None
    return h.hexdigest()


def _read_cache(path: Path) -> dict | None:
    """A cached entry, only if it can be trusted (``drafting.cache.read``: a regular file of ours that nobody else
    may write, naming the key it was stored under) with every field of the right type. Anything else is ignored
    (and rebuilt), never used."""

    name = _cache_name(path)
    data = cache.read(CACHE_KIND, name) if name else None
    if data is None:
        return None
    if not all(type(data.get(k)) is t for k, t in CompiledTemplate.CACHE_FIELDS.items()):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data["sources"].items()):
        return None
    return data


def _unpacked(entries: list) -> list[tuple[str, bytes, Deflated]] | None:
    """The zip entries a cache entry holds (name, bytes, their deflate), each inflated and checked against its
    CRC and size; None when any cannot be used (then the template is read again)."""
    out = []
    for item in entries:
        if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str) and isinstance(item[1], str)):
            return None
        name, text, crc, size = item
        if type(crc) is not int or type(size) is not int:
            return None
        try:
            data = base64.b64decode(text, validate=True)
            inflate = zlib.decompressobj(-15)
            blob = inflate.decompress(data)
        except (ValueError, zlib.error):  # damaged text or deflate data (binascii.Error is a ValueError)
            return None
        if not inflate.eof or inflate.unused_data or len(blob) != size or zlib.crc32(blob) != crc:
            return None
        out.append((name, blob, Deflated.of(data, crc, size)))
    return out


def _write_cache(path: Path, data: dict) -> None:
    """Keep a compiled template for the next process (``drafting.cache.write``: a folder that cannot be written
    only makes the next start slower)."""
    name = _cache_name(path)
    if name:
        cache.write(CACHE_KIND, name, data)


#: the cache of prepared templates
CACHE_KIND = "templates"
#: the cache of their parts' compiled Jinja code (Python code objects, as ``marshal`` writes them)
CODE_KIND = "template-code"


def _engine(env) -> list | None:
    """What the Python code Jinja makes of a source depends on besides the source: Jinja's version, the
    environment's class, settings, filter and test names, and the code of the module that defines the class
    (the sandbox and its code generator). None when that module's file cannot be read (then nothing is cached).
    The interpreter and drafting are in every entry's name (``drafting.cache.entry_name``)."""
    import jinja2  # noqa: PLC0415 - Jinja loads only when a template renders

    cls = type(env)
    where = getattr(sys.modules.get(cls.__module__), "__file__", None)
    digest = cache.file_digest(where) if where else None
    if digest is None:
        return None
    return [
        jinja2.__version__,
        cls.__module__,
        cls.__qualname__,
        digest,
        env.code_generator_class.__qualname__,
        sorted(env.intercepted_binops),
        sorted(env.intercepted_unops),
        bool(env.sandboxed),
        bool(env.optimized),
        repr(env.autoescape),
        bool(env.is_async),
        repr(env.finalize),
        [
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.newline_sequence,
        ],
        [bool(env.trim_blocks), bool(env.lstrip_blocks), bool(env.keep_trailing_newline)],
        sorted(env.extensions),
        sorted(env.filters),
        sorted(env.tests),
    ]


def _jinja_templates(env, sources: dict[str, str]) -> dict[str, Any]:
    """Every source as a template of ``env``, as ``env.from_string`` makes it. A part whose code is in the
    ``template-code`` cache (same source, same environment) is made from that code, without Jinja's lexer,
    parser and code generator; an entry that cannot be used (damaged, another Python's, not code) is compiled
    again, and the entry rewritten. Syntax errors are raised by the compile, as before (never cached)."""
    engine = _engine(env)
    digests = {name: hashlib.sha256(src.encode("utf-8")).hexdigest() for name, src in sources.items()}
    key = cache.entry_name(CODE_KIND, engine, digests) if engine is not None else None
    stored = cache.read(CODE_KIND, key) if key else None
    codes = stored.get("code") if stored is not None and stored.get("digests") == digests else None
    if not isinstance(codes, dict):
        codes = {}
    out: dict[str, Any] = {}
    made: dict[str, types.CodeType] = {}
    fresh = False
    for name, src in sources.items():
        code = _stored_code(codes.get(name))
        tmpl = _from_code(env, code) if code is not None else None
        if tmpl is None:
            code = env.compile(src)
            tmpl = env.template_class.from_code(env, code, env.make_globals(None), None)
            fresh = True
        out[name] = tmpl
        made[name] = code
    if key and fresh:
        text = {name: base64.b64encode(marshal.dumps(code)).decode("ascii") for name, code in made.items()}
        cache.write(CODE_KIND, key, {"digests": digests, "code": text})
    return out


def _stored_code(text: Any) -> types.CodeType | None:
    """The code object a cache entry holds for a part, or None when it holds none that can be used."""
    if not isinstance(text, str):
        return None
    try:
        code = marshal.loads(base64.b64decode(text, validate=True))
    except (ValueError, EOFError, TypeError):  # damaged text or marshal data (binascii.Error is a ValueError)
        return None
    return code if type(code) is types.CodeType and code.co_filename == "<template>" else None


def _from_code(env, code: types.CodeType):
    """The template ``env.from_string`` makes, from its code; None when the stored code does not make one (it
    is compiled again from the source then)."""
    try:
        return env.template_class.from_code(env, code, env.make_globals(None), None)
    except Exception:  # noqa: BLE001 - code from the cache that does not run is compiled again from the source
        return None


@functools.lru_cache(maxsize=32)
def _compiled_template(path: str, size: int, mtime: int) -> CompiledTemplate:
    return CompiledTemplate(Path(path))
