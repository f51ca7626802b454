"""``drafting moi``: a new workspace (or spec) with a commented, valid skeleton a clerk fills in.

What it writes, in the target folder:

- the spec (``ke-hoach.yaml`` or ``van-ban-hop-tac.yaml``): every block with a comment saying what goes in it, the
  ``# yaml-language-server: $schema=…`` line so that VS Code's YAML extension completes and checks keys;
- ``.drafting/<kind>.schema.json``: the JSON Schema of the kind (``drafting schema KIND``);
- ``co-quan.yaml``: the workspace's agency registry, with the province's and the partner's own agencies.

The skeleton checks clean (``drafting check``) and renders as it is; its texts say what to write ("Nêu …").
Files that exist are never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileAccessError, UsageProblem
from ..kinds import KINDS
from ..spec.json_schema import json_schema_text
from ..vi.timeline import period_words

SCHEMA_FOLDER = ".drafting"

#: cities under the central government: "thành phố Hà Nội", not "tỉnh Hà Nội"
_CITIES = {"hà nội", "hồ chí minh", "thành phố hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"}

#: the file a starter spec is written to, for the kinds that have a starter (``Kind.spec_file``)
SPEC_NAMES = {name: k.spec_file for name, k in KINDS.items() if k.spec_file}


@dataclass(frozen=True)
class Place:
    """The province (or city) the workspace is for, named every way a document names it."""

    name: str  # "Quảng Trị"

    @property
    def unit(self) -> str:  # "tỉnh" / "thành phố"
        return "thành phố" if self.name.lower() in _CITIES else "tỉnh"

    @property
    def full(self) -> str:  # "tỉnh Quảng Trị"
        return f"{self.unit} {self.name}"

    @property
    def upper(self) -> str:  # "TỈNH QUẢNG TRỊ"
        return self.full.upper()


def parse_period(text: str | None, today_year: int) -> tuple[int, int]:
    """ "2027-2029", "2027 - 2029", "2027–2029" or "2027" → (2027, 2029); nothing given: next year alone."""
    if text is None:
        return today_year + 1, today_year + 1
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*", text)
    if not m:
        raise UsageProblem(f'--giai-doan "{text}" không đúng dạng (viết 2027-2029, hoặc 2027 cho kế hoạch một năm)')
    start, end = int(m[1]), int(m[2] or m[1])
    if not 1900 <= start <= end <= 2200 or end - start > 10:
        raise UsageProblem(f'--giai-doan "{text}": năm đầu phải trước năm cuối, giai đoạn tối đa 10 năm')
    return start, end


def plan_skeleton(place: Place, partner: str | None, start: int, end: int, schema_ref: str) -> str:
    """The text of a new plan spec: valid as it is, every block commented."""
    partner_full = f"tỉnh {partner}" if partner else "(tên địa phương đối tác)"
    partner_gov = f"Chính quyền tỉnh {partner}" if partner else "(cơ quan đối tác)"
    period = period_words((start, end))
    one_year = start == end
    when = "Cả năm" if one_year else "Hàng năm"
    when_hint = (
        f'một năm: "Quý I", "6 tháng đầu năm", "Cả năm", "Tháng 3", "Trước ngày 30/6", "Năm {start}"'
        if one_year
        else f'"Hàng năm", "Năm {start}, {end}", "Quý II/{start}", "{start}-{end}"'
    )
    so_chu_tri = "Sở Ngoại vụ"
    return f"""\
# yaml-language-server: $schema={schema_ref}
# Kế hoạch {period} của UBND {place.full}{" với " + partner_full if partner else ""}: bản khung do \
"drafting moi" tạo.
# Bản khung này đã hợp lệ: sửa từng khối theo chú thích, thay các câu "Nêu …" bằng nội dung thật, rồi chạy
#   drafting check {SPEC_NAMES["ke_hoach"]}
#   drafting render {SPEC_NAMES["ke_hoach"]} -o ra
# Mọi khóa được giải thích (kèm ví dụ) trong docs/khoa-dac-ta.md; VS Code (tiện ích YAML) gợi ý khóa khi gõ.

loai: ke_hoach

# ── Cơ quan ban hành: in ở góc trên bên trái; "dong" là các dòng in hoa ─────────────────────────────────
# Kế hoạch của một sở: thêm co_quan_chu_quan: UBND {place.upper} và đổi co_quan_ban_hanh.
co_quan_ban_hanh:
  ten: Ủy ban nhân dân {place.full}
  ten_viet_tat: UBND {place.full}
  dong: [ỦY BAN NHÂN DÂN, {place.upper}]

# ── Số, ký hiệu, ngày: "so" để trống (null) đến khi văn thư cấp số ──────────────────────────────────────
so: null
ky_hieu: KH-UBND
dia_danh: {place.name}
ngay: {{thang: 1, nam: {start}}}      # ngày ký: viết 15/01/{start} khi đã ký

# ── Trích yếu và giai đoạn: kế hoạch một năm có tu = den ───────────────────────────────────────────────
trich_yeu: Triển khai thực hiện hợp tác giữa {place.full} và {partner_full} {period}
giai_doan: {{tu: {start}, den: {end}}}

# ── Căn cứ, mở đầu ──────────────────────────────────────────────────────────────────────────────────────
can_cu:
  - Căn cứ Luật Thỏa thuận quốc tế ngày 13 tháng 11 năm 2020
mo_dau:
  # một câu kết thúc bằng dấu hai chấm phải đặt trong ngoặc kép (không thì YAML hiểu là một khóa)
  - "Ủy ban nhân dân {place.full} ban hành Kế hoạch triển khai thực hiện hợp tác với {partner_full} {period} \
như sau:"

# ── Các phần (I., II. …): mỗi phần một tiêu đề và nội dung ──────────────────────────────────────────────
# Khối nội dung: một câu là một đoạn; "gach" là các dòng gạch đầu dòng; "muc" là mục có số (1., 1.1.);
# "nhiem_vu" là một nhiệm vụ (nội dung, thời gian, chủ trì, phối hợp).
phan:
  - tieu_de: MỤC ĐÍCH, YÊU CẦU
    noi_dung:
      - muc: Mục đích
        noi_dung:
          - Nêu mục đích của Kế hoạch.
      - muc: Yêu cầu
        noi_dung:
          - gach: [Nêu các yêu cầu khi triển khai Kế hoạch.]

  - tieu_de: NHIỆM VỤ CỤ THỂ
    noi_dung:
      # Mỗi lĩnh vực hợp tác là một mục; mỗi nhiệm vụ có mã (id) để biểu kinh phí, tiến độ trỏ tới.
      # Mã mặc định là số in của nhiệm vụ ("1.1"); ghi id cố định nếu sẽ thêm bớt, sắp xếp lại.
      # thoi_gian: {when_hint}.
      - muc: Hợp tác về chính trị, đối ngoại
        noi_dung:
          - nhiem_vu:
              id: "1.1"
              ten: Nêu nhiệm vụ thứ nhất.
              thoi_gian: {when}
              chu_tri: {so_chu_tri}
              phoi_hop: Văn phòng UBND tỉnh

  - tieu_de: TỔ CHỨC THỰC HIỆN
    noi_dung:
      - muc: "{so_chu_tri}:"
        van_ban: Chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp, báo cáo UBND tỉnh.
      - muc: "Sở Tài chính:"
        van_ban: Tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định.

ket_thuc: Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo về {so_chu_tri} \
để tổng hợp, báo cáo UBND tỉnh xem xét, giải quyết./.

# ── Nơi nhận, lưu, người ký ─────────────────────────────────────────────────────────────────────────────
noi_nhan:
  - Bộ Ngoại giao (b/c)
  - TT Tỉnh ủy, TT HĐND tỉnh (b/c)
  - Các sở, ban, ngành liên quan
luu: VT, NgV
# người ký: các dòng thẩm quyền, chức vụ (TM., KT. …) từ trên xuống, rồi họ tên
nguoi_ky:
  chuc_danh: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]
  ho_ten: Nguyễn Văn A                # họ tên người ký

# ── Phụ lục (tùy chọn): biểu kinh phí ──────────────────────────────────────────────────────────────────
# don_vi: 1000 là nghìn đồng (1 là đồng); số tiền viết liền, không dấu chấm (150000, không viết 150.000).
# phu_luc:
#   - loai: kinh_phi
#     ten: BIỂU KHÁI TOÁN KINH PHÍ {period.upper()}
#     don_vi: 1000
#     nhom:
#       - ten: Hợp tác về chính trị, đối ngoại
#         dong:
#           - noi_dung: Đón đoàn {partner_gov}
#             thoi_gian: {when}
#             nhiem_vu: "1.1"
#             so_tien: {{{start}: 150000}}
"""


def registry_skeleton(place: Place, partner: str | None) -> str:
    """The workspace's ``co-quan.yaml``: the province's own agencies and the partner's, to complete."""
    lines = [
        f"# Cơ quan riêng của không gian làm việc {place.full}"
        + (f" – tỉnh {partner}" if partner else "")
        + " (bổ sung cho danh mục dùng chung của drafting).",
        "#   ten: tên dùng trong văn bản; ten_khac: các cách viết khác; ten_day_du: tên đầy đủ (nếu khác).",
        "co_quan:",
        f"  # ── Phía {place.full} ──",
        f"  - ten: Báo và Phát thanh, Truyền hình {place.name}",
        f"    ten_khac: [Báo và PTTH {place.name}, Báo và PTTH tỉnh]",
    ]
    if partner:
        lines += [
            f"  # ── Phía tỉnh {partner} ──",
            f"  - ten: Chính quyền tỉnh {partner}",
            f"    ten_khac: [Ủy ban Chính quyền tỉnh {partner}, Uỷ ban Chính quyền tỉnh {partner}]",
            f"  - ten: Sở Ngoại vụ tỉnh {partner}",
        ]
    return "\n".join(lines) + "\n"


def create(
    kind: str, folder: Path, tinh: str | None, giai_doan: str | None, doi_tac: str | None, today_year: int
) -> list[Path]:
    """Write the workspace; return the files written (the spec first)."""

    if kind not in SPEC_NAMES:
        raise UsageProblem(f'chưa có bản khung cho loại "{kind}"; hiện có: {", ".join(sorted(SPEC_NAMES))}')
    place = Place((tinh or "").strip() or "(tên tỉnh)")
    start, end = parse_period(giai_doan, today_year)
    spec = folder / SPEC_NAMES[kind]
    schema = folder / SCHEMA_FOLDER / f"{kind}.schema.json"
    registry = folder / "co-quan.yaml"
    if spec.exists():
        raise FileAccessError(f"{spec}: tệp đã có; không ghi đè (chọn thư mục khác hoặc xóa tệp này)")
    texts = {
        spec: plan_skeleton(place, (doi_tac or "").strip() or None, start, end, f"{SCHEMA_FOLDER}/{kind}.schema.json"),
        schema: json_schema_text(kind),
    }
    if not registry.exists():
        texts[registry] = registry_skeleton(place, (doi_tac or "").strip() or None)
    written = []
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path == schema or not path.exists():
                path.write_text(text, encoding="utf-8")
                written.append(path)
    except OSError as exc:
        raise FileAccessError(f"{exc.filename or folder}: không ghi được ({exc.strerror})") from None
    return written
