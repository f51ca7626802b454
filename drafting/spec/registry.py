"""Registry files (``co-quan.yaml``, ``tinh.yaml``, ``doi-tac.yaml``): reading them into a registry, and checking
one against its schema.

The schema is ``specs/schemas/co_quan.yaml``; beyond it: ``den`` not before ``tu``, every successor and every body
a province profile names is in the registry, and (for the shipped registry) every body has a source note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, SpecError
from ..model.agencies import Registry, RegistryIncludeError, _as_date, _key, build_registry
from ..resources import shipped_registry
from .loader import display_name, dotted, load_spec, load_trusted_yaml
from .validator import validate

#: registry files already read, by (path, mtime, size): their data is only read, never changed
_READ: dict[tuple[str, int, int], dict[str, Any]] = {}


def registry_data(
    files: list[Path],
    loaded: dict[Path, dict[str, Any]] | None = None,
) -> list[tuple[Path, dict[str, Any]]]:
    """The data of every registry file, with the files each one includes (``kem_theo``) right after it."""
    out: list[tuple[Path, dict[str, Any]]] = []

    def read(f: Path) -> dict[str, Any]:
        if loaded and Path(f) in loaded:
            return loaded[Path(f)] or {}
        stat = f.stat()
        stamp = (str(f.resolve()), stat.st_mtime_ns, stat.st_size)
        if stamp not in _READ:  # the shipped files are read once per process (they are never changed in place)
            data = load_trusted_yaml(Path(f).read_text(encoding="utf-8-sig"), f) or {}
            _READ[stamp] = data if isinstance(data, dict) else {}
        return _READ[stamp]

    for f in files:
        data = read(Path(f))
        out.append((Path(f), data))
        for name in data.get("kem_theo", []) or []:
            if isinstance(name, str) and "/" not in name and "\\" not in name and name not in ("..", "."):
                inc = Path(f).parent / name
                try:
                    out.append((inc, read(inc)))
                except OSError as exc:
                    raise RegistryIncludeError(Path(f), inc) from exc
    return out


def load_registry(files: list[Path], loaded: dict[Path, dict[str, Any]] | None = None) -> Registry:
    """The registry of ``files`` (later files add to, or override, earlier ones; each followed by the files it
    includes); ``loaded``: data already read (and checked) by the spec loader, by path."""
    try:
        entries = registry_data(files, loaded)
    except RegistryIncludeError as exc:
        raise SpecError([Problem(str(exc.file), 0, 0, "kem_theo", str(exc))]) from None
    return build_registry(entries)


def focal_point(province: str | None, when: Any, registry: Registry | None = None) -> str | None:
    """The foreign-affairs focal point of ``province`` on ``when`` (a date, "27/3/2026", {thang, nam}): who
    monitors a plan and whom report forms go to; from the shipped profiles unless ``registry`` is given."""
    if registry is None:
        registry = load_registry([shipped_registry()])
    return registry.focal_point(province, when)


SCHEMA = "co_quan"


def _items(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    out: list[tuple[tuple[Any, ...], Any]] = [(("co_quan", i), x) for i, x in enumerate(data.get("co_quan") or [])]
    partner = data.get("doi_tac")
    if isinstance(partner, dict):
        out += [(("doi_tac", "co_quan", i), x) for i, x in enumerate(partner.get("co_quan") or [])]
    return out


def check_registry_files(files: list[Path], *, require_source: bool = False) -> list[Problem]:
    """Every problem of the registry ``files`` (read together, as a workspace reads them, with their
    ``kem_theo`` files); ``require_source``: every body must say where it comes from (``nguon``)."""
    problems: list[Problem] = []
    loaded: dict[Path, Any] = {}
    try:
        every = registry_data(files)
    except RegistryIncludeError as exc:
        spec = load_spec(exc.file)
        line, col = spec.position(("kem_theo",))
        return [Problem(display_name(exc.file), line, col, "kem_theo", str(exc))]
    for f, _ in every:
        spec = load_spec(f)
        loaded[f] = spec

        _, found = validate(spec, SCHEMA, None)
        problems += found
    if any(p.severity == "error" for p in problems):
        return problems
    registry = load_registry(files, {f: s.data for f, s in loaded.items()})
    known = {_key(n) for a in registry.agencies for n in a.names()}
    for f, spec in loaded.items():
        name = display_name(f)
        for path, item in _items(spec.data):
            if isinstance(item, str):
                item = {"ten": item}
            if not isinstance(item, dict):
                continue
            line, col = spec.position(path)
            where = dotted(path)
            tu, den = _as_date(item.get("tu")), _as_date(item.get("den"), end=True)
            if tu and den and den < tu:
                problems.append(
                    Problem(name, line, col, where, f'"{item["ten"]}": ngày kết thúc (den) trước ngày bắt đầu (tu)')
                )
            if require_source and not item.get("nguon"):
                problems.append(
                    Problem(
                        name,
                        line,
                        col,
                        where,
                        f'"{item["ten"]}" thiếu nguồn (nguon): nghị định, quyết định hoặc mục của tài liệu tham chiếu',
                    )
                )
            if path[0] == "co_quan":
                for succ in item.get("ke_nhiem") or []:
                    if _key(succ) not in known:
                        problems.append(
                            Problem(
                                name,
                                line,
                                col,
                                where + ".ke_nhiem",
                                f'cơ quan kế nhiệm "{succ}" không có trong danh mục',
                            )
                        )
        for i, p in enumerate(spec.data.get("tinh") or []):
            line, col = spec.position(("tinh", i))
            for key in ("co_quan", "khong_co"):
                for body in p.get(key) or []:
                    if _key(body) not in known:
                        problems.append(
                            Problem(
                                name, line, col, dotted(("tinh", i, key)), f'"{body}" không có trong danh mục cơ quan'
                            )
                        )
    return problems
