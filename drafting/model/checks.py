"""Checks that need the built model (task ids, links from budget lines to tasks): path, message, severity."""

from __future__ import annotations

import difflib
import re
from typing import Any, Protocol

from ..vi.dates import DocDate
from ..vi.text import fold
from .agencies import _key
from .plan import (
    BudgetSheet,
    Heading,
    Plan,
    Task,
    TaskAppendix,
    TaskBullets,
    TaskTable,
    block_texts,
    iter_blocks,
    task_years,
)

#: a field path in the spec: str keys and int list indexes, ("phu_luc", 0, "nhom", 1, "dong", 2)
FieldPath = tuple[str | int, ...]
#: what a check finds: (field path, message, "error" or "warning")
Finding = tuple[FieldPath, str, str]


class KeyInt(int):
    """An integer used as a mapping key (a year in ``so_tien``), not a list index: printed as it is (the spec
    loader makes them; the checks name a year of a budget line with one)."""


def task_paths(plan: Plan) -> dict[int, FieldPath]:
    """Where each task of a numbered plan is written in its spec: ``id(task)`` → field path, so that a finding
    about a task points at its own line ("phan", 1, "noi_dung", 0, "noi_dung", 2, "nhiem_vu")."""

    out: dict[int, FieldPath] = {}

    def walk(blocks: tuple[Any, ...], at: FieldPath) -> None:
        for i, b in enumerate(blocks):
            here = at + (i,)
            if isinstance(b, Task):
                out.setdefault(id(b), here + ("nhiem_vu",))
            elif isinstance(b, Heading):
                out.setdefault(id(b), here)
                walk(b.noi_dung, here + ("noi_dung",))
            elif isinstance(b, TaskTable):
                for k, t in enumerate(b.tasks):
                    out.setdefault(id(t), here + ("bang_nhiem_vu", "nhiem_vu", k))
            elif isinstance(b, TaskBullets):
                for k, t in enumerate(b.tasks):
                    out.setdefault(id(t), here + ("viec", k))

    walk(plan.mo_dau, ("mo_dau",))
    for pi, part in enumerate(plan.phan):
        walk(part.noi_dung, ("phan", pi, "noi_dung"))
    for ai, app in enumerate(plan.phu_luc):
        if isinstance(app, TaskAppendix) and not app.tu_noi_dung:
            for gi, g in enumerate(app.groups):
                for k, t in enumerate(g.tasks):
                    out.setdefault(id(t), ("phu_luc", ai, "nhom", gi, "nhiem_vu", k))
    return out


def _where(plan: Plan, paths: dict[int, FieldPath], task: Any) -> FieldPath:
    return paths.get(id(task), ("phan",))


class Issued(Protocol):
    """What an issued document's spec gives: its number, its date, and whether it is an electronic document."""

    @property
    def so(self) -> str | None: ...
    @property
    def ngay(self) -> DocDate: ...
    @property
    def ban_dien_tu(self) -> bool: ...


def electronic_checks(plan: Issued) -> list[Finding]:
    """An electronic document (``ban_dien_tu``: a plan, or a progress spec's report) whose spec gives a number or a day: neither is printed (the
    document system gives them, Decree 30 Art. 15.3), which the clerk should know."""
    out: list[Finding] = []
    if not plan.ban_dien_tu:
        return out
    if plan.so:
        out.append(
            (
                ("so",),
                f"bản điện tử (ban_dien_tu): số {plan.so} không được in, hệ thống quản lý văn bản cấp số khi ban hành",
                "warning",
            )
        )
    if plan.ngay.day:
        out.append(
            (
                ("ngay",),
                f"bản điện tử (ban_dien_tu): ngày {plan.ngay.day} không được in, hệ thống quản lý văn bản ghi ngày "
                "khi ban hành",
                "warning",
            )
        )
    return out


def plan_checks(plan: Plan, period_years: tuple[int, int]) -> list[Finding]:
    """Duplicate task ids; budget lines naming a task that does not exist; amounts outside the task's years."""

    out: list[Finding] = []
    seen: dict[str, int] = {}
    for t in plan.tasks:
        if t.id:
            seen[t.id] = seen.get(t.id, 0) + 1
    dups = sorted(i for i, n in seen.items() if n > 1)
    paths = task_paths(plan)
    for dup in dups:  # at the second task that has the id
        second = [t for t in plan.tasks if t.id == dup][1]
        out.append(
            (_where(plan, paths, second), f"mã nhiệm vụ bị trùng: {dup} (đặt khóa id riêng cho từng nhiệm vụ)", "error")
        )
    by_id = {t.id: t for t in plan.tasks if t.id}
    out.extend(electronic_checks(plan))
    out.extend(_near_duplicates(plan, paths))
    out.extend(spelling_checks(plan, paths))
    for ai, app in enumerate(plan.phu_luc):
        if not isinstance(app, BudgetSheet):
            continue
        for gi, g in enumerate(app.groups):
            for li, line in enumerate(g.lines):
                path = ("phu_luc", ai, "nhom", gi, "dong", li)
                if not line.nhiem_vu:
                    continue
                task = by_id.get(line.nhiem_vu)
                if task is None:
                    known = ", ".join(list(by_id)[:8])
                    out.append(
                        (
                            path + ("nhiem_vu",),
                            f'không có nhiệm vụ mã "{line.nhiem_vu}" trong kế hoạch'
                            + (f" (các mã: {known}…)" if known else ""),
                            "error",
                        )
                    )
                    continue
                if line.thoi_gian or line.nam:
                    continue  # the line's own timeline was checked by the validator
                years = set(task_years(task, plan))
                if not years:
                    continue  # a timeline that cannot be read is the validator's finding
                for y, amount in line.so_tien:
                    if amount and y not in years:
                        out.append(
                            (
                                path + ("so_tien", KeyInt(y)),
                                f"có kinh phí năm {y} nhưng nhiệm vụ {task.id} không thực hiện năm {y}",
                                "warning",
                            )
                        )
    return out


def _near_duplicates(plan: Plan, paths: dict[int, FieldPath] | None = None) -> list[Finding]:
    """Tasks with the same (or nearly the same, ≥ 95 % alike) text: a careful clerk wants to know."""

    def key(text: str) -> str:
        return re.sub(r"[^\w\s]", "", " ".join(text.lower().split()))

    tasks = [(t, key(t.ten)) for t in plan.tasks]
    paths = task_paths(plan) if paths is None else paths
    out: list[Finding] = []
    fuzzy = len(tasks) <= 400  # pairwise comparison is quadratic: exact matches only for huge plans
    exact: dict[str, str] = {}
    matchers: list[difflib.SequenceMatcher[str] | None] = [None] * len(tasks)
    for i, (t, k) in enumerate(tasks):
        if k in exact:
            out.append(
                (
                    _where(plan, paths, t),
                    f'nhiệm vụ {t.id} trùng nội dung với nhiệm vụ {exact[k]}: "{t.ten[:60]}"',
                    "warning",
                )
            )
            continue
        exact[k] = t.id or ""
        if not fuzzy:
            continue
        for j, (u, k2) in enumerate(tasks[:i]):
            if k2 == k:
                continue
            sm = matchers[j]
            if sm is None:  # one matcher per earlier text: what it learns of its text serves every comparison
                sm = matchers[j] = difflib.SequenceMatcher(None, "", k2)
            sm.set_seq1(k)
            if sm.real_quick_ratio() >= 0.95 and sm.quick_ratio() >= 0.95 and sm.ratio() >= 0.95:
                out.append(
                    (
                        _where(plan, paths, t),
                        f'nhiệm vụ {t.id} gần trùng nội dung với nhiệm vụ {u.id}: "{t.ten[:60]}"',
                        "warning",
                    )
                )
                break
    return out


def _plan_texts(plan: Plan) -> list[str]:

    out: list[str] = [plan.trich_yeu]
    blocks = list(iter_blocks(plan.mo_dau)) + [b for part in plan.phan for b in iter_blocks(part.noi_dung)]
    for b in blocks:
        out.extend(block_texts(b))
        if isinstance(b, Task):
            out.extend([b.ten, b.chu_tri or "", b.phoi_hop or "", *b.ghi_chu])
        elif isinstance(b, TaskTable):
            out.extend(t.ten for t in b.tasks)
    for app in plan.phu_luc:
        if isinstance(app, BudgetSheet):
            out += [line.noi_dung for g in app.groups for line in g.lines]
        else:
            out += [t.ten for g in app.groups for t in g.tasks]
    return out


def name_variants(texts: list[str]) -> dict[str, list[str]]:
    """Proper names written in more than one way ("Xay Sôm Bun", "Xây Sômbun", "Xây SỔM Bun"; "Chămpasăc",
    "Chăm-pa-sắc"): runs of 2–3 capitalised words (or one hyphenated word) that are the same once diacritics,
    case, hyphens and spaces are set aside, but differ as written — beyond the old/new tone placement of
    hoá/hóa and letter case alone, which are not different spellings. Returns key → the forms as written."""

    word = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:-[\wÀ-ỹ]+)*"
    found: dict[str, dict[str, list[Any]]] = {}  # key → form → [count, surface as first written]
    singles: dict[str, dict[str, list[Any]]] = {}

    def add(table: dict[str, dict[str, list[Any]]], surface: str) -> None:
        # "À-Ỹ" spans lower-case letters too (đ, ế …): a name's every word starts with a capital ("Sôm Bun đến" is
        # the name "Sôm Bun" and the word "đến")
        if not all(w[:1].isupper() for w in surface.split()):
            return
        key = re.sub(r"[\s-]+", "", fold(surface).lower())
        form = _key(surface)
        entry = table.setdefault(key, {}).setdefault(form, [0, surface])
        entry[0] += 1

    plain = "\n".join(dict.fromkeys(texts)).replace("*", "")  # each distinct text once, one pass in all
    # every run of capitalised words (one space apart, each a whole word); its windows of 3 words, of 2 and
    # its single words are the candidates, taken in the order of the text: 3-word ones first, then 2-word ones
    runs = [m.group().split(" ") for m in re.finditer(rf"(?<![\wÀ-ỹ-]){word}(?: {word})*(?![\wÀ-ỹ-])", plain)]
    for n in (3, 2):
        for ws in runs:
            for i in range(len(ws) - n + 1):
                add(found, " ".join(ws[i : i + n]))
    if "-" in plain:
        for ws in runs:
            for w in ws:
                if len(w) >= 6:
                    add(singles, w)
    out: dict[str, list[str]] = {}
    for key, forms in found.items():
        if len(forms) > 1 and len(key) >= 6:
            out[key] = [f[1] for f in sorted(forms.values(), key=lambda f: -f[0])]
    for key, forms in singles.items():
        if len(forms) > 1 and any("-" in f[1] for f in forms.values()):
            out.setdefault(key, [f[1] for f in sorted(forms.values(), key=lambda f: -f[0])])
    # a shorter run inside a longer variant is the same finding: keep the longest
    for k in sorted(out, key=len):
        if any(k != other and k in other for other in out):
            out.pop(k)
    return out


def _located_texts(plan: Plan, paths: dict[int, FieldPath]) -> list[tuple[str, FieldPath]]:
    """The plan's texts in document order, each with the field path it is written at."""

    out: list[tuple[str, FieldPath]] = [(plan.trich_yeu, ("trich_yeu",))]

    def walk(blocks: tuple[Any, ...], at: FieldPath) -> None:
        for i, b in enumerate(blocks):
            here = paths.get(id(b), at + (i,))
            if isinstance(b, Task):
                out.append((" ".join([b.ten, b.chu_tri or "", b.phoi_hop or "", *b.ghi_chu]), here))
            else:
                out.extend((text, here) for text in block_texts(b))
                for t in getattr(b, "tasks", ()):
                    out.append((t.ten, paths.get(id(t), here)))
            if isinstance(b, Heading):
                walk(b.noi_dung, here + ("noi_dung",))

    walk(plan.mo_dau, ("mo_dau",))
    for pi, part in enumerate(plan.phan):
        out.append((part.tieu_de, ("phan", pi, "tieu_de")))
        walk(part.noi_dung, ("phan", pi, "noi_dung"))
    for ai, app in enumerate(plan.phu_luc):
        if isinstance(app, BudgetSheet):
            out += [
                (line.noi_dung, ("phu_luc", ai, "nhom", gi, "dong", li, "noi_dung"))
                for gi, g in enumerate(app.groups)
                for li, line in enumerate(g.lines)
            ]
        else:
            out += [(t.ten, paths.get(id(t), ("phu_luc", ai))) for g in app.groups for t in g.tasks]
    return out


def spelling_checks(plan: Plan, paths: dict[int, FieldPath] | None = None) -> list[Finding]:
    """Proper names written several ways; each finding points at the first task that writes a less common form."""
    found = name_variants(_plan_texts(plan))
    paths = task_paths(plan) if paths is None else paths
    out: list[Finding] = []
    for forms in found.values():
        where: FieldPath = ("phan",)
        for text, at in _located_texts(plan, paths):
            if any(f in text.replace("*", "") for f in forms[1:]):
                where = at
                break
        out.append(
            (
                where,
                "tên riêng được viết nhiều cách: "
                + ", ".join(f'"{v}"' for v in forms[:6])
                + " — nên thống nhất một cách viết",
                "warning",
            )
        )
    return out
