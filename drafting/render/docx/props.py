"""Document properties: docProps/core.xml (title, author, dates) and docProps/custom.xml (File → Properties →
Custom), built, edited and read as lxml trees."""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ...fileio import rewrite_zip, write_zip
from .ns import (
    CP_NS,
    CT_NS,
    CUSTOM_CT,
    CUSTOM_FMTID,
    CUSTOM_NS,
    CUSTOM_REL,
    DC_NS,
    DCMITYPE_NS,
    DCTERMS_NS,
    PKG_REL_NS,
    VT_NS,
    XSI_NS,
)

CORE = "docProps/core.xml"
CUSTOM = "docProps/custom.xml"


@dataclass(frozen=True)
class CoreProps:
    """Document properties written into docProps/core.xml (fixed, so renders are reproducible)."""

    title: str
    subject: str
    author: str
    created: _dt.datetime
    keywords: str = ""
    custom: tuple[tuple[str, str], ...] = ()  # custom document properties (name, text)


def _stamp(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _serialize(root) -> bytes:
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


#: text lxml writes as is but for the escapes below (no other control character, no surrogate or non-character)
_PLAIN = re.compile("[^\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]*")
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_OPEN = (
    f'<cp:coreProperties xmlns:cp="{CP_NS}" xmlns:dc="{DC_NS}" xmlns:dcterms="{DCTERMS_NS}" '
    f'xmlns:dcmitype="{DCMITYPE_NS}" xmlns:xsi="{XSI_NS}">'
)
_CUSTOM_OPEN = f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}"'


def _plain(*texts: object) -> bool:
    return all(type(t) is str and _PLAIN.fullmatch(t) for t in texts)


def _text(s: str) -> str:
    """Element text as lxml serializes it."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(s: str) -> str:
    """An attribute value as lxml serializes it (between double quotes)."""
    return _text(s).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")


def core_xml(core: CoreProps) -> bytes:
    """docProps/core.xml for ``core``: empty fields left out, created = modified, language vi-VN. Written as
    text, the very bytes of the lxml tree (``_core_tree``), which makes it when a field is not plain text."""
    stamp = _stamp(core.created)
    fields = (
        ("dc:title", core.title),
        ("dc:subject", core.subject),
        ("dc:creator", core.author),
        ("cp:keywords", core.keywords),
        ("cp:lastModifiedBy", core.author),
        ("cp:revision", "1"),
    )
    if not _plain(stamp, *(text for _, text in fields)):
        return _core_tree(core)
    out = [_DECLARATION, _CORE_OPEN]
    out += [f"<{tag}>{_text(text)}</{tag}>" for tag, text in fields if text]
    for tag in ("created", "modified"):
        out.append(f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{_text(stamp)}</dcterms:{tag}>')
    out.append("<dc:language>vi-VN</dc:language></cp:coreProperties>")
    return "".join(out).encode("utf-8")


def _core_tree(core: CoreProps) -> bytes:
    """docProps/core.xml made as an lxml tree (what ``core_xml`` writes as text)."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    nsmap = {"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "dcmitype": DCMITYPE_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}coreProperties", nsmap=nsmap)

    def el(ns: str, tag: str, text: str) -> None:
        if text:
            etree.SubElement(root, f"{{{ns}}}{tag}").text = text

    el(DC_NS, "title", core.title)
    el(DC_NS, "subject", core.subject)
    el(DC_NS, "creator", core.author)
    el(CP_NS, "keywords", core.keywords)
    el(CP_NS, "lastModifiedBy", core.author)
    el(CP_NS, "revision", "1")
    for tag in ("created", "modified"):
        stamp = etree.SubElement(root, f"{{{DCTERMS_NS}}}{tag}")
        stamp.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        stamp.text = _stamp(core.created)
    el(DC_NS, "language", "vi-VN")
    return _serialize(root)


def custom_xml(props: Mapping[str, str]) -> bytes:
    """docProps/custom.xml holding ``props`` as text properties, sorted by name (reproducible). Written as text,
    the very bytes of the lxml tree (``_custom_tree``), which makes it when a name or value is not plain text."""
    items = sorted(props.items())
    if not _plain(*(t for item in items for t in item)):
        return _custom_tree(props)
    if not items:
        return f"{_DECLARATION}{_CUSTOM_OPEN}/>".encode()
    out = [_DECLARATION, _CUSTOM_OPEN, ">"]
    for pid, (name, value) in enumerate(items, start=2):
        out.append(
            f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name="{_attribute(name)}">'
            f"<vt:lpwstr>{_text(value)}</vt:lpwstr></property>"
        )
    out.append("</Properties>")
    return "".join(out).encode("utf-8")


def _custom_tree(props: Mapping[str, str]) -> bytes:
    """docProps/custom.xml made as an lxml tree (what ``custom_xml`` writes as text)."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(sorted(props.items()), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return _serialize(root)


def _with_custom_override(blob: bytes) -> bytes:
    """[Content_Types].xml declaring the custom part (unchanged when it already does)."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    root = etree.fromstring(blob)
    if any(o.get("PartName") == "/" + CUSTOM for o in root.iterchildren(f"{{{CT_NS}}}Override")):
        return blob
    etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + CUSTOM, ContentType=CUSTOM_CT)
    return _serialize(root)


def _with_custom_relationship(blob: bytes) -> bytes:
    """_rels/.rels pointing at the custom part (unchanged when it already does)."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    root = etree.fromstring(blob)
    rels = list(root.iterchildren(f"{{{PKG_REL_NS}}}Relationship"))
    if any(r.get("Target", "").lstrip("/") == CUSTOM for r in rels):
        return blob
    ids = [int(i[3:]) for r in rels if (i := r.get("Id", "")).startswith("rId") and i[3:].isdigit()]
    etree.SubElement(
        root, f"{{{PKG_REL_NS}}}Relationship", Id=f"rId{max(ids, default=0) + 1}", Type=CUSTOM_REL, Target=CUSTOM
    )
    return _serialize(root)


def with_custom_entries(
    entries: Iterable[tuple[str, bytes]], props: Mapping[str, str], memo: dict | None = None
) -> list[tuple[str, bytes]]:
    """The entries of a package with ``props`` as its custom properties: the part replaced (or added at the
    end), declared in [Content_Types].xml and _rels/.rels. No properties: the entries unchanged. ``memo`` (a
    dict kept by the caller, as a compiled template keeps one): the declaring edit of each of those two parts,
    made once for the same bytes object and then the very same bytes (so a render deflates it once)."""
    out = list(entries)
    if not props:
        return out
    edited: list[tuple[str, bytes]] = []
    for name, blob in out:
        if name == CUSTOM:
            continue
        if name == "[Content_Types].xml":
            blob = _edited(memo, name, blob, _with_custom_override)
        elif name == "_rels/.rels":
            blob = _edited(memo, name, blob, _with_custom_relationship)
        edited.append((name, blob))
    edited.append((CUSTOM, custom_xml(props)))
    return edited


def _edited(memo: dict | None, name: str, blob: bytes, edit) -> bytes:
    if memo is None:
        return edit(blob)
    kept = memo.get(name)
    if kept is None or kept[0] is not blob:
        kept = memo[name] = (blob, edit(blob))
    return kept[1]


def with_custom_properties(data: bytes, props: Mapping[str, str]) -> bytes:
    """``data`` (a .docx) with ``props`` as its custom properties (replacing any): Word shows them under
    File → Properties → Custom. A render takes them directly (``render_docx(…, custom=…)``), in one zip pass."""

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    return write_zip(with_custom_entries(entries, props))


def with_core_dates(data: bytes, when: _dt.datetime) -> bytes:
    """An OOXML package (a workbook openpyxl stamped with the save time) with created and modified set to
    ``when`` in docProps/core.xml, on the tree (same content ⇒ same bytes)."""
    from lxml import etree  # noqa: PLC0415 - lxml is loaded only when a document is written

    def edit(name: str, blob: bytes) -> bytes:
        if name != CORE:
            return blob
        root = etree.fromstring(blob)
        for tag in ("created", "modified"):
            for el in root.iterchildren(f"{{{DCTERMS_NS}}}{tag}"):
                el.text = _stamp(when)
        return _serialize(root)

    return rewrite_zip(data, edit)
