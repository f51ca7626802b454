"""Read filled report forms back into a progress spec: nothing a department typed is lost."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileAccessError
from ..vi.text import fold

FIELDS = {  # header text (folded, lower) → progress key
    "ma": "nhiem_vu", "nhiem vu": "ten", "tinh trang": "trang_thai", "ket qua thuc hien": "ket_qua",
    "kinh phi da su dung": "kinh_phi", "kho khan, vuong mac": "kho_khan", "de xuat, kien nghi": "de_xuat",
}
STATUS_WORDS = [("hoan thanh", "hoan_thanh"), ("da hoan thanh", "hoan_thanh"), ("dang", "dang_thuc_hien"),
                ("chua", "chua_thuc_hien"), ("khong", "khong_thuc_hien"), ("chuyen", "chuyen_nam_sau"),
                ("lui", "chuyen_nam_sau")]


def _clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\r", "")
    s = "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in s.split("\n"))
    return re.sub(r"\n{2,}", "\n", s).strip()


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", fold(s).lower()).strip()


def parse_status(text: str) -> str | None:
    k = _key(text)
    if not k:
        return None
    for word, status in STATUS_WORDS:
        if k.startswith(word):
            return status
    return None


def parse_money(text: str, unit: int = 1000) -> int | None:
    """"120.000", "120,000", "120 000", "1,2 tỷ", "350 triệu đồng" → amount in ``unit`` đồng; None if unreadable."""
    k = _key(text).replace("dong", "").strip(" .")
    if not k:
        return None
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(ty|trieu|nghin|ngan)", k)
    if m:
        value = float(m[1].replace(",", "."))
        scale = {"ty": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3}[m[2]]
        return round(value * scale / unit)
    digits = re.sub(r"[.,\s]", "", k)
    if digits.isdigit() and re.fullmatch(r"\d{1,3}([., ]\d{3})*|\d+", k):
        return int(digits)
    return None


@dataclass
class Collected:
    entries: list[dict] = field(default_factory=list)      # each with "_nguon" (file name)
    unplaced: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)          # what the clerk should know


def _cell_text(cell) -> str:
    return _clean("\n".join(p.text for p in cell.paragraphs))


def _unique_cells(row):
    """Cells of a row once each (python-docx repeats merged cells)."""
    out, seen = [], set()
    for c in row.cells:
        if id(c._tc) not in seen:
            seen.add(id(c._tc))
            out.append(c)
    return out


def _department(doc, props: dict, path: Path) -> str | None:
    if props.get("drafting.don_vi"):
        return props["drafting.don_vi"]
    for p in doc.paragraphs:
        m = re.match(r"\s*(?:Đơn vị báo cáo|Kính gửi)\s*:\s*(.+)", p.text)
        if m and m[1].strip():
            return _clean(m[1])
    return None


def read_form(path: Path, task_ids: set[str], expected_paragraphs: set[str], unit: int = 1000) -> Collected:
    """Entries and unplaced text of one filled form."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    from ..render.docx_adapter import read_custom_properties

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise FileAccessError(f"{path}: không đọc được tệp Word ({exc})") from exc
    props = read_custom_properties(path)
    dept = _department(doc, props, path)
    out = Collected()
    src = path.name
    if not dept:
        out.notes.append(f"{src}: không xác định được đơn vị báo cáo")
    found_table = False
    for table in doc.tables:
        if not table.rows:
            continue
        header = [_key(_cell_text(c)) for c in _unique_cells(table.rows[0])]
        cols = {}
        for i, h in enumerate(header):
            for name, key in FIELDS.items():
                if h == name or h.startswith(name):
                    cols.setdefault(key, i)
        if "nhiem_vu" not in cols or "ten" not in cols:
            # not the form: still, any text typed into it that the form did not have is kept
            seen_tc = set()
            for row in table.rows:
                for c in _unique_cells(row):
                    if id(c._tc) in seen_tc:
                        continue
                    seen_tc.add(id(c._tc))
                    for p in c.paragraphs:
                        t = _clean(p.text)
                        if t and _key(t) not in expected_paragraphs:
                            out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": t})
            continue
        found_table = True
        last: dict | None = None
        for row in table.rows[1:]:
            cells = _unique_cells(row)
            texts = [_cell_text(c) for c in cells]
            if len(cells) == 1:  # a group row (A. / B.) or a row a department merged
                t = texts[0]
                if t and not re.match(r"^[A-Z]\. NHIỆM VỤ", t):
                    out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": t})
                continue

            def col(key):
                i = cols.get(key)
                return texts[i] if i is not None and i < len(texts) else ""

            ma = col("nhiem_vu")
            typed = {k: col(k) for k in ("trang_thai", "ket_qua", "kinh_phi", "kho_khan", "de_xuat")}
            extra = [t for i, t in enumerate(texts) if i not in cols.values() and t]
            if ma in task_ids:
                entry = {"nhiem_vu": ma, "don_vi": dept, "_nguon": src}
                if typed["trang_thai"]:
                    status = parse_status(typed["trang_thai"])
                    entry["trang_thai"] = status
                    if status is None:
                        entry["canh_bao"] = f"không hiểu tình trạng \"{typed['trang_thai']}\""
                for k in ("ket_qua", "kho_khan", "de_xuat"):
                    if typed[k]:
                        entry[k] = typed[k]
                if typed["kinh_phi"]:
                    money = parse_money(typed["kinh_phi"], unit)
                    if money is None:
                        entry["kinh_phi_ghi"] = typed["kinh_phi"]
                        entry["canh_bao"] = (entry.get("canh_bao", "") + "; " if entry.get("canh_bao") else "") + \
                            f"không đọc được số tiền \"{typed['kinh_phi']}\""
                    else:
                        entry["kinh_phi"] = money
                for t in extra:
                    out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": t})
                if any(typed.values()):
                    out.entries.append(entry)
                    last = entry
                else:
                    last = {"nhiem_vu": ma, "don_vi": dept, "_nguon": src, "_empty": True}
                continue
            # a row the department added (no id), or a row whose id we do not know
            words = [t for t in ([col("ten")] + list(typed.values()) + extra) if t]
            if ma and ma not in task_ids:
                words = [ma] + words
            if not words:
                continue
            if not ma and last is not None:
                # an added row under a task: its text belongs to that task
                if last.get("_empty"):
                    last.pop("_empty")
                    out.entries.append(last)
                for k in ("ket_qua", "kho_khan", "de_xuat"):
                    if typed[k]:
                        last[k] = (last.get(k, "") + "\n" + typed[k]).strip()
                if typed["trang_thai"] and not last.get("trang_thai"):
                    last["trang_thai"] = parse_status(typed["trang_thai"])
                if typed["kinh_phi"]:
                    money = parse_money(typed["kinh_phi"], unit)
                    if money is not None:
                        last["kinh_phi"] = (last.get("kinh_phi") or 0) + money
                    else:
                        last["kinh_phi_ghi"] = typed["kinh_phi"]
                rest = [t for t in ([col("ten")] + extra) if t]
                for t in rest:
                    out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": t})
                continue
            out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": " | ".join(words)})
    if not found_table:
        out.notes.append(f"{src}: không thấy bảng phiếu báo cáo (cột \"Mã\" và \"Nhiệm vụ\")")
    for p in doc.paragraphs:
        t = _clean(p.text)
        if t and _key(t) not in expected_paragraphs:
            out.unplaced.append({"nguon": src, "don_vi": dept, "van_ban": t})
    return out


def _expected_texts(ctx: dict) -> set[str]:
    """Folded texts of every paragraph a form holds when it is sent out."""
    texts = [item["text"] for item in ctx["than"]]
    for k in ("chu_quan", "ban_hanh", "dia_danh_ngay", "nguoi_ky", "ve_viec"):
        texts += str(ctx[k]).split("\n") + [str(ctx[k])]
    texts += ctx["noi_nhan"] + ctx["chuc_danh"] + ["Nơi nhận:", f"Số: {ctx['so_ky_hieu']}",
                                                   f"Kính gửi: {ctx['kinh_gui']}",
                                                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    ph = ctx["phieu"]
    texts += [ph["tieu_de"], ph["kem_theo"], ph["huong_dan"], f"Đơn vị báo cáo: {ph['don_vi']}"]
    return {_key(_clean(t)) for t in texts if t}


def collect(plan_spec: Path, files: list[Path], *, period_label: str | None = None):
    """Read every form; return (progress document as a ruamel CommentedMap, notes)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .. import api
    from ..vi.timeline import parse_period
    from .shells import assignments, shell_context

    checked = api.check(plan_spec)
    plan = checked.model
    registry = api._registry_for(Path(plan_spec))
    task_ids = {t.id for t in plan.tasks}
    order = {t.id: i for i, t in enumerate(plan.tasks)}
    results: list[Collected] = []
    periods = set()
    from ..render.docx_adapter import read_custom_properties

    for f in sorted(files, key=lambda p: Path(p).name):
        f = Path(f)
        if not f.is_file():
            raise FileAccessError(f"{f}: không tìm thấy tệp")
        props = read_custom_properties(f)
        if props.get("drafting.ky"):
            periods.add(props["drafting.ky"])
        period = parse_period((period_label or props.get("drafting.ky") or "").replace("năm ", "") or
                              str(plan.giai_doan[0]))
        # every paragraph the form had when it was sent out, to find what a department added
        dept = props.get("drafting.don_vi")
        expected: set[str] = set()
        for a in assignments(plan, period, registry):
            if dept is None or a.don_vi == dept:
                expected |= _expected_texts(shell_context(plan, period, a))
        results.append(read_form(f, task_ids, expected))
    label = period_label or (sorted(periods)[0].replace("năm ", "") if len(periods) == 1 else None)
    notes = [n for r in results for n in r.notes]
    if len(periods) > 1:
        notes.append(f"các phiếu thuộc nhiều kỳ khác nhau: {', '.join(sorted(periods))}")
    entries = [e for r in results for e in r.entries]
    entries.sort(key=lambda e: (order.get(e["nhiem_vu"], 10**9), e.get("don_vi") or "", e["_nguon"]))
    by_task: dict[str, list[str]] = {}
    for e in entries:
        by_task.setdefault(e["nhiem_vu"], []).append(e.get("don_vi") or "?")
    for e in entries:
        names = by_task[e["nhiem_vu"]]
        if len(names) > 1:
            note = f"nhiều đơn vị cùng báo cáo nhiệm vụ này: {', '.join(names)}"
            e["canh_bao"] = (e["canh_bao"] + "; " + note) if e.get("canh_bao") else note
    unplaced = [u for r in results for u in r.unplaced]

    doc = CommentedMap()
    doc["loai"] = "tien_do"
    doc["ke_hoach"] = Path(plan_spec).name
    doc["ky"] = label or str(plan.giai_doan[0])
    doc.yaml_set_start_comment("Tiến độ thực hiện, tổng hợp từ phiếu báo cáo của các đơn vị (drafting collect).\n"
                               "Sửa trực tiếp khi cần; chạy lại collect sẽ ghi đè tệp này.")
    seq = CommentedSeq()
    for e in entries:
        item = CommentedMap()
        for k in ("nhiem_vu", "don_vi", "trang_thai", "ket_qua", "kinh_phi", "kinh_phi_ghi", "kho_khan",
                  "de_xuat", "canh_bao"):
            if e.get(k) not in (None, ""):
                item[k] = e[k]
        seq.append(item)
        seq.yaml_set_comment_before_after_key(len(seq) - 1, before=f"nguồn: {e['_nguon']}", indent=2)
    doc["ket_qua"] = seq
    if unplaced:
        useq = CommentedSeq()
        for u in unplaced:
            item = CommentedMap()
            item["nguon"] = u["nguon"]
            if u.get("don_vi"):
                item["don_vi"] = u["don_vi"]
            item["van_ban"] = u["van_ban"]
            useq.append(item)
        doc["chua_xep"] = useq
        doc.yaml_set_comment_before_after_key("chua_xep", before="Nội dung đơn vị ghi nhưng không gắn được vào nhiệm vụ nào")
    return doc, notes, len(entries), len(unplaced)


def dump_yaml(doc) -> bytes:
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    def literal(node):
        if isinstance(node, dict):
            for k in list(node):
                node[k] = literal(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                node[i] = literal(node[i])
        elif isinstance(node, str) and "\n" in node:
            return LiteralScalarString(node)
        return node

    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(literal(doc), buf)
    return buf.getvalue().encode("utf-8")
