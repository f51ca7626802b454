"""The plan editor of the web app: a plan's spec — read for editing, comments and key order kept — seen as a form
(header fields, the tasks by field, the budget lines), and the form written back into the spec.

The form is flat (``name → value``), as a browser sends it:

- header fields by their spec key: ``trich_yeu``, ``giai_doan.tu``, ``nguoi_ky.chuc_danh`` (lines) …;
- the fields (lĩnh vực) and their tasks: ``lv-<i>-ten``, ``lv-<i>-src`` (where the field was in the spec, empty for a
  new one), ``nv-<i>-<j>-<key>`` for task ``j`` of field ``i`` and ``nv-<i>-<j>-src`` (where the task was);
- the budget sheet: ``kp-ten``, ``kp-don_vi``, groups ``kp-<i>-ten`` / ``kp-<i>-src`` and lines ``dg-<i>-<j>-<key>``
  with one ``dg-<i>-<j>-y<năm>`` per year of the plan.

Only what the form changed is written: a value equal to what the spec shows is left as it is in the file, with its
comment and its way of writing (``ngay: {thang: 4, nam: 2026}`` stays a flow mapping). Tasks and lines carry the
keys the form does not show (``hien_thi``, ``ghi_chu`` …) wherever they are moved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..spec.loader import KeyInt, dotted
from ..spec.writer import NotEditable, YamlMap, YamlSeq, dump_as_written, load_for_edit
from ..vi.money import unit_name
from ..vi.timeline import TimelineProblem, parse_timeline
from ..vi.words import amount_in_words, format_number

#: header fields: (form name = dotted spec key, label, widget)
HEADER: tuple[tuple[str, str, str], ...] = (
    ("co_quan_ban_hanh.ten", "Cơ quan ban hành", "text"),
    ("so", "Số (để trống khi là dự thảo)", "text"),
    ("ky_hieu", "Ký hiệu", "text"),
    ("dia_danh", "Địa danh", "text"),
    ("ngay", "Ngày (15/01/2027; dự thảo: 1/2027)", "text"),
    ("trich_yeu", "Trích yếu", "textarea"),
    ("giai_doan.tu", "Giai đoạn: từ năm", "text"),
    ("giai_doan.den", "đến năm", "text"),
    ("nguoi_ky.chuc_danh", "Quyền hạn, chức vụ người ký (mỗi dòng một dòng)", "lines"),
    ("nguoi_ky.ho_ten", "Họ tên người ký", "text"),
    ("noi_nhan", "Nơi nhận (mỗi dòng một nơi)", "lines"),
    ("luu", "Lưu", "text"),
)
#: the task columns of the table: (key, header)
TASK_KEYS: tuple[tuple[str, str], ...] = (
    ("ten", "Nhiệm vụ"),
    ("chu_tri", "Cơ quan chủ trì"),
    ("phoi_hop", "Cơ quan phối hợp"),
    ("thoi_gian", "Thời gian"),
    ("ket_qua", "Kết quả"),
    ("id", "Mã"),
)
AGENCY_KEYS = ("chu_tri", "phoi_hop")
#: the budget line columns before the years
LINE_KEYS: tuple[tuple[str, str], ...] = (
    ("noi_dung", "Nội dung"),
    ("nhiem_vu", "Mã nhiệm vụ"),
    ("chu_tri", "Chủ trì"),
)
#: the units a budget sheet may count in (its ``don_vi``), as the unit list shows them
UNITS = {str(u): unit_name(u) for u in (1, 1000, 1_000_000)}


# ------------------------------------------------------------------------------------------ reading the spec


def read(text: str) -> Any:
    """A plan's text, to edit (comments, key order and quotes kept); raises NotEditable for broken YAML or a
    file that is not a mapping of keys."""
    doc = load_for_edit(text, as_written=True)
    if doc is None:
        return YamlMap()
    if not isinstance(doc, dict):
        raise NotEditable("đặc tả phải là một bảng khóa: giá trị")
    return doc


def write(doc: Any, original: str) -> str:
    """``doc`` as text again, in the way ``original`` was written (empty values as ``null`` or as nothing)."""
    return dump_as_written(doc, null="null" if re.search(r":\s+null\b", original) or not original else "")


def _get(doc: Any, dotted_key: str) -> Any:
    node = doc
    for part in dotted_key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _show(value: Any, widget: str = "text") -> str:
    """A spec value as the form shows it."""
    if value is None:
        return ""
    if widget == "lines":
        items = value if isinstance(value, list) else [value]
        return "\n".join(str(x) for x in items)
    if isinstance(value, dict) and "nam" in value:  # ngay: {ngay, thang, nam}
        parts = [value.get("ngay"), value.get("thang"), value.get("nam")]
        return "/".join(str(p) for p in parts if p is not None)
    if hasattr(value, "strftime"):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


@dataclass
class TaskSource:
    """Where a plan keeps the tasks the table edits: the list of headings (``muc``, at any depth of a part) — and
    task tables standing among them — that hold the most tasks, or the groups (``nhom``) of a task appendix."""

    where: str  # "phan" or "phu_luc"
    index: int  # the part's (appendix's) place in its list
    title: str = ""
    path: tuple[Any, ...] = ()  # from the spec's root to the list of fields ("phan", 3, "noi_dung", 1, "noi_dung")

    def fields_list(self, doc: Any) -> Any:
        node = doc
        for key in self.path:
            node = node[key]
        return node

    def holder(self, doc: Any) -> Any:
        node = doc
        for key in self.path[:-1]:
            node = node[key]
        return node


@dataclass
class Field:
    """One field (lĩnh vực) of the source: a heading (``muc``) whose tasks are task blocks or the rows of its task
    table, a task table standing in the part (``bang``: no heading of its own), or an appendix group."""

    place: int  # its place in the part's blocks (the appendix's groups)
    block: Any  # the heading's mapping, the table block, the group
    mode: str  # "khoi": nhiem_vu blocks; "bang": a bang_nhiem_vu's rows; "nhom": an appendix group's tasks
    tasks: list[tuple[int, Any]]  # (place in its list, the task mapping)
    table: Any = None  # the bang_nhiem_vu mapping holding the rows (mode "bang")
    table_place: int | None = None  # its place among the heading's blocks (None: the table stands in the part)
    listed: tuple[str, ...] = ()  # tasks written as "viec" lines under the heading: shown, edited in YAML

    @property
    def name(self) -> str:
        if self.mode == "nhom":
            return str(self.block.get("ten") or "")
        if isinstance(self.block, dict) and "muc" in self.block:
            return str(self.block.get("muc") or "")
        return ""

    @property
    def named(self) -> bool:
        """False for a task table standing in the part: it has no title to edit."""
        return self.mode == "nhom" or "muc" in self.block


def _is_task(block: Any) -> bool:
    return isinstance(block, dict) and "nhiem_vu" in block and isinstance(block["nhiem_vu"], dict)


def _is_table(block: Any) -> bool:
    return isinstance(block, dict) and isinstance(block.get("bang_nhiem_vu"), dict)


def _holds_tasks(block: Any) -> bool:
    if _is_table(block):
        return True
    if not (isinstance(block, dict) and "muc" in block):
        return False
    return any(
        _is_task(x) or _is_table(x) or (isinstance(x, dict) and "viec" in x) for x in block.get("noi_dung") or []
    )


def task_source(doc: Any) -> TaskSource | None:
    """The list of headings (or tables) holding the most tasks, in any part of the body and at any depth up to three
    headings (the first such list on a tie), else a task appendix with its own groups, else — a plan with no task
    yet — the part named for tasks ("NHIỆM VỤ …"); None when there is none."""
    parts = [p if isinstance(p, dict) else {} for p in doc.get("phan") or []]
    found: list[tuple[int, tuple[Any, ...], int, str]] = []

    def scan(blocks: Any, path: tuple[Any, ...], p: int, title: str, depth: int) -> None:
        if not isinstance(blocks, list):
            return
        found.append((sum(1 for b in blocks if _holds_tasks(b)), path, p, title))
        if depth < 3:
            for g, b in enumerate(blocks):
                if isinstance(b, dict) and "muc" in b:
                    scan(b.get("noi_dung"), (*path, g, "noi_dung"), p, str(b.get("muc", "")), depth + 1)

    for p, part in enumerate(parts):
        scan(part.get("noi_dung"), ("phan", p, "noi_dung"), p, str(part.get("tieu_de", "")), 0)
    best = max(found, key=lambda f: f[0], default=None)
    if best is not None and best[0]:
        return TaskSource("phan", best[2], best[3], best[1])
    for a, app in enumerate(doc.get("phu_luc") or []):
        if isinstance(app, dict) and app.get("loai") == "nhiem_vu" and app.get("nhom") and not app.get("tu_noi_dung"):
            return TaskSource("phu_luc", a, str(app.get("ten", "")), ("phu_luc", a, "nhom"))
    for p, part in enumerate(parts):
        title = str(part.get("tieu_de", "")).upper()
        if ("NHIỆM VỤ" in title or "NỘI DUNG" in title) and isinstance(part.get("noi_dung"), list):
            return TaskSource("phan", p, str(part.get("tieu_de", "")), ("phan", p, "noi_dung"))
    return None


def fields_of(doc: Any, src: TaskSource) -> list[Field]:
    out = []
    if src.where == "phu_luc":
        for g, grp in enumerate(src.fields_list(doc) or []):
            if isinstance(grp, dict):
                tasks = [(k, t) for k, t in enumerate(grp.get("nhiem_vu") or []) if isinstance(t, dict)]
                out.append(Field(g, grp, "nhom", tasks))
        return out
    for g, blk in enumerate(src.fields_list(doc) or []):
        if _is_table(blk):
            rows = blk["bang_nhiem_vu"].get("nhiem_vu") or []
            out.append(
                Field(g, blk, "bang", [(k, t) for k, t in enumerate(rows) if isinstance(t, dict)], blk["bang_nhiem_vu"])
            )
        elif isinstance(blk, dict) and "muc" in blk:
            inner = blk.get("noi_dung") or []
            listed = tuple(str(v) for x in inner if isinstance(x, dict) and "viec" in x for v in x.get("viec") or [])
            table_at = next((n for n, x in enumerate(inner) if _is_table(x)), None)
            if table_at is not None:
                table = inner[table_at]["bang_nhiem_vu"]
                rows = table.get("nhiem_vu") or []
                tasks = [(k, t) for k, t in enumerate(rows) if isinstance(t, dict)]
                out.append(Field(g, blk, "bang", tasks, table, table_at, listed))
            else:
                tasks = [(k, x["nhiem_vu"]) for k, x in enumerate(inner) if _is_task(x)]
                out.append(Field(g, blk, "khoi", tasks, listed=listed))
    return out


def budget_index(doc: Any) -> int | None:
    for a, app in enumerate(doc.get("phu_luc") or []):
        if isinstance(app, dict) and app.get("loai") == "kinh_phi":
            return a
    return None


def budget_title(years: list[int]) -> str:
    """The title a new budget sheet gets: "BIỂU KHÁI TOÁN KINH PHÍ … GIAI ĐOẠN 2027-2029" ("… NĂM 2027")."""
    if len(years) > 1:
        return f"BIỂU KHÁI TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH GIAI ĐOẠN {years[0]}-{years[-1]}"
    return f"BIỂU DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH NĂM {years[0]}" if years else "BIỂU KHÁI TOÁN KINH PHÍ"


def plan_years(doc: Any) -> list[int]:
    gd = doc.get("giai_doan") or {}
    try:
        start, end = int(gd.get("tu")), int(gd.get("den"))
    except (TypeError, ValueError):
        return []
    return list(range(start, end + 1)) if 0 <= end - start <= 10 else []


#: the texts of a block the section editor shows: (key in the block, label, widget)
BLOCK_TEXTS: dict[str, tuple[str, str]] = {
    "doan": ("Đoạn văn", "textarea"),
    "muc": ("Mục", "text"),
    "van_ban": ("Nội dung của mục", "textarea"),
    "diem": ("Điểm", "textarea"),
    "gach": ("Các ý gạch đầu dòng (mỗi dòng một ý)", "lines"),
    "doan_kinh_phi": ("Đoạn nêu kinh phí ({tong_dong}, {tong_bang_chu} lấy từ biểu kinh phí)", "textarea"),
}
#: blocks the section editor names but leaves to the task table or to YAML
OTHER_BLOCKS = {
    "nhiem_vu": "nhiệm vụ (sửa ở bảng nhiệm vụ)",
    "viec": "các việc gạch đầu dòng (sửa ở trang YAML)",
    "bang_nhiem_vu": "bảng nhiệm vụ (sửa ở bảng nhiệm vụ)",
}
#: headings nested deeper than this are shown, their content left to YAML
SECTION_DEPTH = 3


@dataclass
class SectionLine:
    """One block of a part as the section editor shows it: its texts (form names), or what it is."""

    depth: int
    names: list[tuple[str, str, str]]  # (form name, label, widget)
    note: str = ""


def sections_of(doc: Any) -> list[tuple[int, str, list[SectionLine]]]:
    """Every part of the body: (its place, its title's form name, its blocks), the texts of paragraphs, headings,
    points and bullet lists editable; the list the task table edits is left out (its tasks are edited there)."""
    src = task_source(doc)
    skip = tuple(src.path) if src is not None and src.where == "phan" else None
    out = []
    for p, part in enumerate(doc.get("phan") or []):
        if not isinstance(part, dict):
            continue
        lines: list[SectionLine] = []
        _walk(part.get("noi_dung"), ("phan", p, "noi_dung"), 0, skip, lines)
        out.append((p, f"ph-{p}-tieu_de", lines))
    return out


def _section_name(path: tuple[Any, ...], key: str) -> str:
    """``kh-1-0.2-muc``: part 1, block 2 of block 0's list, its key ``muc``."""
    steps = [str(x) for x in path[3:] if isinstance(x, int)]
    return f"kh-{path[1]}-{'.'.join(steps)}-{key}"


def _walk(blocks: Any, path: tuple[Any, ...], depth: int, skip: tuple[Any, ...] | None, out: list[SectionLine]) -> None:
    if not isinstance(blocks, list):
        return
    if skip is not None and path == skip:
        out.append(SectionLine(depth, [], "các lĩnh vực và nhiệm vụ: xem bảng nhiệm vụ bên dưới"))
        return
    for i, b in enumerate(blocks):
        here = (*path, i)
        if isinstance(b, str):
            out.append(SectionLine(depth, [(_section_name(here, "doan"), "Đoạn văn", "textarea")]))
            continue
        if not isinstance(b, dict):
            continue
        names = [(_section_name(here, k), label, widget) for k, (label, widget) in BLOCK_TEXTS.items() if k in b]
        note = next((text for k, text in OTHER_BLOCKS.items() if k in b), "")
        if names or note:
            out.append(SectionLine(depth, names, note))
        elif b:
            out.append(SectionLine(depth, [], f"khối {', '.join(map(str, b))} (sửa ở trang YAML)"))
        if "muc" in b and "noi_dung" in b:
            if depth + 1 < SECTION_DEPTH:
                _walk(b["noi_dung"], (*here, "noi_dung"), depth + 1, skip, out)
            else:
                out.append(SectionLine(depth + 1, [], "nội dung của mục (sửa ở trang YAML)"))


def _block_at(doc: Any, name: str) -> tuple[Any, Any, str] | None:
    """(the list holding the block, its index, the key) a section field names; None when it is not there."""
    m = re.fullmatch(r"kh-(\d+)-([\d.]+)-(\w+)", name)
    if m is None:
        return None
    parts = doc.get("phan") or []
    p = int(m[1])
    if p >= len(parts) or not isinstance(parts[p], dict):
        return None
    blocks = parts[p].get("noi_dung")
    steps = [int(x) for x in m[2].split(".")]
    for step in steps[:-1]:
        if not isinstance(blocks, list) or step >= len(blocks) or not isinstance(blocks[step], dict):
            return None
        blocks = blocks[step].get("noi_dung")
    if not isinstance(blocks, list) or steps[-1] >= len(blocks):
        return None
    return blocks, steps[-1], m[3]


def _section_path(name: str) -> tuple[Any, ...]:
    m = re.fullmatch(r"kh-(\d+)-([\d.]+)-(\w+)", name)
    assert m is not None
    path: list[Any] = ["phan", int(m[1]), "noi_dung"]
    steps = [int(x) for x in m[2].split(".")]
    for k, step in enumerate(steps):
        path.append(step)
        if k < len(steps) - 1:
            path.append("noi_dung")
    return (*path, m[3])


def form_of(doc: Any) -> dict[str, str]:
    """The form a plan's spec shows (every value as text)."""
    form: dict[str, str] = {}
    for name, _label, widget in HEADER:
        form[name] = _show(_get(doc, name), widget)
    for p, title, lines in sections_of(doc):
        form[title] = _show(doc["phan"][p].get("tieu_de"))
        for line in lines:
            for name, _label, widget in line.names:
                found = _block_at(doc, name)
                if found is None:
                    continue
                blocks, i, key = found
                value = blocks[i] if isinstance(blocks[i], str) else blocks[i].get(key)
                form[name] = _show(value, widget)
    src = task_source(doc)
    if src is not None:
        for i, fld in enumerate(fields_of(doc, src)):
            form[f"lv-{i}-ten"] = fld.name
            form[f"lv-{i}-src"] = str(fld.place)
            for j, (k, task) in enumerate(fld.tasks):
                form[f"nv-{i}-{j}-src"] = f"{fld.place}.{k}"
                for key, _ in TASK_KEYS:
                    form[f"nv-{i}-{j}-{key}"] = _show(task.get(key))
    a = budget_index(doc)
    if a is not None:
        sheet = doc["phu_luc"][a]
        form["kp-ten"] = _show(sheet.get("ten"))
        form["kp-don_vi"] = str(sheet.get("don_vi", 1000))
        years = plan_years(doc)
        for i, grp in enumerate(sheet.get("nhom") or []):
            form[f"kp-{i}-ten"] = _show(grp.get("ten"))
            form[f"kp-{i}-src"] = str(i)
            for j, line in enumerate(grp.get("dong") or []):
                form[f"dg-{i}-{j}-src"] = f"{i}.{j}"
                for key, _ in LINE_KEYS:
                    form[f"dg-{i}-{j}-{key}"] = _show(line.get(key))
                amounts = line.get("so_tien") or {}
                for y in years:
                    v = amounts.get(y, amounts.get(str(y))) if isinstance(amounts, dict) else None
                    form[f"dg-{i}-{j}-y{y}"] = _show(v)
    return form


# ------------------------------------------------------------------------------------------ the form as rows


@dataclass
class Row:
    src: str
    values: dict[str, str]


@dataclass
class Group:
    name: str
    src: str
    rows: list[Row] = field(default_factory=list)


def _indexed(form: dict[str, str], prefix: str) -> dict[tuple[int, ...], dict[str, str]]:
    """``prefix-1-2-key`` entries grouped by their indexes: {(1, 2): {key: value}}."""
    pat = re.compile(rf"^{prefix}-(\d+(?:-\d+)*)-(\w+)$")
    out: dict[tuple[int, ...], dict[str, str]] = {}
    for name, value in form.items():
        m = pat.match(name)
        if m:
            out.setdefault(tuple(int(x) for x in m[1].split("-")), {})[m[2]] = value
    return out


def groups_of(form: dict[str, str], group_prefix: str, row_prefix: str) -> list[Group]:
    heads = _indexed(form, group_prefix)
    rows = _indexed(form, row_prefix)
    groups = []
    for (i,), head in sorted((k, v) for k, v in heads.items() if len(k) == 1):
        g = Group(head.get("ten", ""), head.get("src", ""))
        for (gi, _j), values in sorted((k, v) for k, v in rows.items() if len(k) == 2 and k[0] == i):
            del gi
            g.rows.append(Row(values.pop("src", ""), values))
        groups.append(g)
    return groups


def put_groups(form: dict[str, str], groups: list[Group], group_prefix: str, row_prefix: str) -> dict[str, str]:
    """``form`` with its groups and rows replaced by ``groups`` (numbered again in order)."""
    pat = re.compile(rf"^(?:{group_prefix}|{row_prefix})-\d+")
    out = {k: v for k, v in form.items() if not pat.match(k)}
    for i, g in enumerate(groups):
        out[f"{group_prefix}-{i}-ten"] = g.name
        out[f"{group_prefix}-{i}-src"] = g.src
        for j, r in enumerate(g.rows):
            out[f"{row_prefix}-{i}-{j}-src"] = r.src
            for k, v in r.values.items():
                out[f"{row_prefix}-{i}-{j}-{k}"] = v
    return out


def apply_action(form: dict[str, str], action: str, years: list[int]) -> dict[str, str]:
    """A table action of the editor on the form: ``them-linh-vuc``, ``them-nhiem-vu:i``, ``xoa-nhiem-vu:i:j``,
    ``len:i:j`` / ``xuong:i:j`` (reorder), ``chuyen:i:j:k`` (to field k), ``xoa-linh-vuc:i``, and for the budget
    ``them-nhom-kp``, ``them-dong:i``, ``xoa-dong:i:j``. Unknown actions change nothing."""
    name, *args = action.split(":")
    try:
        n = [int(a) for a in args]
    except ValueError:
        return form
    fields = groups_of(form, "lv", "nv")
    budget = groups_of(form, "kp", "dg")
    empty_task = {key: "" for key, _ in TASK_KEYS}
    empty_line = {key: "" for key, _ in LINE_KEYS} | {f"y{y}": "" for y in years}
    try:
        if name == "them-linh-vuc":
            fields.append(Group(f"Lĩnh vực {len(fields) + 1}", "", [Row("", dict(empty_task))]))
        elif name == "xoa-linh-vuc":
            del fields[n[0]]
        elif name == "them-nhiem-vu":
            fields[n[0]].rows.append(Row("", dict(empty_task)))
        elif name == "xoa-nhiem-vu":
            del fields[n[0]].rows[n[1]]
        elif name in ("len", "xuong"):
            rows = fields[n[0]].rows
            j, k = n[1], n[1] + (-1 if name == "len" else 1)
            if 0 <= k < len(rows):
                rows[j], rows[k] = rows[k], rows[j]
        elif name == "chuyen":
            row = fields[n[0]].rows.pop(n[1])
            fields[n[2]].rows.append(row)
        elif name == "them-nhom-kp":
            if "kp-ten" not in form:  # a new budget sheet: its title and unit, as the sheet will have them
                form = {**form, "kp-ten": budget_title(years), "kp-don_vi": "1000"}
            budget.append(Group(f"Nhóm {len(budget) + 1}", "", [Row("", dict(empty_line))]))
        elif name == "them-dong":
            budget[n[0]].rows.append(Row("", dict(empty_line)))
        elif name == "xoa-dong":
            del budget[n[0]].rows[n[1]]
        else:
            return form
    except IndexError:
        return form
    out = put_groups(form, fields, "lv", "nv")
    return put_groups(out, budget, "kp", "dg")


# ------------------------------------------------------------------------------------------ writing the spec


def _typed(name: str, text: str) -> Any:
    """A header field's text as the spec writes it."""
    text = text.strip()
    if name in ("so", "giai_doan.tu", "giai_doan.den"):
        if not text:
            return None
        return int(text) if text.isdigit() else text
    if name == "ngay":
        m = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{4})", text)
        if m:
            flow = YamlMap([("thang", int(m[1])), ("nam", int(m[2]))])
            flow.fa.set_flow_style()
            return flow
        return text or None
    return text


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.replace("\r", "").split("\n") if ln.strip()]


def _set(doc: Any, dotted_key: str, value: Any) -> None:
    parts = dotted_key.split(".")
    node = doc
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = YamlMap()
        node = node[part]
    if value is None or value == "" or value == []:
        if parts[-1] in node:
            if dotted_key == "so":
                node[parts[-1]] = None  # "so: null" says "a draft" where it was written
            else:
                del node[parts[-1]]
        return
    node[parts[-1]] = value


def _update(target: Any, values: dict[str, str], keys: tuple[tuple[str, str], ...], before: dict[str, str]) -> None:
    """Set every key whose text changed; an emptied optional key is removed (``ten`` stays, empty, and the
    check says it is required)."""
    for key, _ in keys:
        text = values.get(key, "").strip()
        if before.get(key, "") == text and key in target:
            continue
        if text:
            target[key] = text
        elif key == "ten" or key == "noi_dung":
            target[key] = ""
        elif key in target:
            del target[key]


@dataclass
class Placed:
    """Where each form field landed in the spec (dotted spec path → form name): errors go beside their field."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, path: tuple[Any, ...], name: str) -> None:
        self.fields[dotted(path)] = name

    def field_for(self, problem_path: str) -> str | None:
        """The form field of a problem's path: the longest spec path it starts with."""
        best = None
        for path, name in self.fields.items():
            if problem_path == path or problem_path.startswith(path + ".") or problem_path.startswith(path + "["):
                if best is None or len(path) > len(best[0]):
                    best = (path, name)
        return best[1] if best else None


def apply_form(doc: Any, form: dict[str, str]) -> Placed:
    """Write ``form`` into ``doc`` (changed in place); returns where each field went."""
    placed = Placed()
    before = form_of(doc)
    for name, _label, widget in HEADER:
        if name not in form:
            continue
        placed.add(tuple(name.split(".")), name)
        if form[name].strip() == before.get(name, "").strip():
            continue
        value: Any = _lines(form[name]) if widget == "lines" else _typed(name, form[name])
        if widget == "lines":
            seq = YamlSeq(value)
            if name == "nguoi_ky.chuc_danh":
                seq.fa.set_flow_style()
            value = seq if value else None
        _set(doc, name, value)
    _apply_sections(doc, form, before, placed)  # before the task table: its changes never move these blocks
    _apply_tasks(doc, form, before, placed)
    _apply_budget(doc, form, before, placed)
    return placed


def _apply_sections(doc: Any, form: dict[str, str], before: dict[str, str], placed: Placed) -> None:
    """The texts of the parts' titles, paragraphs, headings, points and bullet lists that changed."""
    widgets = {name: widget for _p, _t, lines in sections_of(doc) for line in lines for name, _l, widget in line.names}
    for p, part in enumerate(doc.get("phan") or []):
        name = f"ph-{p}-tieu_de"
        if name in form and isinstance(part, dict):
            placed.add(("phan", p, "tieu_de"), name)
            if form[name].strip() != before.get(name, "").strip():
                part["tieu_de"] = form[name].strip()
    for name, widget in widgets.items():
        if name not in form:
            continue
        placed.add(_section_path(name), name)
        text = form[name].replace("\r", "")
        if text.strip() == before.get(name, "").strip():
            continue
        found = _block_at(doc, name)
        if found is None:
            continue
        blocks, i, key = found
        current = blocks[i] if isinstance(blocks[i], str) else blocks[i].get(key)
        value: Any = _relist(current, _lines(text)) if widget == "lines" else text.strip()
        if isinstance(blocks[i], str):
            blocks[i] = value
        else:
            blocks[i][key] = value


def _relist(old: Any, values: list[str]) -> YamlSeq:
    """``values`` as a list in place of ``old``, keeping its comments: each line's own where it still is, and the
    one after its last line (often the blank line and the comment that open the next part) after the new last."""
    new = YamlSeq(values)
    ca = getattr(old, "ca", None)
    if ca is None or not values:
        return new
    last = len(old) - 1
    for k, comment in ca.items.items():
        if k == last:
            new.ca.items[len(values) - 1] = comment
        elif k < len(values) - 1:
            new.ca.items[k] = comment
    new.ca.comment = ca.comment
    if old.fa.flow_style():
        new.fa.set_flow_style()
    return new


def _apply_tasks(doc: Any, form: dict[str, str], before: dict[str, str], placed: Placed) -> None:
    groups = groups_of(form, "lv", "nv")
    src = task_source(doc)
    if src is None:
        if not groups:
            return
        # a plan without a task part: one is added before "TỔ CHỨC THỰC HIỆN"
        parts = doc.setdefault("phan", YamlSeq())
        at = next((p for p, part in enumerate(parts) if "TỔ CHỨC" in str(part.get("tieu_de", "")).upper()), len(parts))
        parts.insert(at, YamlMap([("tieu_de", "NHIỆM VỤ CỤ THỂ"), ("noi_dung", YamlSeq())]))
        src = TaskSource("phan", at, "NHIỆM VỤ CỤ THỂ", ("phan", at, "noi_dung"))
    body = src.where == "phan"
    holder = src.holder(doc)
    list_key = src.path[-1]
    blocks = holder.get(list_key)
    if blocks is None:
        blocks = holder[list_key] = YamlSeq()
    old = {f.place: f for f in fields_of(doc, src)}
    shown = {r.src: r.values for g in groups_of(before, "lv", "nv") for r in g.rows}
    # the part's other blocks keep their order: those before its first field, the fields, the others
    first = min(old) if old else len(blocks)
    field_places = set(old)
    prefix = [(n, b) for n, b in enumerate(blocks) if n < first and n not in field_places]
    suffix = [(n, b) for n, b in enumerate(blocks) if n > first and n not in field_places]
    items: list[tuple[int | None, Any]] = list(prefix)
    for i, g in enumerate(groups):
        fld = old.get(int(g.src)) if g.src.isdigit() else None
        if fld is None:
            mapping = YamlMap([("muc" if body else "ten", g.name.strip())])
            fld = Field(-1, mapping, "khoi" if body else "nhom", [])
        if fld.named and fld.name != g.name.strip():
            fld.block["muc" if fld.mode != "nhom" else "ten"] = g.name.strip()
        at = len(items)
        items.append((fld.place if fld.place >= 0 else None, fld.block))
        here = (*src.path, at)
        placed.add(here, f"lv-{i}-ten")
        rows: list[tuple[int | None, Any]] = []
        row_path: tuple[Any, ...]
        if fld.mode == "khoi":
            inner = fld.block.get("noi_dung")
            rows = [(n, b) for n, b in enumerate(inner or []) if not _is_task(b)]
            row_path = (*here, "noi_dung")
        elif fld.mode == "bang":
            inner = fld.table.get("nhiem_vu")
            row_path = (
                (*here, "bang_nhiem_vu", "nhiem_vu")
                if fld.table_place is None
                else (
                    *here,
                    "noi_dung",
                    fld.table_place,
                    "bang_nhiem_vu",
                    "nhiem_vu",
                )
            )
        else:
            inner = fld.block.get("nhiem_vu")
            row_path = (*here, "nhiem_vu")
        for j, r in enumerate(g.rows):
            found = _task_of(old, r.src)
            if found is None:
                task = YamlMap()
                _update(task, r.values, TASK_KEYS, {})
                entry: Any = YamlMap([("nhiem_vu", task)]) if fld.mode == "khoi" else task
                rows.append((None, entry))
            else:
                from_field, k, task, block = found
                _update(task, r.values, TASK_KEYS, shown.get(r.src, {}))
                same = from_field is fld
                if fld.mode == "khoi":
                    entry = block if from_field.mode == "khoi" else YamlMap([("nhiem_vu", task)])
                else:
                    entry = task
                rows.append((k if same else None, entry))
            path = (*row_path, len(rows) - 1, *(("nhiem_vu",) if fld.mode == "khoi" else ()))
            placed.add(path, f"nv-{i}-{j}")
            for key, _ in TASK_KEYS:
                placed.add((*path, key), f"nv-{i}-{j}-{key}")
        if fld.mode == "khoi":
            fld.block["noi_dung"] = _reseq(inner, rows)
        elif fld.mode == "bang":
            fld.table["nhiem_vu"] = _reseq(inner, rows)
        else:
            fld.block["nhiem_vu"] = _reseq(inner, rows)
    holder[list_key] = _reseq(blocks, items + suffix)


def _task_of(old: dict[int, Field], ref: str) -> tuple[Field, int, Any, Any] | None:
    """(its field, its place, the task mapping, the block holding it) of the task a row's ``src`` names."""
    g, _, k = ref.partition(".")
    if not (g.isdigit() and k.isdigit()) or int(g) not in old:
        return None
    fld = old[int(g)]
    for place, task in fld.tasks:
        if place == int(k):
            block = fld.block["noi_dung"][place] if fld.mode == "khoi" else task
            return fld, place, task, block
    return None


def _ref(ref: str, blocks: Any, list_key: str) -> tuple[int, int] | None:
    """The (group, line) places a budget row's ``src`` names, when they are still there."""
    g, _, k = ref.partition(".")
    if not (g.isdigit() and k.isdigit()) or int(g) >= len(blocks):
        return None
    grp = blocks[int(g)]
    lst = grp.get(list_key) if isinstance(grp, dict) else None
    if not isinstance(lst, list) or int(k) >= len(lst):
        return None
    return int(g), int(k)


def _reseq(old: Any, items: list[tuple[int | None, Any]]) -> YamlSeq:
    """A new list of ``items`` (each with its place in ``old``, None when new) that keeps the comments ``old``
    held at those places (ruamel keeps a list's comments by index: rebuilt naively, they would be lost)."""
    new = YamlSeq([v for _, v in items])
    ca = getattr(old, "ca", None)
    if ca is not None:
        new.ca.comment = ca.comment
        for n, (k, _v) in enumerate(items):
            if k is not None and k in ca.items:
                new.ca.items[n] = ca.items[k]
        if getattr(ca, "end", None):
            new.ca.end = ca.end
    if getattr(old, "fa", None) is not None and old.fa.flow_style():
        new.fa.set_flow_style()
    return new


def _apply_budget(doc: Any, form: dict[str, str], before: dict[str, str], placed: Placed) -> None:
    groups = groups_of(form, "kp", "dg")
    a = budget_index(doc)
    if a is None:
        if not groups:
            return
        apps = doc.setdefault("phu_luc", YamlSeq())
        apps.append(
            YamlMap(
                [
                    ("loai", "kinh_phi"),
                    ("ten", form.get("kp-ten", "").strip() or budget_title(plan_years(doc))),
                    ("don_vi", 1000),
                    ("nhom", YamlSeq()),
                ]
            )
        )
        a = len(apps) - 1
    sheet = doc["phu_luc"][a]
    years = plan_years(doc)
    if "kp-ten" in form and form["kp-ten"].strip() != before.get("kp-ten", "").strip():
        sheet["ten"] = form["kp-ten"].strip()
    placed.add(("phu_luc", a, "ten"), "kp-ten")
    unit = form.get("kp-don_vi", "").strip()
    if unit in UNITS and unit != before.get("kp-don_vi"):
        sheet["don_vi"] = int(unit)
    placed.add(("phu_luc", a, "don_vi"), "kp-don_vi")
    old_groups = sheet.get("nhom")
    if old_groups is None:
        old_groups = sheet["nhom"] = YamlSeq()
    shown = {r.src: r.values for g in groups_of(before, "kp", "dg") for r in g.rows}
    new_groups: list[tuple[int | None, Any]] = []
    for i, g in enumerate(groups):
        g_old = int(g.src) if g.src.isdigit() and int(g.src) < len(old_groups) else None
        grp = old_groups[g_old] if g_old is not None else YamlMap([("ten", "")])
        if grp.get("ten") != g.name.strip():
            grp["ten"] = g.name.strip()
        placed.add(("phu_luc", a, "nhom", i, "ten"), f"kp-{i}-ten")
        old_lines = grp.get("dong")
        lines: list[tuple[int | None, Any]] = []
        for j, r in enumerate(g.rows):
            ref = _ref(r.src, old_groups, "dong")
            if ref is None:
                line, was = YamlMap(), {}
                lines.append((None, line))
            else:
                line, was = old_groups[ref[0]]["dong"][ref[1]], shown.get(r.src, {})
                lines.append((ref[1] if ref[0] == g_old else None, line))
            _update(line, r.values, LINE_KEYS, was)
            amounts = line.get("so_tien")
            if not isinstance(amounts, dict):
                amounts = YamlMap()
                amounts.fa.set_flow_style()
            for y in years:
                text = r.values.get(f"y{y}", "").strip().replace(".", "").replace(" ", "")
                if ref is not None and was.get(f"y{y}", "").replace(".", "") == text:
                    continue
                key: Any = str(y) if str(y) in amounts and y not in amounts else y
                if text:
                    amounts[key] = int(text) if text.isdigit() else text
                elif key in amounts:
                    del amounts[key]
            if amounts or "so_tien" in line:
                line["so_tien"] = amounts
            path = ("phu_luc", a, "nhom", i, "dong", j)
            placed.add(path, f"dg-{i}-{j}")
            for key_name, _ in LINE_KEYS:
                placed.add((*path, key_name), f"dg-{i}-{j}-{key_name}")
            for y in years:
                placed.add((*path, "so_tien", KeyInt(y)), f"dg-{i}-{j}-y{y}")
        grp["dong"] = _reseq(old_lines, lines)
        new_groups.append((g_old, grp))
    sheet["nhom"] = _reseq(old_groups, new_groups)


# ------------------------------------------------------------------------------------------ live figures


def _amount(text: str) -> int | None:
    t = text.strip().replace(".", "").replace(" ", "")
    return int(t) if t.isdigit() else None


@dataclass
class Totals:
    years: list[int]
    per_year: dict[int, str]
    total: str
    words: str
    unit: str


def budget_totals(form: dict[str, str], years: list[int]) -> Totals:
    """The sums of the budget lines as typed (per year, in all) and the total in đồng in words."""
    unit = int(form.get("kp-don_vi") or 1000) if (form.get("kp-don_vi") or "1000") in UNITS else 1000
    sums = dict.fromkeys(years, 0)
    for g in groups_of(form, "kp", "dg"):
        for r in g.rows:
            for y in years:
                sums[y] += _amount(r.values.get(f"y{y}", "")) or 0
    total = sum(sums.values())
    return Totals(
        years,
        {y: format_number(v) for y, v in sums.items()},
        format_number(total),
        amount_in_words(total, unit=unit) if total else "",
        UNITS.get(str(unit), ""),
    )


def schedule_years(label: str, years: list[int]) -> str:
    """What a schedule label means, as the editor shows it beside the field: its years, or why it is not read."""
    if not label.strip() or not years:
        return ""
    try:
        got = parse_timeline(label, (years[0], years[-1])).years
    except TimelineProblem as exc:
        return f"không đọc được: {exc}"
    return "năm " + ", ".join(str(y) for y in got) if got else ""


#: an unknown agency in a check message: the name, and the registry's suggestion when there is one
_UNKNOWN = re.compile(r'không có cơ quan "(?P<name>[^"]+)" trong danh mục')
_SUGGESTION = re.compile(r'có phải là "(?P<name>[^"]+)"')


def suggestion(message: str, value: str) -> str | None:
    """For an unknown agency, the field's text with the unknown name replaced by the registry's suggestion."""
    unknown, suggested = _UNKNOWN.search(message), _SUGGESTION.search(message)
    if not unknown or not suggested or unknown["name"] not in value:
        return None
    return value.replace(unknown["name"], suggested["name"], 1)
