"""ECMA-376 (transitional, wml.xsd) element order of the property containers Word is strict about.

Word refuses or "repairs" a file whose ``w:tblPr``, ``w:pPr``… children are out of the schema's
``xsd:sequence`` order or repeated; LibreOffice is lenient, so only a check catches it. ``check_part``
reports every violation of one XML part, ``canonical_part`` puts the children in order (dropping repeats:
the last one wins, as it would when Word reads the properties one after the other).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .ns import W_NS

W = W_NS
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_PPR_BASE = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
).split()
_RPR_BASE = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()
_TBLPR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
).split()
_TCPR = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
    "headers cellIns cellDel cellMerge tcPrChange"
).split()
_SECTPR = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange"
).split()
_STYLE = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
    "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
_BORDERS = "top left start bottom right end insideH insideV tl2br tr2bl".split()
_CELLMAR = "top left start bottom right end".split()
#: CT_TrPrBase is an xsd:choice (any order) of these; each may appear once
_TRPR_CHOICE = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
).split()
_TRPR = _TRPR_CHOICE + "ins del trPrChange".split()
#: SpreadsheetML CT_Worksheet
_WORKSHEET = (
    "sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection "
    "protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells "
    "phoneticPr conditionalFormatting dataValidations hyperlinks printOptions pageMargins pageSetup "
    "headerFooter rowBreaks colBreaks customProperties cellWatches ignoredErrors smartTags drawing "
    "legacyDrawing legacyDrawingHF picture oleObjects controls webPublishItems tableParts extLst"
).split()


@dataclass(frozen=True)
class Rule:
    order: tuple[str, ...]  # local names in schema order
    repeatable: frozenset[str] = frozenset()
    any_order: frozenset[str] = frozenset()  # members of an xsd:choice: no order among them
    ns: str = W


def _rule(order, repeatable=(), any_order=(), ns=W) -> Rule:
    return Rule(tuple(order), frozenset(repeatable), frozenset(any_order), ns)


#: container (Clark name) → its rule. Parent-specific containers are keyed "parent/child".
RULES: dict[str, Rule] = {
    "pPr": _rule(_PPR_BASE + ["rPr", "sectPr", "pPrChange"]),
    "rPr": _rule(["ins", "del", "moveFrom", "moveTo"] + _RPR_BASE + ["rPrChange"]),
    "tblPr": _rule(_TBLPR),
    "tcPr": _rule(_TCPR),
    "trPr": _rule(_TRPR, any_order=_TRPR_CHOICE),
    "sectPr": _rule(
        _SECTPR, repeatable=("headerReference", "footerReference"), any_order=("headerReference", "footerReference")
    ),
    "style": _rule(_STYLE, repeatable=("tblStylePr",)),
    "tblBorders": _rule(_BORDERS),
    "tcBorders": _rule(_BORDERS),
    "pBdr": _rule("top left bottom right between bar".split()),
    "tblCellMar": _rule(_CELLMAR),
    "tcMar": _rule(_CELLMAR),
    "tbl": _rule(["tblPr", "tblGrid"]),  # then rows: only the head is checked
    "tr": _rule(["tblPrEx", "trPr"]),
    "tc": _rule(["tcPr"]),
    "p": _rule(["pPr"]),
    "r": _rule(["rPr"]),
    "worksheet": _rule(_WORKSHEET, repeatable=("conditionalFormatting",), ns=S),
}
#: for tbl/tr/tc/p/r only the properties element must come first; the content after it is free
_HEAD_ONLY = {"tbl", "tr", "tc", "p", "r"}


def _local(tag: str, ns: str) -> str | None:
    prefix = "{" + ns + "}"
    return tag[len(prefix) :] if isinstance(tag, str) and tag.startswith(prefix) else None


def _rule_for(el) -> Rule | None:
    for ns in (W, S):
        name = _local(el.tag, ns)
        if name is not None:
            rule = RULES.get(name)
            return rule if rule is not None and rule.ns == ns else None
    return None


def _rank(rule: Rule, name: str) -> int:
    """Position of ``name`` in the sequence; members of the choice share the first member's rank."""
    if name in rule.any_order:
        return min(rule.order.index(n) for n in rule.any_order)
    return rule.order.index(name)


@dataclass(frozen=True)
class Violation:
    part: str
    path: str  # e.g. /w:document/w:body/w:tbl[3]/w:tblPr
    message: str

    def __str__(self) -> str:
        return f"{self.part}: {self.path}: {self.message}"


def _path(el) -> str:
    parts = []
    while el is not None:
        parent = el.getparent()
        local = re.sub(r"^\{[^}]*\}", "", el.tag)
        if parent is None:
            parts.append(local)
        else:
            same = [c for c in parent if c.tag == el.tag]
            parts.append(f"{local}[{same.index(el) + 1}]" if len(same) > 1 else local)
        el = parent
    return "/" + "/".join(reversed(parts))


def _check_element(el, rule: Rule, part: str, out: list[Violation]) -> None:
    head_only = _local(el.tag, rule.ns) in _HEAD_ONLY
    last = -1
    last_name = ""
    seen: set[str] = set()
    for child in el:
        name = _local(child.tag, rule.ns)
        if name is None or name not in rule.order:
            if head_only and isinstance(child.tag, str):
                last = len(rule.order)  # content began: a properties element after it is out of order
                last_name = re.sub(r"^\{[^}]*\}", "", child.tag)
            continue
        if name in seen and name not in rule.repeatable:
            out.append(Violation(part, _path(el), f"<{name}> appears more than once"))
        seen.add(name)
        rank = _rank(rule, name)
        if rank < last:
            out.append(Violation(part, _path(el), f"<{name}> after <{last_name}> (schema order: {name} comes first)"))
        else:
            last, last_name = rank, name


def check_tree(root, part: str = "") -> list[Violation]:
    """Every out-of-order or repeated child of the property containers under ``root``."""
    out: list[Violation] = []
    for el in root.iter():
        rule = _rule_for(el) if isinstance(el.tag, str) else None
        if rule is not None:
            _check_element(el, rule, part, out)
    return out


def check_part(name: str, blob: bytes) -> list[Violation]:
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

    root = etree.fromstring(blob, parser=etree.XMLParser(huge_tree=True))
    return check_tree(root, name)


#: the parts of a package this module checks
XML_PART = re.compile(r"^(word|xl)/.*\.xml$")


def check_package(path_or_bytes) -> list[Violation]:
    """Check every WordprocessingML/SpreadsheetML part of a .docx/.xlsx (a path or its bytes)."""

    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray)) else path_or_bytes
    out: list[Violation] = []
    with zipfile.ZipFile(src) as z:
        for name in sorted(z.namelist()):
            if XML_PART.match(name):
                out.extend(check_part(name, z.read(name)))
    return out


def canonicalize_tree(root) -> int:
    """Reorder the children of every property container under ``root`` into schema order and drop repeated
    singletons (the last wins). Elements the rules do not know keep their place after the known ones.
    Returns how many containers changed."""
    changed = 0
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        rule = _rule_for(el)
        if rule is None or _local(el.tag, rule.ns) in _HEAD_ONLY:
            continue
        children = list(el)
        known = [c for c in children if _local(c.tag, rule.ns) in rule.order]
        if not known:
            continue
        keep: dict[str, object] = {}
        for c in known:
            name = _local(c.tag, rule.ns)
            if name not in rule.repeatable:
                keep[name] = c  # the last one wins
        kept = [c for c in known if _local(c.tag, rule.ns) in rule.repeatable or keep.get(_local(c.tag, rule.ns)) is c]
        ordered = sorted(kept, key=lambda c: (_rank(rule, _local(c.tag, rule.ns)), kept.index(c)))
        others = [c for c in children if c not in known]
        new = ordered + others
        if new != children:
            for c in children:
                el.remove(c)
            for c in new:
                el.append(c)
            changed += 1
    return changed


def canonical_part(blob: bytes) -> bytes:
    """``blob`` (one XML part) with its property containers in schema order (unchanged bytes if already so)."""
    from lxml import etree  # noqa: PLC0415 - lxml loads only when Word XML is read or made

    root = etree.fromstring(blob, parser=etree.XMLParser(huge_tree=True))
    if not canonicalize_tree(root):
        return blob
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
