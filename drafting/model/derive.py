"""Pure derivations on the model: numbering of parts, headings, points and tasks; the task list."""
from __future__ import annotations

from dataclasses import replace

from ..vi.numbering import heading_number, roman
from .plan import Block, Heading, Plan, Point, Task


def _number_blocks(blocks: tuple[Block, ...], depth: int, parent: str, tasks: list[Task]) -> tuple[Block, ...]:
    out: list[Block] = []
    index = 0        # counter shared by headings and points at this depth
    task_index = 0   # tasks count under their heading: 1.1., 1.2. …
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
                b = replace(b, number=number,
                            noi_dung=_number_blocks(b.noi_dung, depth + 1, child_parent, tasks))
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
            b = replace(b, number=number, id=b.id or default_id)
            tasks.append(b)
        out.append(b)
    return tuple(out)


def number_plan(plan: Plan) -> Plan:
    """Give every part (I., II. …), heading (1., 1.1., a)), point and task (1.1.) its number."""
    tasks: list[Task] = []
    parts = []
    for i, part in enumerate(plan.phan, start=1):
        parts.append(replace(part, number=f"{roman(i)}.", noi_dung=_number_blocks(part.noi_dung, 1, "", tasks)))
    return replace(plan, phan=tuple(parts), tasks=tuple(tasks))
