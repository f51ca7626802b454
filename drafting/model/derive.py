"""Pure derivations on the model: numbering of parts, headings, points and tasks; the task list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from dataclasses import replace as _replace
from typing import Any, TypeVar, overload

from ..vi.numbering import heading_number, roman
from .plan import (
    Appendix,
    Block,
    BudgetGroup,
    BudgetSheet,
    Heading,
    Part,
    Plan,
    Point,
    Task,
    TaskAppendix,
    TaskBullets,
    TaskGroup,
    TaskTable,
)

_T = TypeVar("_T")

#: per class: the names of its fields (what ``replace`` may change)
_FIELDS: dict[type, frozenset[str]] = {}


def replace(obj: _T, **changes: Any) -> _T:
    """``dataclasses.replace`` for the model's frozen dataclasses (plain ones, no ``__post_init__``, fields
    kept in ``__dict__``): a copy with ``changes`` set, without calling ``__init__`` again. dataclasses.replace
    looks up the class's fields and builds every argument on each call: numbering a 5 000-task plan made 5 500
    copies through it (36 ms). Anything else (slots, a ``__post_init__``, an unknown field name) goes through
    dataclasses.replace itself, which checks it as it always has; so does an object whose ``__dict__`` holds
    more than its fields (a cached value would go stale in the copy)."""
    cls = obj.__class__
    names = _FIELDS.get(cls)
    if names is None:
        simple = hasattr(obj, "__dict__") and not hasattr(cls, "__post_init__")
        every = fields(cls)  # type: ignore[arg-type]
        simple = simple and all(f.init for f in every)
        names = _FIELDS[cls] = frozenset(f.name for f in every) if simple else frozenset()
    if not names or not names.issuperset(changes) or len(obj.__dict__) != len(names):
        return _replace(obj, **changes)  # type: ignore[type-var]
    new = object.__new__(cls)
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new


def _inherit(t: Task, defaults: dict[str, str]) -> Task:
    """A task without its own agency or timeline takes those of the heading it sits under."""
    changes: dict[str, Any] = {k: v for k, v in defaults.items() if v and not getattr(t, k)}
    return replace(t, **changes) if changes else t


@overload
def _number_blocks(
    blocks: tuple[Heading, ...], depth: int, parent: str, tasks: list[Task], defaults: dict[str, str] | None = None
) -> tuple[Heading, ...]: ...  # a heading stays a heading
@overload
def _number_blocks(
    blocks: tuple[Block, ...], depth: int, parent: str, tasks: list[Task], defaults: dict[str, str] | None = None
) -> tuple[Block, ...]: ...
def _number_blocks(
    blocks: tuple[Block, ...], depth: int, parent: str, tasks: list[Task], defaults: dict[str, str] | None = None
) -> tuple[Block, ...]:
    defaults = defaults or {}
    out: list[Block] = []
    index = 0  # counter shared by headings and points at this depth
    task_index = 0  # tasks count under their heading: 1.1., 1.2. …
    unnumbered = 0
    for b in blocks:
        if isinstance(b, (Heading, Point)):
            if b.so is None:
                index += 1
                number = heading_number(depth, index, parent)
            else:
                number = b.so
            if isinstance(b, Heading):
                child_parent = number.rstrip(".") if depth <= 2 else parent
                child_defaults = {
                    **defaults,
                    **{k: getattr(b, k) for k in ("chu_tri", "phoi_hop", "thoi_gian", "linh_vuc") if getattr(b, k)},
                }
                b = replace(
                    b,
                    number=number,
                    noi_dung=_number_blocks(b.noi_dung, depth + 1, child_parent, tasks, child_defaults),
                )
            else:
                b = replace(b, number=number)
        elif isinstance(b, Task):
            if b.so is None:
                task_index += 1
                base = parent.rstrip(".")
                number = f"{base}.{task_index}." if base else f"{task_index}."
            else:
                number = b.so
            # an unnumbered task still needs a stable id: "<heading>-<k>" (k counts unnumbered tasks)
            if not number:
                unnumbered += 1
            default_id = number.rstrip(".") or f"{parent.rstrip('.') or '0'}-{unnumbered}"
            b = _inherit(replace(b, number=number, id=b.id or default_id), defaults)
            tasks.append(b)
        elif isinstance(b, TaskTable):
            made = []
            base = parent.rstrip(".")
            for k, t in enumerate(b.tasks, start=1):
                t = _inherit(
                    replace(t, number=f"{k}." if b.so_cham else str(k), id=t.id or (f"{base}-{k}" if base else str(k))),
                    defaults,
                )
                made.append(t)
                tasks.append(t)
            b = replace(b, tasks=tuple(made))
        elif isinstance(b, TaskBullets):
            made = []
            for text in b.items:
                unnumbered += 1
                t = _inherit(Task(ten=text, hien_thi="gach", id=f"{parent.rstrip('.') or '0'}-{unnumbered}"), defaults)
                made.append(t)
                tasks.append(t)
            b = replace(b, tasks=tuple(made))
        out.append(b)
    return tuple(out)


def body_task_groups(parts: Iterable[Part]) -> list[TaskGroup]:
    """One group per heading (or part) that holds tasks directly — tasks, task bullets (viec) and task
    tables alike — in document order (for ``tu_noi_dung`` appendices, reports, next year's plan)."""
    groups: list[TaskGroup] = []

    def own_tasks(blocks: tuple[Block, ...]) -> list[Task]:
        out: list[Task] = []
        for b in blocks:
            if isinstance(b, Task):
                out.append(b)
            elif isinstance(b, (TaskBullets, TaskTable)):
                out.extend(b.tasks)
        return out

    def visit(blocks: tuple[Block, ...], title: str) -> None:
        own = own_tasks(blocks)
        if own:
            groups.append(TaskGroup(title, tuple(own)))
        for b in blocks:
            if isinstance(b, Heading):
                visit(b.noi_dung, b.muc)

    for part in parts:
        visit(part.noi_dung, part.tieu_de)
    return groups


def _number_task_appendix(app: TaskAppendix, parts: Iterable[Part], tasks: list[Task]) -> TaskAppendix:
    source = body_task_groups(parts) if app.tu_noi_dung else list(app.groups)
    groups = []
    k = 0
    for gi, g in enumerate(source, start=1):
        if app.danh_so == "theo_nhom":
            k = 0
        numbered = []
        for t in g.tasks:
            k += 1
            if app.tu_noi_dung:
                numbered.append(replace(t, number=str(k)))  # the body task keeps its id ("1.1")
            else:
                default_id = str(k) if app.danh_so == "lien_tuc" else f"{gi}.{k}"
                t = replace(t, number=str(k), id=t.id or default_id)
                numbered.append(t)
                tasks.append(t)
        groups.append(replace(g, number=roman(gi), tasks=tuple(numbered)))
    return replace(app, groups=tuple(groups))


def _number_budget(sheet: BudgetSheet) -> BudgetSheet:
    groups = []
    k = 0
    for gi, g in enumerate(sheet.groups, start=1):
        if sheet.danh_so == "theo_nhom":
            k = 0
        lines = []
        # every line is numbered, a group's only line too (seed 001 left those blank; a clerk counts rows)
        for line in g.lines:
            k += 1
            lines.append(replace(line, number=str(k)))
        groups.append(BudgetGroup(g.ten, tuple(lines), number=roman(gi)))
    return replace(sheet, groups=tuple(groups))


def number_plan(plan: Plan) -> Plan:
    """Give every part (I., II. …), heading (1., 1.1., a)), point, task (1.1.) and appendix row its number."""
    tasks: list[Task] = []
    parts = []
    for i, part in enumerate(plan.phan, start=1):
        parts.append(replace(part, number=f"{roman(i)}.", noi_dung=_number_blocks(part.noi_dung, 1, "", tasks)))
    appendices: list[Appendix] = []
    for app in plan.phu_luc:
        if isinstance(app, TaskAppendix):
            appendices.append(_number_task_appendix(app, parts, tasks))
        else:
            appendices.append(_number_budget(app))
    return replace(plan, phan=tuple(parts), tasks=tuple(tasks), phu_luc=tuple(appendices))
