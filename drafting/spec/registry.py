"""Checking a registry file (``co-quan.yaml``, ``tinh.yaml``, ``doi-tac.yaml``) against its schema.

The schema is ``specs/schemas/co_quan.yaml``; beyond it: ``den`` not before ``tu``, every successor and every body
a province profile names is in the registry, and (for the shipped registry) every body has a source note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.agencies import RegistryIncludeError, _as_date, _key, load_registry, registry_data
from .loader import display_name, dotted, load_spec
from .validator import validate

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
