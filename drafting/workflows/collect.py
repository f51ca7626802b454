"""Read filled report forms back into a progress spec: nothing a department typed is lost, nothing deleted kept."""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..fileio import write_atomic
from ..model.agencies import parse_agency_line
from ..model.budget import budget_sheet
from ..model.progress import money_unit, plan_id
from ..render.docx.convert import CONVERTIBLE, kind_of, to_docx
from ..render.docx.reader import read_docx
from ..render.docx.review import review_docx
from ..render.docx.safezip import DEFAULT_LIMITS, MB, Refused
from ..spec.writer import YamlMap, YamlSeq
from ..vi.money import header_unit, parse_money, unit_name
from ..vi.text import fold
from ..vi.timeline import parse_period
from .shells import assignments, check_period, shell_context

FIELDS = {  # header text (folded, lower) → progress key
    "ma": "nhiem_vu",
    "nhiem vu": "ten",
    "tinh trang": "trang_thai",
    "ket qua thuc hien": "ket_qua",
    "kinh phi da su dung": "kinh_phi",
    "kho khan, vuong mac": "kho_khan",
    "de xuat, kien nghi": "de_xuat",
}
TEXT_FIELDS = ("ket_qua", "kho_khan", "de_xuat")
STATUS_WORDS = [
    ("hoàn thành", "hoan_thanh"),
    ("đã hoàn thành", "hoan_thanh"),
    ("đã xong", "hoan_thanh"),
    ("xong", "hoan_thanh"),
    ("đang", "dang_thuc_hien"),
    ("tiếp tục", "dang_thuc_hien"),
    ("chưa", "chua_thuc_hien"),
    ("không", "khong_thuc_hien"),
    ("tạm dừng", "khong_thuc_hien"),
    ("dừng", "khong_thuc_hien"),
    ("hủy", "khong_thuc_hien"),
    ("huỷ", "khong_thuc_hien"),
    ("chuyển", "chuyen_nam_sau"),
    ("lùi", "chuyen_nam_sau"),
    ("hoãn", "chuyen_nam_sau"),
]
_SAME_TASK = re.compile(r"^(?:nt|như trên|(?:\(?\s*tiếp(?: theo)?\s*\)?)|[-+•–])(?:\W|$)", re.I)


def _clean(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\r", "")
    s = "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in s.split("\n"))
    return re.sub(r"\n{2,}", "\n", s).strip()


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", fold(s).lower()).strip()


def parse_status(text: str) -> str | None:
    """The status a department wrote ("Đã hoàn thành", "đang triển khai", "Tạm dừng" …); words compare with their
    diacritics ("Dũng" is not "dừng"), or without when the whole text was typed without them ("hoan thanh")."""
    k = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()
    if not k:
        return None
    plain = fold(k) == k
    for word, status in STATUS_WORDS:
        w = fold(word) if plain else word
        if k == w or re.match(re.escape(w) + r"[\s,.;:(]", k):
            return status
    return None


@dataclass
class Context:
    """What reading a form needs to know about the plan."""

    task_ids: set[str]
    task_names: dict[str, str]
    unit: int  # the plan's money unit
    expected: object  # form's period label → {department (None: any) → folded texts}
    workdir: Path


@dataclass
class Form:
    """What one returned form gave."""

    name: str
    don_vi: str | None = None
    ky: str | None = None
    ma_ke_hoach: str | None = None
    modified: str = ""
    digest: str = ""
    entries: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    refused: str | None = None
    revisions: int = 0
    comments: int = 0

    def note(self, loai: str, noi_dung: str, **extra) -> None:
        item = {"nguon": self.name, "loai": loai}
        if self.don_vi:
            item["don_vi"] = self.don_vi
        item.update({k: v for k, v in extra.items() if v})
        item["noi_dung"] = noi_dung
        self.review.append(item)

    def keep(self, text: str, **extra) -> None:
        item = {"nguon": self.name, "don_vi": self.don_vi, "van_ban": text}
        item.update(extra)
        self.unplaced.append(item)


def _department(doc, props: dict) -> str | None:
    if props.get("drafting.don_vi"):
        return props["drafting.don_vi"]
    for t in doc.paragraphs:
        m = re.match(r"\s*Đơn vị báo cáo\s*:\s*(.+)", t)
        if m and m[1].strip():
            return _clean(m[1])
    return None


def _columns(table) -> tuple[dict[str, int], dict[int, str], int | None]:
    """Field → grid column of the header row, header text per column, and the unit the money header states."""
    cols: dict[str, int] = {}
    heads: dict[int, str] = {}
    money_unit = None
    if not table.rows:
        return cols, heads, None
    for c in table.rows[0]:
        text = _clean(c.text)
        heads[c.col] = text
        h = _key(text)
        for name, key in FIELDS.items():
            if h == name or h.startswith(name):
                cols.setdefault(key, c.col)
                if key == "kinh_phi":
                    money_unit = header_unit(text)
    return cols, heads, money_unit


def _revision_notes(form: Form, revisions) -> None:
    """Tracked changes grouped by author, day and kind: "Nguyễn Văn A (2026-05-08): chèn 3 lần (42 ký tự)"."""
    groups: dict[tuple[str, str], Counter] = {}
    chars: dict[tuple[str, str, str], int] = {}
    for r in revisions:
        k = (r.tac_gia or "không rõ người sửa", r.ngay)
        groups.setdefault(k, Counter())[r.loai] += 1
        chars[k + (r.loai,)] = chars.get(k + (r.loai,), 0) + r.so_ky_tu
    for (who, day), counter in sorted(groups.items()):
        parts = []
        for loai, n in sorted(counter.items()):
            c = chars[(who, day, loai)]
            parts.append(f"{loai} {n} lần" + (f" ({c} ký tự)" if c and loai != "định dạng" else ""))
        form.note(
            "sua_doi",
            "phiếu có thay đổi theo dõi (Track Changes): "
            + ", ".join(parts)
            + "; nội dung đã lấy theo bản sau khi chấp nhận thay đổi",
            nguoi=who,
            ngay=day,
        )


def _digest(path: Path) -> str:
    """SHA-256 of a file read in chunks, once its size is within the cap (a huge file is refused unread)."""

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Refused(path.name, f"không đọc được tệp ({exc.strerror or exc})") from exc
    if size > DEFAULT_LIMITS.file_size:
        raise Refused(path.name, f"tệp quá lớn ({size // MB} MB, giới hạn {DEFAULT_LIMITS.file_size // MB} MB)")
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        raise Refused(path.name, f"không đọc được tệp ({exc.strerror or exc})") from exc
    return h.hexdigest()


def read_form(path: Path, ctx: Context) -> Form:
    """Entries, unplaced text and review notes of one filled form; a refused form has ``refused`` set."""

    path = Path(path)
    form = Form(path.name)
    try:
        form.digest = _digest(path)
        kind = kind_of(path)
        source = path
        if kind in CONVERTIBLE:
            source = to_docx(path, ctx.workdir)
            form.note("chuyen_doi", f"phiếu dạng {CONVERTIBLE[kind]} đã được chuyển sang .docx bằng LibreOffice")
        doc = read_docx(source)
    except Refused as exc:
        form.refused = exc.reason + (f" ({exc.hint})" if exc.hint else "")
        return form
    props = doc.properties
    form.don_vi = _department(doc, props)
    form.ky = props.get("drafting.ky")
    form.ma_ke_hoach = props.get("drafting.ma_ke_hoach")
    form.modified = doc.core.get("modified", "")
    if not form.don_vi:
        form.note("canh_bao", "không xác định được đơn vị báo cáo")
    if not props.get("drafting.loai"):
        form.note(
            "canh_bao",
            "phiếu không có thuộc tính của phiếu do drafting tạo (kế hoạch, kỳ, đơn vị): "
            "kiểm tra phiếu có đúng kế hoạch và kỳ báo cáo không",
        )
    _revision_notes(form, doc.revisions)
    form.revisions = len(doc.revisions)
    for c in doc.comments:
        form.comments += 1
        where = f' (tại "{c.vi_tri[:80]}")' if c.vi_tri else ""
        form.note("y_kien", f"nhận xét{where}: {c.van_ban}", nguoi=c.tac_gia, ngay=c.ngay)
    table = ctx.expected(form.ky)
    expected = table.get(form.don_vi) or table.get(None, set())
    found_table = False
    for table in doc.tables:
        cols, heads, stated_unit = _columns(table)
        if "nhiem_vu" not in cols or "ten" not in cols:
            for cells in table.rows:
                for c in cells:
                    for line in _clean(c.text).split("\n"):
                        if line and _key(line) not in expected:
                            form.keep(line)
            continue
        found_table = True
        _read_table(form, table, cols, heads, stated_unit, ctx)
    if not found_table:
        form.note("bang", 'không thấy bảng phiếu báo cáo (cột "Mã" và "Nhiệm vụ")')
    for t in doc.paragraphs:
        t = _clean(t)
        if t and _key(t) not in expected:
            form.keep(t)
    for t in doc.notes:
        form.keep(f"[Chú thích] {_clean(t)}")
    return form


def _read_table(form: Form, table, cols, heads, stated_unit, ctx: Context) -> None:
    grid = table.grid()
    column_unit = stated_unit or ctx.unit
    if stated_unit is None and "kinh_phi" in cols:
        form.note(
            "kinh_phi", f"tiêu đề cột kinh phí không ghi đơn vị: số không kèm đơn vị được hiểu là {unit_name(ctx.unit)}"
        )
    elif stated_unit != ctx.unit and "kinh_phi" in cols:
        form.note(
            "kinh_phi",
            f"cột kinh phí của phiếu tính bằng {unit_name(stated_unit)}, kế hoạch tính bằng "
            f"{unit_name(ctx.unit)}: các số đã được đổi",
        )
    used: set[int] = set()  # cells already read (merges cover several positions)
    last: str | None = None  # the task of the row above
    field_cols = set(cols.values())
    for r in range(1, len(table.rows)):
        row = grid[r]
        origins = [c for i, c in enumerate(row) if c is not None and (i == 0 or row[i - 1] is not c)]
        if len(origins) == 1 and origins[0].span > 1:  # a group row, or a row merged across
            c = origins[0]
            if id(c) in used:
                continue
            used.add(id(c))
            t = _clean(c.text)
            if t and not re.match(r"^[A-Z]\. NHIỆM VỤ", t):
                form.keep(t, sau_nhiem_vu=last)
            continue

        def take(key: str, row=row, r=r, last=last) -> str:  # bound now: called in this row only
            i = cols.get(key)
            if i is None or i >= len(row) or row[i] is None:
                return ""
            c = row[i]
            if c.col != i:  # a horizontal merge: read once, under its first column
                return ""
            if id(c) in used:
                if c.row < r and _clean(c.text) and key not in ("nhiem_vu", "ten"):
                    form.note(
                        "bang",
                        f'ô "{heads.get(i, key)}" gộp nhiều dòng (từ dòng của nhiệm vụ '
                        f"{last or '?'}): chỉ tính một lần, cho dòng trên cùng; kiểm tra lại",
                        nhiem_vu=last,
                    )
                return ""
            used.add(id(c))
            return _clean(c.text)

        ma = take("nhiem_vu")
        ten = take("ten")
        typed = {k: take(k) for k in ("trang_thai", "ket_qua", "kinh_phi", "kho_khan", "de_xuat")}
        extra = []
        for i, c in enumerate(row):
            if c is None or i in field_cols or c.col != i or id(c) in used:
                continue
            used.add(id(c))
            if _clean(c.text):
                extra.append((heads.get(i) or f"cột {i + 1}", _clean(c.text)))
        if ma in ctx.task_ids and not (ma == last and not ten):
            if ten and _key(ten) != _key(ctx.task_names[ma]):
                form.keep(f"[Mã {ma}, cột Nhiệm vụ] {ten}", nhiem_vu=ma)
            entry = {"nhiem_vu": ma, "don_vi": form.don_vi, "_nguon": form.name}
            _fill(form, entry, typed, column_unit, ctx)
            for head, t in extra:
                form.keep(f"[Mã {ma}, cột {head}] {t}", nhiem_vu=ma)
            if any(typed.values()):
                form.entries.append(entry)
            last = ma
            continue
        # a row the department added, or a row whose code is not one of the plan's
        if not (ma or ten or any(typed.values()) or extra):
            continue
        linked = last is not None and (
            (not ma and (not ten or _SAME_TASK.match(ten)))
            or (ma and (ma == last or ma.startswith(last)) and (not ten or _SAME_TASK.match(ten)))
        )
        if linked:
            entry = {"nhiem_vu": last, "don_vi": form.don_vi, "_nguon": form.name, "dong_them": True}
            if ten:
                entry["ket_qua"] = ten
            _fill(form, entry, typed, column_unit, ctx)
            if ten and typed["ket_qua"]:
                entry["ket_qua"] = ten + "\n" + typed["ket_qua"]
            for head, t in extra:
                form.keep(f"[dòng thêm dưới {last}, cột {head}] {t}", nhiem_vu=last)
            form.entries.append(entry)
            form.note(
                "dong_them",
                f"dòng đơn vị thêm dưới nhiệm vụ {last}, giữ thành mục riêng"
                + (
                    f" (kinh phí {entry['kinh_phi']:,} {unit_name(ctx.unit)} tính riêng)".replace(",", ".")
                    if entry.get("kinh_phi")
                    else ""
                ),
                nhiem_vu=last,
            )
            continue
        parts = []
        for key, label in (("nhiem_vu", "Mã"), ("ten", "Nhiệm vụ")):
            v = ma if key == "nhiem_vu" else ten
            if v:
                parts.append(f"{label}: {v}")
        for key, v in typed.items():
            if v:
                parts.append(f"{heads.get(cols[key], key)}: {v}")
        parts += [f"{h}: {t}" for h, t in extra]
        form.keep(" | ".join(parts), sau_nhiem_vu=last)
        reason = (
            f'mã "{ma}" không có trong kế hoạch'
            if ma and ma not in ctx.task_ids
            else "dòng đơn vị thêm với nội dung riêng"
        )
        form.note(
            "dong_them",
            f"{reason}: giữ nguyên cả dòng trong mục chua_xep"
            + ("; kinh phí của dòng không được cộng" if typed["kinh_phi"] else ""),
            nhiem_vu=last,
        )


def _fill(form: Form, entry: dict, typed: dict, column_unit: int, ctx: Context) -> None:
    task = entry["nhiem_vu"]
    if typed["trang_thai"]:
        status = parse_status(typed["trang_thai"])
        if status is None:
            form.keep(f"[Mã {task}, cột Tình trạng] {typed['trang_thai']}", nhiem_vu=task)
            form.note("tinh_trang", f'không hiểu tình trạng "{typed["trang_thai"]}"', nhiem_vu=task)
        else:
            entry["trang_thai"] = status
            if _key(typed["trang_thai"]) not in {
                _key(w)
                for w in (
                    "Hoàn thành",
                    "Đã hoàn thành",
                    "Đang thực hiện",
                    "Chưa thực hiện",
                    "Không thực hiện",
                    "Chuyển sang năm sau",
                )
            }:
                # "Đang thực hiện, dự kiến xong quý IV": the extra words are kept
                form.keep(f"[Mã {task}, cột Tình trạng] {typed['trang_thai']}", nhiem_vu=task)
    for k in TEXT_FIELDS:
        if typed[k]:
            entry[k] = typed[k]
    if typed["kinh_phi"]:
        m = parse_money(typed["kinh_phi"], column_unit, ctx.unit)
        if m.value is None:
            entry["kinh_phi_ghi"] = typed["kinh_phi"]
            form.note(
                "kinh_phi",
                (m.flag or f'không đọc được số tiền "{typed["kinh_phi"]}"')
                + ": giữ nguyên trong kinh_phi_ghi, không cộng vào tổng",
                nhiem_vu=task,
            )
            return
        entry["kinh_phi"] = m.value
        entry["_kinh_phi_raw"] = typed["kinh_phi"]
        if m.note:
            form.note("kinh_phi", m.note, nhiem_vu=task)


def _expected_texts(ctx: dict) -> set[str]:
    """Folded texts of every paragraph a form holds when it is sent out."""
    texts = [item["text"] for item in ctx["than"]]
    for k in ("chu_quan", "ban_hanh", "dia_danh_ngay", "nguoi_ky", "ve_viec"):
        texts += str(ctx[k]).split("\n") + [str(ctx[k])]
    texts += (
        ctx["noi_nhan"]
        + ctx["chuc_danh"]
        + [
            "Nơi nhận:",
            f"Số: {ctx['so_ky_hieu']}",
            f"Kính gửi: {ctx['kinh_gui']}",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]
    )
    ph = ctx["phieu"]
    texts += [ph["tieu_de"], ph["kem_theo"], ph["huong_dan"], f"Đơn vị báo cáo: {ph['don_vi']}"]
    texts += [r["ten"] for r in ph["dong"] if r.get("nhom")]
    return {_key(_clean(t)) for t in texts if t}


@dataclass
class Collected:
    """The progress document and what the clerk should be told."""

    doc: object
    forms: list[Form]
    entries: int
    unplaced: int
    review: list[dict]
    period: object

    @property
    def refused(self) -> list[Form]:
        return [f for f in self.forms if f.refused]

    @property
    def read(self) -> list[Form]:
        return [f for f in self.forms if not f.refused]

    @property
    def unreadable(self) -> int:
        """Amounts and statuses that could not be read (kept raw): what --strict turns into exit 1."""
        return sum(1 for e in self.doc["ket_qua"] if e.get("kinh_phi_ghi")) + sum(
            1 for r in self.review if r["loai"] == "tinh_trang"
        )


def _planned(plan, period, unit: int) -> dict[str, int]:

    sheet = budget_sheet(plan)
    out: dict[str, int] = {}
    if sheet is None:
        return out
    for g in sheet.groups:
        for line in g.lines:
            if line.nhiem_vu:
                amount = sum(line.amount(y) for y in period.years) * sheet.don_vi
                out[line.nhiem_vu] = out.get(line.nhiem_vu, 0) + amount // unit
    return out


def collect(plan_spec: Path, files: list[Path], *, period_label: str | None = None) -> Collected:
    """Read every form (each refused one named with its reason, the others still read); the progress document."""

    checked = api.check(plan_spec)
    plan = checked.model
    registry = api.registry_for(Path(plan_spec))
    my_id = plan_id(plan)
    unit = money_unit(plan)
    order = {t.id: i for i, t in enumerate(plan.tasks)}
    wanted = parse_period(period_label) if period_label else None
    if wanted is not None:
        check_period(plan, wanted)
    forms: list[Form] = []
    with tempfile.TemporaryDirectory(prefix="drafting-collect-") as tmp:
        base = Context(
            {t.id for t in plan.tasks}, {t.id: t.ten.replace("*", "") for t in plan.tasks}, unit, None, Path(tmp)
        )
        expected_cache: dict[str, dict] = {}

        def expected_for(label: str | None):
            if label not in expected_cache:
                try:
                    per = parse_period(label) if label else (wanted or parse_period(str(plan.giai_doan[0])))
                except Exception:  # noqa: BLE001 - a label typed by hand: compare with nothing
                    expected_cache[label] = {None: set()}
                    return expected_cache[label]
                table: dict[str | None, set[str]] = {None: set()}
                for a in assignments(plan, per, registry):
                    texts = _expected_texts(shell_context(plan, per, a))
                    table[a.don_vi] = texts
                    table[None] |= texts
                expected_cache[label] = table
            return expected_cache[label]

        seen_digest: dict[str, str] = {}
        for f in sorted((Path(x) for x in files), key=lambda p: (p.name, str(p))):
            if not f.is_file():
                forms.append(Form(f.name, refused="không tìm thấy tệp"))
                continue
            ctx = Context(base.task_ids, base.task_names, unit, expected_for, base.workdir)
            try:
                form = read_form(f, ctx)
            except Exception as exc:  # noqa: BLE001 - one unreadable form never stops the others
                form = Form(f.name, refused=f"lỗi khi đọc phiếu ({type(exc).__name__}: {str(exc)[:120]})")
            if not form.refused and form.digest in seen_digest:
                form.refused = f"trùng hoàn toàn với phiếu {seen_digest[form.digest]} (đã tính một lần)"
                form.entries, form.unplaced, form.review = [], [], []
            if not form.refused:
                seen_digest[form.digest] = form.name
                if form.ma_ke_hoach and form.ma_ke_hoach != my_id:
                    form.refused = (
                        f"phiếu của một kế hoạch khác (mã {form.ma_ke_hoach}, kế hoạch "
                        f"{Path(plan_spec).name} có mã {my_id})"
                    )
            forms.append(form)
    # the period: the one asked for, else the one most forms name
    labels = Counter(f.ky for f in forms if not f.refused and f.ky)
    if wanted is None:
        chosen = labels.most_common(1)[0][0] if labels else str(plan.giai_doan[0])
        try:
            period = parse_period(chosen)
        except Exception:  # noqa: BLE001
            period = parse_period(str(plan.giai_doan[0]))
        check_period(plan, period)
    else:
        period = wanted
    for f in forms:
        if f.refused or not f.ky:
            continue
        try:
            same = parse_period(f.ky) == period
        except Exception:  # noqa: BLE001
            same = False
        if not same:
            f.refused = f"phiếu kỳ {f.ky}, không phải kỳ {period.label()}"
    planned = _planned(plan, period, unit)
    live = [f for f in forms if not f.refused]
    for f in live:  # money against the plan's amount for the task in the period
        for e in f.entries:
            _check_against_plan(f, e, planned.get(e["nhiem_vu"], 0), unit, period)
    # one department, several forms: keep the latest, review the others' text (never counted twice)
    by_dept: dict[str | None, list[Form]] = {}
    for f in live:
        by_dept.setdefault(f.don_vi, []).append(f)
    for dept, group in by_dept.items():
        if dept is None or len(group) < 2:
            continue
        group.sort(key=lambda f: (f.modified, f.name))
        kept = group[-1]
        kept_texts = {_entry_sig(e) for e in kept.entries}
        for other in group[:-1]:
            for e in other.entries:
                same = _entry_sig(e) in kept_texts
                other.note(
                    "trung_lap",
                    f"{dept} gửi nhiều phiếu ({other.name}, {kept.name}); lấy {kept.name}"
                    + ("" if same else f"; nội dung khác của {other.name}: " + _entry_text(e)),
                    nhiem_vu=e["nhiem_vu"],
                )
            other.entries = []
    entries = [e for f in live for e in f.entries]
    entries.sort(
        key=lambda e: (order.get(e["nhiem_vu"], 10**9), e.get("dong_them", False), e.get("don_vi") or "", e["_nguon"])
    )
    review: list[dict] = []
    for f in forms:
        if f.refused:
            review.append({"nguon": f.name, "loai": "tu_choi", "noi_dung": f"phiếu không được tổng hợp: {f.refused}"})
    # several departments on one task: only worth a word when they are not its lead and coordinators
    by_id = {t.id: t for t in plan.tasks}
    reporters: dict[str, set[str]] = {}
    for e in entries:
        if e.get("don_vi") and not e.get("dong_them"):
            reporters.setdefault(e["nhiem_vu"], set()).add(e["don_vi"])
    for tid, names in reporters.items():
        t = by_id[tid]
        leads = {m.agency.ten for m in parse_agency_line(t.chu_tri, registry) if m.agency} if t.chu_tri else set()
        coords = {m.agency.ten for m in parse_agency_line(t.phoi_hop, registry) if m.agency} if t.phoi_hop else set()
        strangers = sorted(names - leads - coords)
        if strangers:
            review.append(
                {
                    "loai": "canh_bao",
                    "nhiem_vu": tid,
                    "noi_dung": f"{', '.join(strangers)} báo cáo nhiệm "
                    f"vụ {tid} nhưng không được giao chủ trì hay phối hợp",
                }
            )
        if len(names & leads) > 1:
            review.append(
                {
                    "loai": "canh_bao",
                    "nhiem_vu": tid,
                    "noi_dung": f"nhiều đơn vị chủ trì cùng báo cáo "
                    f"nhiệm vụ {tid}: {', '.join(sorted(names & leads))}; thống nhất trước khi báo cáo",
                }
            )
    for f in live:
        review.extend(f.review)
    for f in forms:
        if f.refused:
            review.extend(r for r in f.review if r["loai"] == "chuyen_doi")
    unplaced = [u for f in live for u in f.unplaced]

    doc = YamlMap()
    doc["loai"] = "tien_do"
    doc["ke_hoach"] = Path(plan_spec).name
    doc["ma_ke_hoach"] = my_id
    doc["ky"] = period.label()
    doc["don_vi_tien"] = unit
    doc.yaml_set_start_comment(
        "Tiến độ thực hiện, tổng hợp từ phiếu báo cáo của các đơn vị (drafting collect).\n"
        "Sửa trực tiếp khi cần; chạy lại collect sẽ ghi đè tệp này.\n"
        f"kinh_phi tính bằng {unit_name(unit)}, như kế hoạch."
    )
    seq = YamlSeq()
    for e in entries:
        item = YamlMap()
        for k in (
            "nhiem_vu",
            "don_vi",
            "dong_them",
            "trang_thai",
            "ket_qua",
            "kinh_phi",
            "kinh_phi_ghi",
            "kho_khan",
            "de_xuat",
        ):
            if e.get(k) not in (None, "", False):
                item[k] = e[k]
        seq.append(item)
        seq.yaml_set_comment_before_after_key(len(seq) - 1, before=f"nguồn: {e['_nguon']}", indent=2)
    doc["ket_qua"] = seq
    if unplaced:
        useq = YamlSeq()
        for u in unplaced:
            item = YamlMap()
            item["nguon"] = u["nguon"]
            if u.get("don_vi"):
                item["don_vi"] = u["don_vi"]
            if u.get("nhiem_vu"):
                item["nhiem_vu"] = u["nhiem_vu"]
            elif u.get("sau_nhiem_vu"):
                item["sau_nhiem_vu"] = u["sau_nhiem_vu"]
            item["van_ban"] = u["van_ban"]
            useq.append(item)
        doc["chua_xep"] = useq
        doc.yaml_set_comment_before_after_key(
            "chua_xep", before="Nội dung đơn vị ghi nhưng không gắn được vào nhiệm vụ nào"
        )
    if review:
        rseq = YamlSeq()
        for r in review:
            item = YamlMap()
            for k in ("nguon", "loai", "nhiem_vu", "don_vi", "nguoi", "ngay", "noi_dung"):
                if r.get(k):
                    item[k] = r[k]
            rseq.append(item)
        doc["ra_soat"] = rseq
        doc.yaml_set_comment_before_after_key(
            "ra_soat",
            before="Danh sách rà soát cho chuyên viên (không đưa vào báo cáo): phiếu bị từ chối, "
            "thay đổi theo dõi, nhận xét, kinh phí cần xem lại, dòng thêm, phiếu trùng",
        )
    return Collected(doc, forms, len(entries), len(unplaced), review, period)


def _check_against_plan(form: Form, e: dict, planned: int, unit: int, period) -> None:
    """Flag an amount 1 000 times off the plan's, or more than 10 times it (or, with no plan amount, huge)."""
    value = e.get("kinh_phi")
    raw = e.pop("_kinh_phi_raw", None)
    if not value:
        return
    fmt = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731
    if planned:
        ratio = value / planned
        if ratio >= 300 or ratio <= 1 / 300:
            form.note(
                "kinh_phi",
                f'số tiền "{raw}" ({fmt(value)} {unit_name(unit)}) lệch khoảng 1.000 lần so '
                f"với kế hoạch {period.label()} ({fmt(planned)} {unit_name(unit)}): có thể ghi "
                f"nhầm đơn vị",
                nhiem_vu=e["nhiem_vu"],
            )
        elif ratio > 10:
            form.note(
                "kinh_phi",
                f'số tiền "{raw}" ({fmt(value)} {unit_name(unit)}) gấp {int(ratio)} lần kế hoạch '
                f"{period.label()} ({fmt(planned)} {unit_name(unit)})",
                nhiem_vu=e["nhiem_vu"],
            )
    elif value * unit >= 10**10:
        form.note(
            "kinh_phi",
            f'số tiền "{raw}" ({fmt(value)} {unit_name(unit)}) rất lớn: kiểm tra đơn vị',
            nhiem_vu=e["nhiem_vu"],
        )


def _entry_sig(e: dict) -> tuple:
    return tuple(
        (k, e.get(k)) for k in ("nhiem_vu", "trang_thai", "ket_qua", "kinh_phi", "kinh_phi_ghi", "kho_khan", "de_xuat")
    )


def _entry_text(e: dict) -> str:
    parts = []
    for k, label in (
        ("trang_thai", "tình trạng"),
        ("ket_qua", "kết quả"),
        ("kinh_phi", "kinh phí"),
        ("kinh_phi_ghi", "kinh phí"),
        ("kho_khan", "khó khăn"),
        ("de_xuat", "đề xuất"),
    ):
        if e.get(k) not in (None, ""):
            parts.append(f"{label}: {e[k]}")
    return "; ".join(parts)


REVIEW_KINDS = {
    "tu_choi": "Phiếu bị từ chối",
    "sua_doi": "Thay đổi theo dõi",
    "y_kien": "Nhận xét trong phiếu",
    "kinh_phi": "Kinh phí",
    "dong_them": "Dòng đơn vị thêm",
    "trung_lap": "Phiếu trùng",
    "bang": "Bảng phiếu",
    "tinh_trang": "Tình trạng",
    "canh_bao": "Cảnh báo",
    "chuyen_doi": "Chuyển định dạng",
}


def summary_lines(result: Collected, out: Path, *, first: int = 8) -> list[str]:
    """What collect found, for the terminal: forms, entries, unplaced texts, revisions, refusals, review items."""
    read = result.read
    n_rev = sum(f.revisions for f in read)
    n_com = sum(f.comments for f in read)
    lines = [
        f"Đã đọc {len(read)}/{len(result.forms)} phiếu {result.period.label()}: {result.entries} mục kết quả, "
        f"{result.unplaced} đoạn chưa gắn được nhiệm vụ (mục chua_xep), {n_rev} thay đổi theo dõi, "
        f"{n_com} nhận xét."
    ]
    if result.refused:
        lines.append(f"Phiếu bị từ chối ({len(result.refused)}):")
        lines += [f"  - {f.name}: {f.refused}" for f in result.refused]
    others = [r for r in result.review if r["loai"] != "tu_choi"]
    if others:
        lines.append(f"Cần rà soát {len(others)} mục (mục ra_soat của tệp tiến độ), trước hết:")
        for r in others[:first]:
            where = f"{r['nguon']}: " if r.get("nguon") else ""
            task = f"[{r['nhiem_vu']}] " if r.get("nhiem_vu") else ""
            lines.append(f"  - {where}{task}{r['noi_dung'][:200]}")
        if len(others) > first:
            lines.append(f"  … và {len(others) - first} mục khác.")
    lines.append(f"Đã ghi {out}.")
    return lines


def write_review_docx(result: Collected, path: Path) -> Path:
    """The review list as a Word table for the clerk (ra-soat.docx)."""

    rows = [
        [
            REVIEW_KINDS.get(r["loai"], r["loai"]),
            r.get("nguon") or "",
            r.get("nhiem_vu") or "",
            r["noi_dung"] + (f" ({r['nguoi']}, {r['ngay']})" if r.get("nguoi") else ""),
        ]
        for r in result.review
    ]
    data = review_docx(
        f"DANH SÁCH RÀ SOÁT PHIẾU BÁO CÁO {result.period.label().upper()}",
        "Tài liệu làm việc của chuyên viên, không gửi kèm báo cáo.",
        ["Loại", "Phiếu", "Nhiệm vụ", "Nội dung"],
        rows,
    )
    write_atomic(Path(path), data)
    return Path(path)
