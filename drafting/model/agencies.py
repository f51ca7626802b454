"""The agency registry, and reading agency names out of a "Cơ quan chủ trì/phối hợp" line."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REGISTRY_FILE = "co-quan.yaml"


def _spaces(s: str) -> str:
    """NFC, single spaces, hyphens written " - " (length-changing steps, done before ``_key``)."""
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\s*[-–—]\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip()


def _key(s: str) -> str:
    """Comparison key: ``_spaces``, lower case, and one spelling of hoà/hòa, uỷ/ủy (same length)."""
    s = _spaces(s).lower()
    # old/new tone placement: hoá/hóa, hoà/hòa, thoả/thỏa, khoẻ/khỏe, uỷ/ủy, tuỳ/tùy
    for old, new in (("oá", "óa"), ("oà", "òa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
                     ("oé", "óe"), ("oè", "òe"), ("oẻ", "ỏe"), ("uỷ", "ủy"), ("uý", "úy"), ("uỳ", "ùy")):
        s = s.replace(old, new)
    return s


@dataclass(frozen=True)
class Agency:
    """A department or body that can lead or coordinate a task."""

    ten: str
    ten_khac: tuple[str, ...] = ()
    ten_day_du: str | None = None


@dataclass(frozen=True)
class AgencyMention:
    """One name found in an agency line: a registry agency, or a generic group ("các cơ quan liên quan")."""

    text: str
    agency: Agency | None  # None for a generic group


@dataclass
class Registry:
    """Every agency known to a workspace, looked up by name or alias."""

    agencies: list[Agency] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    _index: dict[str, Agency] = field(default_factory=dict, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)   # sorted keys and parsed lines

    def add(self, agency: Agency) -> None:
        self._cache.clear()
        self.agencies.append(agency)
        for name in (agency.ten, *agency.ten_khac, *( [agency.ten_day_du] if agency.ten_day_du else [])):
            self._index.setdefault(_key(name), agency)

    def lookup(self, name: str) -> Agency | None:
        return self._index.get(_key(name))

    def names(self) -> list[str]:
        return list(self._index)

    def suggest(self, name: str) -> str | None:
        """The registry name closest to ``name`` (for "bạn có ý nói …?"), if any is close enough."""
        key = _key(name)
        best = difflib.get_close_matches(key, list(self._index), n=1, cutoff=0.6)
        if not best:
            return None
        return self._index[best[0]].ten


class AgencyLineProblem(ValueError):
    """Raised when an agency line names an agency the registry does not know."""

    def __init__(self, name: str, suggestion: str | None):
        self.name = name
        self.suggestion = suggestion
        msg = f"không có cơ quan \"{name}\" trong danh mục cơ quan"
        super().__init__(msg)


_SEP = re.compile(r"\s*(?:[,;]|\bvà\b|\bvới\b)\s*")
_GROUP_START = ("các ", "những ", "cơ quan có liên quan", "cơ quan liên quan", "đơn vị liên quan",
                "đơn vị có liên quan", "cơ quan, đơn vị", "địa phương liên quan")


def parse_agency_line(text: str, registry: Registry) -> list[AgencyMention]:
    """Split "Sở Y tế; Văn phòng UBND tỉnh và các cơ quan liên quan" into known agencies and groups.

    Greedy and longest-first: at each position the longest registry name (or alias) that ends at a
    separator wins, so names with commas ("Sở Văn hóa, Thể thao và Du lịch") stay whole. A phrase starting
    with "các …" (or a registry group) is a generic group and runs to the next ";" or the next known name.
    Raises AgencyLineProblem for the first piece that is neither.
    """
    cache = registry._cache
    lines = cache.setdefault("lines", {})
    if text in lines:
        cached = lines[text]
        if isinstance(cached, AgencyLineProblem):
            raise AgencyLineProblem(cached.name, cached.suggestion)
        return list(cached)
    s = _spaces(text).rstrip(".;,").strip()
    key_s = _key(s)  # same length as s: slices of key_s index s too
    if "names" not in cache or cache.get("ngroups") != len(registry.groups):
        cache["names"] = sorted(registry.names(), key=len, reverse=True)
        cache["groups"] = sorted((_key(g) for g in registry.groups), key=len, reverse=True)
        cache["ngroups"] = len(registry.groups)
        lines.clear()
    try:
        result = _parse(s, key_s, cache["names"], cache["groups"], registry)
    except AgencyLineProblem as exc:
        lines[text] = exc
        raise
    lines[text] = tuple(result)
    return result


def _parse(s: str, key_s: str, names: list[str], groups: list[str], registry: "Registry") -> list[AgencyMention]:
    out: list[AgencyMention] = []
    i = 0
    n = len(key_s)

    def at_boundary(j: int) -> bool:
        if j >= n:
            return True
        m = _SEP.match(key_s, j)
        if m and m.end() > j:
            return True
        return key_s[j] in " (" and (key_s[j:].lstrip().startswith("(") or bool(_SEP.match(key_s, j)))

    while i < n:
        m = _SEP.match(key_s, i)
        if m and m.end() > i:
            i = m.end()
            continue
        rest = key_s[i:]
        # a parenthesised remark belongs to the previous name: "(đề b/c)", "(nếu có)"
        if rest.startswith("("):
            close = key_s.find(")", i)
            i = n if close < 0 else close + 1
            continue
        hit = next((nm for nm in names if rest.startswith(nm) and at_boundary(i + len(nm))), None)
        if hit:
            out.append(AgencyMention(s[i:i + len(hit)], registry.lookup(hit)))
            i += len(hit)
            continue
        grp = next((g for g in groups if rest.startswith(g)), None)
        if grp or rest.startswith(_GROUP_START):
            j = i + (len(grp) if grp else 0)
            end = n
            while j < n:
                sep = _SEP.match(key_s, j)
                if key_s[j] == ";":
                    end = j
                    break
                if sep and sep.end() > j:
                    after = key_s[sep.end():]
                    if any(after.startswith(nm) and at_boundary(sep.end() + len(nm)) for nm in names):
                        end = j
                        break
                    j = sep.end()
                    continue
                j += 1
            out.append(AgencyMention(s[i:end].strip(), None))
            i = end
            continue
        # unknown: the piece up to the next separator, for the message
        sep = _SEP.search(key_s, i)
        piece_end = sep.start() if sep else n
        piece = s[i:piece_end]
        longer_end = key_s.find(";", i)
        longer = key_s[i:longer_end if longer_end > 0 else n]
        suggestion = registry.suggest(piece) or registry.suggest(longer)
        raise AgencyLineProblem(piece.strip(), suggestion)
    return out


def load_registry(files: list[Path], loaded: dict[Path, dict] | None = None) -> Registry:
    """Build a registry from registry YAML files (later files add to earlier ones); ``loaded``: data
    already read (and checked) by the spec loader, by path."""
    from ..spec.loader import load_trusted_yaml

    reg = Registry()
    for f in files:
        if loaded and Path(f) in loaded:
            data = loaded[Path(f)]
        else:
            data = load_trusted_yaml(Path(f).read_text(encoding="utf-8-sig")) or {}
        for item in data.get("co_quan", []) or []:
            if isinstance(item, str):
                reg.add(Agency(unicodedata.normalize("NFC", item)))
            else:
                reg.add(Agency(
                    unicodedata.normalize("NFC", item["ten"]),
                    tuple(unicodedata.normalize("NFC", a) for a in item.get("ten_khac", []) or []),
                    item.get("ten_day_du"),
                ))
        reg.groups.extend(unicodedata.normalize("NFC", g) for g in data.get("nhom", []) or [])
    return reg


#: a file that marks the root of a workspace: registries are read from there down to the spec's folder
WORKSPACE_MARKER = ".drafting-workspace"


def _chain(spec: Path) -> list[Path]:
    """The spec's folder and its ancestors, up to the first workspace marker, the user's home or the root."""
    d = Path(spec).resolve().parent
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    chain = []
    while True:
        chain.append(d)
        if (d / WORKSPACE_MARKER).exists() or d == home or d.parent == d:
            break
        d = d.parent
    return chain


def workspace_of(spec: Path) -> Path:
    """The workspace a spec belongs to — found from the spec, never from the working folder.

    The nearest folder (the spec's own, or an ancestor) holding a ``.drafting-workspace`` marker; without
    one, the nearest folder holding a ``co-quan.yaml``; without either, the spec's own folder. The search
    never goes above the user's home folder.
    """
    chain = _chain(spec)
    if (chain[-1] / WORKSPACE_MARKER).exists():
        return chain[-1]
    for d in chain:
        if (d / REGISTRY_FILE).is_file():
            return d
    return chain[0]


def registry_candidates(spec: Path, stop: Path | None = None) -> list[Path]:
    """Every place a workspace registry for ``spec`` may be (existing or not), outermost first: from its
    workspace (``workspace_of``; or ``stop``) down to the spec's folder, and the places that, if a
    registry appeared there, would change the workspace."""
    chain = _chain(spec)
    if stop is not None:
        stop = Path(stop).resolve()
        chain = chain[:chain.index(stop) + 1] if stop in chain else chain[:1]
        return [d / REGISTRY_FILE for d in reversed(chain)]
    if not (chain[-1] / WORKSPACE_MARKER).exists():
        for i, d in enumerate(chain):
            if (d / REGISTRY_FILE).is_file():
                chain = chain[:i + 1]
                break
    return [d / REGISTRY_FILE for d in reversed(chain)]


def registry_files_for(spec: Path, shipped: Path, stop: Path | None = None) -> list[Path]:
    """The shipped registry, then the workspace registries of ``spec``, outermost first.

    With a workspace marker: every ``co-quan.yaml`` from the marked folder down to the spec's folder;
    without one: the nearest ``co-quan.yaml`` only. Only regular files count (not a FIFO, a folder…).
    """
    import stat

    files = [shipped]
    for f in registry_candidates(spec, stop):
        try:
            regular = stat.S_ISREG(f.stat().st_mode)
        except OSError:
            regular = False
        if regular and f.resolve() != shipped.resolve():
            files.append(f)
    return files
