"""Checks that need the built model (task ids, links from budget lines to tasks): path, message, severity."""
from __future__ import annotations

from .plan import BudgetSheet, Plan


def plan_checks(plan: Plan, period_years) -> list[tuple[tuple, str, str]]:
    """Duplicate task ids; budget lines naming a task that does not exist; amounts outside the task's years."""
    from ..spec.loader import KeyInt
    from ..vi.timeline import TimelineProblem, parse_timeline

    out: list[tuple[tuple, str, str]] = []
    seen: dict[str, int] = {}
    for t in plan.tasks:
        if t.id:
            seen[t.id] = seen.get(t.id, 0) + 1
    dups = sorted(i for i, n in seen.items() if n > 1)
    if dups:
        out.append((("phan",), f"mã nhiệm vụ bị trùng: {', '.join(dups)} (đặt khóa id riêng cho từng nhiệm vụ)", "error"))
    by_id = {t.id: t for t in plan.tasks if t.id}
    out.extend(_near_duplicates(plan))
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
                    out.append((path + ("nhiem_vu",), f"không có nhiệm vụ mã \"{line.nhiem_vu}\" trong kế hoạch"
                                + (f" (các mã: {known}…)" if known else ""), "error"))
                    continue
                if line.thoi_gian or line.nam:
                    continue  # the line's own timeline was checked by the validator
                try:
                    years = set(task.nam) or set(parse_timeline(task.thoi_gian or "", plan.giai_doan,
                                                                 list(task.thoi_gian_chi_tiet)).years)
                except TimelineProblem:
                    continue
                for y, amount in line.so_tien:
                    if amount and y not in years:
                        out.append((path + ("so_tien", KeyInt(y)), f"có kinh phí năm {y} nhưng nhiệm vụ {task.id} "
                                    f"không thực hiện năm {y}", "warning"))
    return out


def _near_duplicates(plan: Plan) -> list[tuple[tuple, str, str]]:
    """Tasks with the same (or nearly the same, ≥ 95 % alike) text: a careful clerk wants to know."""
    import difflib
    import re

    def key(text: str) -> str:
        return re.sub(r"[^\w\s]", "", " ".join(text.lower().split()))

    tasks = [(t, key(t.ten)) for t in plan.tasks]
    out = []
    fuzzy = len(tasks) <= 400  # pairwise comparison is quadratic: exact matches only for huge plans
    exact: dict[str, str] = {}
    for i, (t, k) in enumerate(tasks):
        if k in exact:
            out.append((("phan",), f"nhiệm vụ {t.id} trùng nội dung với nhiệm vụ {exact[k]}: \"{t.ten[:60]}\"",
                        "warning"))
            continue
        exact[k] = t.id or ""
        if not fuzzy:
            continue
        for u, k2 in tasks[:i]:
            if k2 == k:
                continue
            sm = difflib.SequenceMatcher(None, k, k2)
            if sm.real_quick_ratio() >= 0.95 and sm.quick_ratio() >= 0.95 and sm.ratio() >= 0.95:
                out.append((("phan",), f"nhiệm vụ {t.id} gần trùng nội dung với nhiệm vụ {u.id}: \"{t.ten[:60]}\"",
                            "warning"))
                break
    return out
