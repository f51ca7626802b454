"""Plan model → template context: plain display strings and lists of runs, nothing Word-specific."""

from __future__ import annotations

import re

from ..model.budget import budget_sheet, grand_total, total_in_dong
from ..model.plan import Block, BudgetParagraph, Bullets, Heading, Paragraph, Plan, Point, Task, TaskBullets, TaskTable
from ..vi.dates import place_date
from ..vi.words import amount_in_words, format_number
from .appendix_context import body_table_context
from .binding import bind_text, title_lines
from .inline import parse_marks, run
from .phrases import so_ky_hieu

_END_PUNCT = re.compile(r"[\s.;,:]+$")


def _ending(text: str, end: str) -> str:
    """``text`` with its final punctuation replaced by ``end`` (";" or ".")."""
    return _END_PUNCT.sub("", text) + end


def _keep_end(text: str, default: str) -> str:
    """``text`` as typed if it ends with punctuation, else with ``default`` added."""
    return text if re.search(r"[.;:!?…]$", text.strip()) else text.rstrip() + default


def _item(kieu: str, runs: list[dict]) -> dict:
    return {"kieu": kieu, "runs": runs, "text": "".join(r["text"] for r in runs)}


def _task_items(t: Task) -> list[dict]:
    if t.hien_thi == "gach":
        return [_item("doan", [run("- ")] + parse_marks(t.ten))]
    if t.hien_thi == "doan":
        return [_item("doan", parse_marks(t.ten))]
    out = []
    head = [run(t.number, bold=True), run(" ")] if t.number else []
    out.append(_item("muc", head + parse_marks(t.ten)))
    for b in t.mo_ta:
        out.extend(_block_items(b, depth=3))
    lines: list[list[dict]] = []
    if t.thoi_gian_chi_tiet:
        label = f"Thời gian: {t.thoi_gian}" if t.thoi_gian else "Thời gian:"
        lines.append([run(_keep_end(label, "") if t.thoi_gian else label, italic=True)])
        for s in t.thoi_gian_chi_tiet:
            lines.append(parse_marks(_ending(s, ";"), italic=True))
    elif t.thoi_gian:
        lines.append(parse_marks(f"Thời gian: {_ending(t.thoi_gian, ';')}", italic=True))
    if t.chu_tri:
        lines.append(parse_marks(f"Cơ quan chủ trì: {_ending(t.chu_tri, ';')}", italic=True))
    if t.phoi_hop:
        lines.append(parse_marks(f"Cơ quan phối hợp: {_ending(t.phoi_hop, ';')}", italic=True))
    if lines:
        last = lines[-1]
        if last and last[-1]["text"].endswith(";"):
            last[-1] = {**last[-1], "text": last[-1]["text"][:-1] + "."}
    # only the task's heading keeps with its first line (and a "Thời gian:" lead-in with its list);
    # the rest flows, so a long task does not jump to the next page as one block
    for runs in lines:
        lead_in = len(runs) == 1 and runs[0]["text"].endswith(":")
        out.append(_item("muc" if lead_in else "doan", runs))
    for note in t.ghi_chu:
        out.append(_item("doan", parse_marks(note, italic=True)))
    return out


def budget_text(text: str, plan: Plan) -> str:
    """Fill {tong_dong}, {tong_bang_chu}, {tong} from the plan's budget sheet (the same sum as the sheet)."""

    sheet = budget_sheet(plan)
    if sheet is None:  # the validator refuses this; keep the text as written
        return text
    return (
        text.replace("{tong_dong}", format_number(total_in_dong(sheet)))
        .replace("{tong_bang_chu}", amount_in_words(grand_total(sheet), unit=sheet.don_vi))
        .replace("{tong}", format_number(grand_total(sheet)))
    )


def _block_items(b: Block, depth: int, plan: Plan | None = None) -> list[dict]:
    if isinstance(b, Paragraph):
        return [_item("doan", parse_marks(b.text))]
    if isinstance(b, BudgetParagraph):
        return [_item("doan", parse_marks(budget_text(b.text, plan) if plan else b.text))]
    if isinstance(b, Bullets):
        return [_item("doan", [run("- ")] + parse_marks(re.sub(r"^\s*[-–+•]\s+", "", s))) for s in b.items]
    if isinstance(b, TaskTable):
        return [{"kieu": "bang", "text": "", **body_table_context(b)}]
    if isinstance(b, TaskBullets):
        return [_item("doan", [run("- ")] + parse_marks(re.sub(r"^\s*[-–+•]\s+", "", s))) for s in b.items]
    if isinstance(b, Point):
        head = [run(b.number, bold=True), run(" ")] if b.number else []
        return [_item("doan", head + parse_marks(b.text))]
    if isinstance(b, Heading):
        bold = depth <= 2
        title = f"{b.number} {b.muc}".strip() if b.muc else b.number
        runs = [run(title, bold=bold)] if title else []
        if b.van_ban:
            runs += [run(" ")] + parse_marks(b.van_ban)
        items = [_item("muc" if not b.van_ban else "doan", runs)] if runs else []
        for child in b.noi_dung:
            items.extend(_block_items(child, depth + 1, plan))
        return items
    if isinstance(b, Task):
        return _task_items(b)
    raise TypeError(f"unknown block {b!r}")


def body_items(plan: Plan) -> list[dict]:
    """The body as a flat list of paragraphs: ``{"kieu": "phan"|"muc"|"doan", "runs": [...], "text": …}``."""
    items: list[dict] = []
    for b in plan.mo_dau:
        items.extend(_block_items(b, 1, plan))
    for part in plan.phan:
        items.append(_item("phan", [run(f"{part.number} {part.tieu_de.upper()}", bold=True)]))
        for b in part.noi_dung:
            items.extend(_block_items(b, 1, plan))
    if plan.ket_thuc:
        # "muc" keeps the closing paragraph on the page of the signature
        items.append(_item("muc", parse_marks(plan.ket_thuc)))
    return items


def recipients(items: tuple[str, ...], luu: str) -> list[str]:
    """ "- Bộ Ngoại giao (b/c);" … "- Lưu: VT, NgV." (dash first, ";" after each, "." after Lưu)."""
    out = []
    for it in items:
        text = re.sub(r"^\s*[-–+•]\s*", "", it).strip()
        out.append("- " + _keep_end(text, ";") if not text.endswith(",") else "- " + text)
    out.append("- Lưu: " + _ending(re.sub(r"^\s*(?:-\s*)?Lưu:\s*", "", luu), "."))
    return out


def plan_context(plan: Plan, appendices: list[dict] | None = None, *, bound: bool = False) -> dict:
    """Everything the plan template places, as display strings (``appendices``: those printed in the plan;
    ``bound``: they come from ``appendix_contexts``, hyphens already bound, and are not copied again)."""
    can_cu = [(_ending(c, ";") if i < len(plan.can_cu) - 1 else _ending(c, ".")) for i, c in enumerate(plan.can_cu)]
    ctx = bind_text(
        {
            "chu_quan": "\n".join(s.upper() for s in plan.co_quan_chu_quan),
            "ban_hanh": "\n".join(s.upper() for s in plan.co_quan_ban_hanh.dong),
            "so_ky_hieu": so_ky_hieu(plan.so, plan.ky_hieu),
            "dia_danh_ngay": place_date(plan.dia_danh, plan.ngay),
            "ten_loai": plan.loai_van_ban,
            "trich_yeu": title_lines(plan.trich_yeu),
            "can_cu": can_cu,
            "than": body_items(plan),
            "noi_nhan": recipients(plan.noi_nhan, plan.luu),
            "chuc_danh": [s.upper() for s in plan.nguoi_ky.chuc_danh],
            "nguoi_ky": plan.nguoi_ky.ho_ten,
            "phu_luc": [] if bound else appendices or [],
        }
    )
    if bound:
        ctx["phu_luc"] = list(appendices or [])
    return ctx
