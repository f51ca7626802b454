"""What changed between two versions of a plan spec: on the terminal, and as the "bảng so sánh" (.docx)."""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .. import api
from ..fileio import write_atomic
from ..kinds import expect_kind
from ..model.budget import budget_sheet, grand_total, year_totals
from ..model.derive import body_task_groups
from ..model.plan import Plan, Task, TaskAppendix, TaskBullets, block_texts, iter_blocks
from ..render.appendix_context import LANDSCAPE_WIDTH_MM
from ..render.docx import CoreProps, render_docx
from ..render.inline import plain, run
from ..vi.dates import timestamp
from ..vi.numbering import roman
from ..vi.timeline import period_words
from ..vi.words import format_number


@dataclass(frozen=True)
class Change:
    """One change: its kind, the old and new text, and a note (what changed, where)."""

    nhom: str  # "nhiem_vu" | "kinh_phi" | "noi_dung" | "thong_tin"
    loai: str  # "them" | "bo" | "sua" | "chuyen" | ...
    cu: str
    moi: str
    ghi_chu: str


def _plain(s: str | None) -> str:
    """The text as the reader sees it, without its bold/italic marks (``inline.plain``)."""
    return plain(s or "").strip()


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", _plain(s)).rstrip(".;").lower()


#: below this many (old × new) unmatched pairs every pair is compared; above it, candidates come from an index
_ALL_PAIRS = 2_500
#: candidates kept per item (each way) when the index is used
_CANDIDATES = 8
_WORD = re.compile(r"\w+")


def _candidates(a_texts: list[str], b_texts: list[str]) -> set[tuple[int, int]]:
    """Pairs (i, j) worth comparing: for each text, the texts of the other side sharing its rarest words.

    An inverted index from word to the texts holding it; a word held by more than ``limit`` texts of the other
    side says nothing about which is which and is skipped (unless a text has no other word). Each text keeps the
    ``_CANDIDATES`` texts of the other side with the largest weight of shared words (weight 1/frequency), both
    ways, so the cost grows with the number of texts, not with its square.
    """
    out: set[tuple[int, int]] = set()
    for src, dst, flip in ((a_texts, b_texts, False), (b_texts, a_texts, True)):
        index: dict[str, list[int]] = {}
        for j, t in enumerate(dst):
            for w in set(_WORD.findall(t)):
                index.setdefault(w, []).append(j)
        limit = max(_CANDIDATES * 4, int(len(dst) ** 0.5))
        for i, t in enumerate(src):
            words = [w for w in set(_WORD.findall(t)) if w in index]
            rare = [w for w in words if len(index[w]) <= limit] or sorted(words, key=lambda w: len(index[w]))[:1]
            score: dict[int, float] = {}
            for w in rare:
                postings = index[w]
                weight = 1.0 / len(postings)
                for j in postings[: limit * 4]:
                    score[j] = score.get(j, 0.0) + weight
            best = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:_CANDIDATES]
            out.update(((j, i) if flip else (i, j)) for j, _ in best)
    return out


def _pair(old: list, new: list, text) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Match items of two lists by text: exact first, then the most alike (≥ 60 %) among the rest.

    The rest are compared pair by pair when there are few; otherwise only the candidates ``_candidates``
    finds are (near-linear: two 1 000-task plans with every task reworded no longer compare a million pairs).
    """
    pairs: list[tuple[int, int]] = []
    used_new: set[int] = set()
    by_text: dict[str, list[int]] = {}
    new_norm = [_norm(text(b)) for b in new]
    old_norm = [_norm(text(a)) for a in old]
    for j, key in enumerate(new_norm):
        by_text.setdefault(key, []).append(j)
    rest_old = []
    for i, key in enumerate(old_norm):
        js = [j for j in by_text.get(key, []) if j not in used_new]
        if js:
            pairs.append((i, js[0]))
            used_new.add(js[0])
        else:
            rest_old.append(i)
    rest_new = [j for j in range(len(new)) if j not in used_new]
    if len(rest_old) * len(rest_new) <= _ALL_PAIRS:
        to_compare = [(i, j) for i in rest_old for j in rest_new]
    else:
        found = _candidates([old_norm[i] for i in rest_old], [new_norm[j] for j in rest_new])
        to_compare = sorted((rest_old[a], rest_new[b]) for a, b in found)
    candidates = []
    for i, j in to_compare:
        sm = difflib.SequenceMatcher(None, old_norm[i], new_norm[j])
        if sm.quick_ratio() >= 0.6:
            r = sm.ratio()
            if r >= 0.6:
                candidates.append((r, i, j))
    taken_i, taken_j = set(), set()
    for _ratio, i, j in sorted(candidates, reverse=True):
        if i not in taken_i and j not in taken_j:
            pairs.append((i, j))
            taken_i.add(i)
            taken_j.add(j)
    removed = [i for i in rest_old if i not in taken_i]
    added = [j for j in rest_new if j not in taken_j]
    return sorted(pairs), removed, added


def excerpt(text: str, limit: int = 160) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…" when something was cut."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut and not text[limit].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–") + "…"


def period_label(start: int, end: int) -> str:
    """A plan's period as a clerk writes it: "năm 2027" for one year, "giai đoạn 2026-2030" for several."""
    return period_words((start, end))


def _task_fields(plan: Plan) -> dict[str, str]:
    """Task id → the normalised title of the field (heading, or appendix group) it belongs to."""
    out: dict[str, str] = {}
    for g in body_task_groups(plan.phan):
        for t in g.tasks:
            if t.id:
                out.setdefault(t.id, g.ten)
    for app in plan.phu_luc:
        if isinstance(app, TaskAppendix):
            for ag in app.groups:
                for t in ag.tasks:
                    if t.id:
                        out.setdefault(t.id, ag.ten)
    return out


def _word_diff(a: str, b: str) -> str:
    """A short note of what words changed: "bỏ: …; thêm: …"."""
    wa, wb = _plain(a).split(), _plain(b).split()
    sm = difflib.SequenceMatcher(None, wa, wb)
    gone, came = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            gone.append(" ".join(wa[i1:i2]))
        if op in ("insert", "replace"):
            came.append(" ".join(wb[j1:j2]))
    parts = []
    if gone:
        parts.append('bỏ "' + excerpt(" … ".join(gone), 120) + '"')
    if came:
        parts.append('thêm "' + excerpt(" … ".join(came), 120) + '"')
    return "; ".join(parts)


def _paragraphs(plan: Plan) -> list[str]:
    """The body's text that is not a task, in order (part titles included)."""
    out: list[str] = [t for b in iter_blocks(plan.mo_dau) for t in block_texts(b) if not isinstance(b, TaskBullets)]
    for part in plan.phan:
        out.append(part.tieu_de)
        out += [t for b in iter_blocks(part.noi_dung) for t in block_texts(b) if not isinstance(b, TaskBullets)]
    if plan.ket_thuc:
        out.append(plan.ket_thuc)
    return out


def _kept_in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The largest set of matched pairs whose order is the same in both versions (longest increasing run)."""

    seq = sorted(pairs)
    tails: list[int] = []
    tails_at: list[int] = []
    prev = [-1] * len(seq)
    for k, (_, j) in enumerate(seq):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_at.append(k)
        else:
            tails[pos] = j
            tails_at[pos] = k
        prev[k] = tails_at[pos - 1] if pos else -1
    keep = set()
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        keep.add(seq[k])
        k = prev[k]
    return keep


def _where(t: Task) -> str:
    return f"nhiệm vụ {t.number.rstrip('.') or t.id}"


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    changes: list[Change] = []
    one_year = old.giai_doan[0] == old.giai_doan[1] or new.giai_doan[0] == new.giai_doan[1]
    for label, a, b in (
        ("Trích yếu", old.trich_yeu, new.trich_yeu),
        ("Số", old.so, new.so),
        (
            "Thời gian thực hiện kế hoạch" if one_year else "Giai đoạn",
            period_label(*old.giai_doan),
            period_label(*new.giai_doan),
        ),
        (
            "Người ký",
            " / ".join(old.nguoi_ky.chuc_danh) + " " + old.nguoi_ky.ho_ten,
            " / ".join(new.nguoi_ky.chuc_danh) + " " + new.nguoi_ky.ho_ten,
        ),
    ):
        if _norm(a) != _norm(b):
            changes.append(Change("thong_tin", "sua", str(a or ""), str(b or ""), f"{label} thay đổi"))

    # tasks
    pairs, removed, added = _pair(list(old.tasks), list(new.tasks), lambda t: t.ten)
    for i in removed:
        t = old.tasks[i]
        changes.append(Change("nhiem_vu", "bo", _plain(t.ten), "", f"Bỏ {_where(t)}"))
    for j in added:
        t = new.tasks[j]
        changes.append(
            Change(
                "nhiem_vu",
                "them",
                "",
                _plain(t.ten),
                f"Thêm {_where(t)}" + (f" (chủ trì: {t.chu_tri})" if t.chu_tri else ""),
            )
        )
    # a task moved between fields: its field is another one that exists in both versions (a field renamed as a
    # whole moves nothing); within a field, a task moved when it left the longest run kept in order
    fa, fb = _task_fields(old), _task_fields(new)
    fields_a, fields_b = {_norm(f) for f in fa.values()}, {_norm(f) for f in fb.values()}

    def field_move(a: Task, b: Task) -> tuple[str, str] | None:
        ga, gb = fa.get(a.id or ""), fb.get(b.id or "")
        if ga is None or gb is None or _norm(ga) == _norm(gb):
            return None
        if _norm(ga) in fields_b or _norm(gb) in fields_a:
            return ga, gb
        return None

    moved_field = {(i, j): field_move(old.tasks[i], new.tasks[j]) for i, j in pairs}
    in_order = _kept_in_order([p for p in pairs if moved_field[p] is None])
    for i, j in pairs:
        a, b = old.tasks[i], new.tasks[j]
        notes = []
        if _norm(a.ten) != _norm(b.ten):
            notes.append("sửa nội dung: " + _word_diff(a.ten, b.ten))
        between = moved_field[(i, j)]
        if between is not None:
            notes.append(
                f'chuyển từ {_where(a)} (lĩnh vực "{_plain(between[0])}") sang {_where(b)} '
                f'(lĩnh vực "{_plain(between[1])}")'
            )
        # a number that changed only because tasks were added or removed before it is no move, nor is a
        # task that is out of the kept run but has the same place (number) in both versions
        elif (i, j) not in in_order and _where(a) != _where(b):
            notes.append(f"chuyển từ {_where(a)} sang {_where(b)}")
        for field, label in (
            ("chu_tri", "cơ quan chủ trì"),
            ("phoi_hop", "cơ quan phối hợp"),
            ("thoi_gian", "thời gian"),
            ("ket_qua", "kết quả"),
            ("linh_vuc", "lĩnh vực"),
        ):
            if field == "linh_vuc" and between is not None:
                continue  # the move says it
            va, vb = getattr(a, field), getattr(b, field)
            if _norm(va) != _norm(vb):
                notes.append(f'{label}: "{_plain(va) or "(trống)"}" → "{_plain(vb) or "(trống)"}"')
        if list(a.thoi_gian_chi_tiet) != list(b.thoi_gian_chi_tiet):
            notes.append("lịch thực hiện từng năm thay đổi")
        if notes:
            kind = "chuyen" if notes and all(n.startswith("chuyển") for n in notes) else "sua"
            changes.append(
                Change("nhiem_vu", kind, _plain(a.ten), _plain(b.ten), f"{_where(b).capitalize()}: " + "; ".join(notes))
            )

    # budget
    sa, sb = budget_sheet(old), budget_sheet(new)
    if sa or sb:
        la = [(g, l) for g in (sa.groups if sa else ()) for l in g.lines]
        lb = [(g, l) for g in (sb.groups if sb else ()) for l in g.lines]
        bp, brem, badd = _pair(la, lb, lambda gl: gl[1].noi_dung)
        unit = (sb or sa).don_vi
        groups_a = {_norm(g.ten) for g, _ in la}
        groups_b = {_norm(g.ten) for g, _ in lb}

        def group_move(i: int, j: int) -> bool:
            ga, gb = la[i][0], lb[j][0]
            return _norm(ga.ten) != _norm(gb.ten) and (_norm(ga.ten) in groups_b or _norm(gb.ten) in groups_a)

        line_moves = {(i, j): group_move(i, j) for i, j in bp}
        lines_in_order = _kept_in_order([p for p in bp if not line_moves[p]])
        for i in brem:
            g, l = la[i]
            changes.append(
                Change(
                    "kinh_phi", "bo", f"{_plain(l.noi_dung)}: {_amounts(l)}", "", f"Bỏ dòng kinh phí (nhóm {g.number})"
                )
            )
        for j in badd:
            g, l = lb[j]
            changes.append(
                Change(
                    "kinh_phi",
                    "them",
                    "",
                    f"{_plain(l.noi_dung)}: {_amounts(l)}",
                    f"Thêm dòng kinh phí (nhóm {g.number})",
                )
            )
        for i, j in bp:
            a, b = la[i][1], lb[j][1]
            notes = []
            if line_moves[(i, j)]:
                notes.append(
                    f'chuyển từ nhóm {la[i][0].number} ("{excerpt(_plain(la[i][0].ten), 60)}") sang nhóm '
                    f'{lb[j][0].number} ("{excerpt(_plain(lb[j][0].ten), 60)}")'
                )
            elif (i, j) not in lines_in_order and _line_where(la, i) != _line_where(lb, j):
                notes.append(f"chuyển từ {_line_where(la, i)} sang {_line_where(lb, j)}")
            years = sorted({y for y, _ in a.so_tien} | {y for y, _ in b.so_tien})
            for y in years:
                if a.amount(y) != b.amount(y):
                    notes.append(f"năm {y}: {format_number(a.amount(y))} → {format_number(b.amount(y))}")
            if _norm(a.noi_dung) != _norm(b.noi_dung):
                notes.insert(0, "sửa nội dung: " + _word_diff(a.noi_dung, b.noi_dung))
            for field, label in (("chu_tri", "chủ trì"), ("phoi_hop", "phối hợp"), ("thoi_gian", "thời gian")):
                if _norm(getattr(a, field)) != _norm(getattr(b, field)):
                    notes.append(f'{label}: "{_plain(getattr(a, field))}" → "{_plain(getattr(b, field))}"')
            if notes:
                kind = "chuyen" if all(n.startswith("chuyển") for n in notes) else "sua"
                changes.append(
                    Change(
                        "kinh_phi",
                        kind,
                        f"{_plain(a.noi_dung)}: {_amounts(a)}",
                        f"{_plain(b.noi_dung)}: {_amounts(b)}",
                        "; ".join(notes),
                    )
                )
        ta = grand_total(sa) if sa else 0
        tb = grand_total(sb) if sb else 0
        ya = year_totals(sa) if sa else {}
        yb = year_totals(sb) if sb else {}
        if ta != tb or ya != yb:
            per_year = "; ".join(
                f"năm {y}: {format_number(ya.get(y, 0))} → {format_number(yb.get(y, 0))}"
                for y in sorted(set(ya) | set(yb))
                if ya.get(y, 0) != yb.get(y, 0)
            )
            unit_text = "đồng" if unit == 1 else f"{format_number(unit)} đồng"
            changes.append(
                Change(
                    "kinh_phi",
                    "tong",
                    f"Tổng cộng: {format_number(ta)} ({unit_text})",
                    f"Tổng cộng: {format_number(tb)} ({unit_text})",
                    f"Tổng kinh phí thay đổi {format_number(tb - ta) if tb >= ta else '-' + format_number(ta - tb)}"
                    + (f"; {per_year}" if per_year else ""),
                )
            )

    # other text of the body
    pa, pb = _paragraphs(old), _paragraphs(new)
    sm = difflib.SequenceMatcher(None, [_norm(x) for x in pa], [_norm(x) for x in pb], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        olds, news = pa[i1:i2], pb[j1:j2]
        pairs2, rem2, add2 = _pair(olds, news, lambda s: s)
        for i, j in pairs2:
            changes.append(
                Change(
                    "noi_dung", "sua", _plain(olds[i]), _plain(news[j]), "Sửa câu chữ: " + _word_diff(olds[i], news[j])
                )
            )
        for i in rem2:
            changes.append(Change("noi_dung", "bo", _plain(olds[i]), "", "Bỏ đoạn"))
        for j in add2:
            changes.append(Change("noi_dung", "them", "", _plain(news[j]), "Thêm đoạn"))
    return changes


def _line_where(lines: list, k: int) -> str:
    """ "dòng 2 nhóm I": the place of a budget line (its rank within its group)."""
    group = lines[k][0]
    rank = 1 + sum(1 for g, _ in lines[:k] if g is group)
    return f"dòng {rank} nhóm {group.number}"


def _amounts(line) -> str:
    return ", ".join(f"{y}: {format_number(a)}" for y, a in line.so_tien if a) or "không có số liệu"


GROUP_TITLES = {
    "thong_tin": "THÔNG TIN CHUNG",
    "nhiem_vu": "NHIỆM VỤ",
    "kinh_phi": "KINH PHÍ",
    "noi_dung": "NỘI DUNG KHÁC",
}


def diff_context(changes: list[Change], old_name: str, new_name: str, new_plan: Plan) -> dict:

    rows = []
    k = 0
    gi = 0
    for group, title in GROUP_TITLES.items():
        items = [c for c in changes if c.nhom == group]
        if not items:
            continue
        gi += 1
        rows.append({"nhom": True, "stt": roman(gi), "ten": {"runs": [run(title, bold=True)]}, "so_cot": 3})
        for c in items:
            k += 1
            rows.append(
                {
                    "nhom": False,
                    "stt": str(k),
                    "o": [{"runs": [run(c.cu)]}, {"runs": [run(c.moi)]}, {"runs": [run(c.ghi_chu)]}],
                }
            )
    widths = [12.0] + [round((LANDSCAPE_WIDTH_MM - 12) * w / 10, 1) for w in (3.8, 3.8, 2.4)]
    return {
        "tieu_de": "BẢNG SO SÁNH",
        "ten": f"NỘI DUNG SỬA ĐỔI CỦA DỰ THẢO {new_plan.loai_van_ban} {new_plan.trich_yeu.upper()}",
        "kem_theo": f"(Dự thảo {new_name} so với dự thảo {old_name})",
        "tep_rieng": True,
        "loai": "nhiem_vu",
        "cot": ["Nội dung dự thảo trước", "Nội dung dự thảo sau", "Ghi chú"],
        "dong": rows,
        "do_rong": widths,
    }


def diff_specs(old_spec: Path, new_spec: Path) -> tuple[list[Change], Plan, Plan]:
    old, new = api.check(old_spec), api.check(new_spec)
    for spec, c in ((old_spec, old), (new_spec, new)):
        expect_kind(c.kind, "ke_hoach", str(spec), "so sánh hiện chỉ áp dụng cho kế hoạch")
    return diff_plans(old.model, new.model), old.model, new.model


def write_diff_docx(changes: list[Change], old_spec: Path, new_spec: Path, new_plan: Plan, out: Path) -> Path:

    ctx = diff_context(changes, Path(old_spec).name, Path(new_spec).name, new_plan)
    core = CoreProps(
        title=f"Bảng so sánh: {new_plan.trich_yeu}",
        subject="BẢNG SO SÁNH",
        author=new_plan.co_quan_ban_hanh.ten,
        created=timestamp(new_plan.ngay),
        keywords="BẢNG SO SÁNH",
    )
    data = render_docx(api.TEMPLATES_DIR / "phu-luc.docx", {"phu_luc": [ctx]}, core, {"table_widths": [ctx["do_rong"]]})
    write_atomic(out, data)
    return out
