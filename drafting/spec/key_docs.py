"""What each spec key means, with an example: shown by editors (JSON Schema descriptions) and in docs/khoa-dac-ta.md.

A key is looked up by its dotted place, longest suffix first: ``"nhom.dong"`` (a budget group's lines) before
``"dong"`` (the header lines of an agency). Every key of specs/schemas/ has an entry (tests/spec/test_json_schema.py).
"""

from __future__ import annotations

#: key (or "parent.key") → (what it is, an example as YAML)
KEY_DOCS: dict[str, tuple[str, str]] = {
    # ── top level, common to the kinds ───────────────────────────────────────────────────────────────────────
    "loai": (
        "Loại văn bản: ke_hoach (kế hoạch), tien_do (tiến độ, báo cáo), thoa_thuan (văn bản hợp tác).",
        "loai: ke_hoach",
    ),
    "co_quan_chu_quan": (
        "Cơ quan chủ quản, in phía trên tên cơ quan ban hành (bỏ trống nếu không có).",
        "co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ",
    ),
    "co_quan_ban_hanh": (
        "Cơ quan ban hành: tên đầy đủ, tên viết tắt, các dòng in ở góc trên bên trái.",
        "co_quan_ban_hanh:\n  ten: Ủy ban nhân dân tỉnh Quảng Trị\n  dong: [ỦY BAN NHÂN DÂN, TỈNH QUẢNG TRỊ]",
    ),
    "ten": (
        "Tên (của cơ quan, nhóm, phụ lục hoặc nội dung nhiệm vụ), viết như sẽ in.",
        "ten: Ủy ban nhân dân tỉnh Quảng Trị",
    ),
    "ten_viet_tat": ("Tên viết tắt dùng trong câu văn.", "ten_viet_tat: UBND tỉnh Quảng Trị"),
    "dong": ("Các dòng tên cơ quan in ở góc trên bên trái (chữ in hoa).", "dong: [ỦY BAN NHÂN DÂN, TỈNH QUẢNG TRỊ]"),
    "so": ('Số văn bản; để trống (null) khi chưa cấp số, in "Số:    /…".', "so: 41"),
    "ky_hieu": ('Ký hiệu văn bản, sau dấu "/" của số.', "ky_hieu: KH-UBND"),
    "dia_danh": ("Địa danh ở dòng ngày tháng.", "dia_danh: Quảng Trị"),
    "ngay": (
        'Ngày ban hành: 2027-01-15, "15/01/2027", "01/2027" hoặc {ngay, thang, nam}; để trống ngày khi chưa ký.',
        "ngay: 15/01/2027",
    ),
    "thang": ("Tháng (1–12) của ngày viết tách.", "ngay: {thang: 9, nam: 2026}"),
    "ngay.ngay": ("Ngày trong tháng (1–31) của ngày viết tách.", "ngay: {ngay: 15, thang: 1, nam: 2027}"),
    "nam": ('Các năm thực hiện, khi nhãn thời gian không nói rõ năm (ví dụ "Thường xuyên").', "nam: [2027, 2029]"),
    "ngay.nam": ("Năm của ngày viết tách (bắt buộc).", "ngay: {thang: 9, nam: 2026}"),
    "trich_yeu": (
        "Trích yếu: nội dung văn bản, in dưới tên loại văn bản.",
        "trich_yeu: Triển khai Bản ghi nhớ hợp tác giữa tỉnh Quảng Trị và tỉnh Savannakhet giai đoạn 2027-2029",
    ),
    "giai_doan": (
        "Giai đoạn của kế hoạch (năm đầu, năm cuối); kế hoạch một năm: tu = den.",
        "giai_doan: {tu: 2027, den: 2029}",
    ),
    "tu": ("Năm đầu của giai đoạn.", "giai_doan: {tu: 2027, den: 2029}"),
    "den": ("Năm cuối của giai đoạn (bằng tu với kế hoạch một năm).", "giai_doan: {tu: 2027, den: 2027}"),
    "can_cu": (
        "Các căn cứ pháp lý, mỗi dòng một căn cứ.",
        "can_cu:\n  - Căn cứ Luật Thỏa thuận quốc tế ngày 13 tháng 11 năm 2020",
    ),
    "mo_dau": ("Các đoạn mở đầu, trước phần I.", "mo_dau:\n  - UBND tỉnh ban hành Kế hoạch như sau:"),
    "phan": (
        "Các phần của kế hoạch (I., II. …), mỗi phần có tiêu đề và nội dung.",
        "phan:\n  - tieu_de: MỤC ĐÍCH, YÊU CẦU\n    noi_dung:\n      - Tăng cường hợp tác.",
    ),
    "tieu_de": ("Tiêu đề của phần (in hoa) hoặc của lĩnh vực.", "tieu_de: NHIỆM VỤ CỤ THỂ"),
    "noi_dung": (
        "Nội dung: danh sách khối (đoạn văn, gach, muc, nhiem_vu …); ở dòng kinh phí: nội dung chi.",
        "noi_dung:\n  - Đoạn văn.\n  - gach: [Dòng một., Dòng hai.]",
    ),
    "ket_thuc": (
        'Đoạn kết thúc, trước nơi nhận (kết bằng "./.").',
        "ket_thuc: Trong quá trình thực hiện, nếu có khó khăn, báo cáo về Sở Ngoại vụ./.",
    ),
    "noi_nhan": (
        'Nơi nhận, mỗi dòng một nơi; dòng "Lưu" viết ở khóa luu.',
        "noi_nhan:\n  - Bộ Ngoại giao (b/c)\n  - Các sở, ban, ngành",
    ),
    "luu": ('Dòng "Lưu:" của nơi nhận.', "luu: VT, NgV"),
    "nguoi_ky": (
        "Người ký: các dòng chức danh (thẩm quyền ký) và họ tên.",
        "nguoi_ky:\n  chuc_danh: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH]\n  ho_ten: Hoàng Nam",
    ),
    "chuc_danh": (
        "Các dòng chức danh, từ trên xuống (TM., KT., Q., TL., TUQ. …).",
        "chuc_danh: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC]",
    ),
    "ho_ten": ("Họ tên người ký, in như viết.", "ho_ten: Hoàng Nam"),
    # ── blocks ───────────────────────────────────────────────────────────────────────────────────────────────
    "doan": ("Một đoạn văn (viết thẳng một dòng văn bản cũng là một đoạn).", "- doan: Tăng cường hợp tác."),
    "gach": ('Các dòng gạch đầu dòng ("- ").', "- gach: [Thiết thực, hiệu quả., Đúng quy định.]"),
    "viec": (
        "Nhiệm vụ viết thành dòng gạch đầu dòng; chủ trì, thời gian lấy từ mục bên trên.",
        "- muc: Hợp tác y tế\n  chu_tri: Sở Y tế\n  thoi_gian: Hàng năm\n  viec: [Khám bệnh miễn phí.]",
    ),
    "muc": (
        "Một mục có số (1., 1.1. …) với nội dung bên dưới.",
        "- muc: Hợp tác về y tế\n  noi_dung:\n    - Đoạn văn.",
    ),
    "diem": ("Một điểm đánh số a), b) … trong mục.", "- diem: Các sở thực hiện Kế hoạch này."),
    "van_ban": (
        "Văn bản liền sau tên mục, trên cùng dòng (ví dụ ở phần tổ chức thực hiện).",
        '- muc: "Sở Tài chính:"\n  van_ban: Bố trí kinh phí.',
    ),
    "doan_kinh_phi": (
        "Đoạn văn nêu tổng kinh phí; {tong_dong}, {tong_bang_chu} lấy từ biểu kinh phí.",
        "- doan_kinh_phi: Tổng kinh phí khoảng {tong_dong} đồng ({tong_bang_chu}).",
    ),
    "mo_ta": ("Các khối mô tả thêm dưới tên nhiệm vụ.", "mo_ta:\n  - gach: [Nội dung một.]"),
    "bang_nhiem_vu": (
        "Bảng nhiệm vụ trong thân văn bản: cột chọn trong cot, các nhiệm vụ.",
        "- bang_nhiem_vu:\n    cot: [ten, chu_tri, thoi_gian]\n    nhiem_vu:\n      - ten: …",
    ),
    "cot": (
        "Các cột của bảng, theo thứ tự: ten, chu_tri, phoi_hop, ket_qua, thoi_gian, linh_vuc.",
        "cot: [ten, chu_tri, phoi_hop, thoi_gian]",
    ),
    "tieu_de_cot": (
        "Tên cột thay cho tên mặc định (bảng nhiệm vụ); ở biểu kinh phí: tên nhóm cột số tiền.",
        "tieu_de_cot: {ten: Nội dung}",
    ),
    "so_cham": ('true: số thứ tự có dấu chấm ("1.").', "so_cham: true"),
    # ── tasks ────────────────────────────────────────────────────────────────────────────────────────────────
    "nhiem_vu": (
        "Một nhiệm vụ: nội dung, thời gian, chủ trì, phối hợp; ở biểu kinh phí và tiến độ: id của nhiệm vụ.",
        "- nhiem_vu:\n    ten: Khám bệnh miễn phí.\n    thoi_gian: Hàng năm\n    chu_tri: Sở Y tế",
    ),
    "id": (
        "Mã nhiệm vụ để biểu kinh phí, tiến độ, báo cáo trỏ tới. Mặc định: số in của nhiệm vụ trong thân "
        '("1.1"); nhiệm vụ chỉ có ở phụ lục: "1", "2" … (danh_so: lien_tuc) hoặc "1.1" … '
        "(theo_nhom). Đổi cách đánh số là đổi mọi mã: ghi id cố định nếu cần.",
        'id: "2.1"',
    ),
    "thoi_gian": (
        'Thời gian thực hiện, in như viết: "Hàng năm", "Năm 2027, 2029", "Quý II/2028"; kế '
        'hoạch một năm: "Quý I", "6 tháng đầu năm", "Cả năm", "Tháng 3", '
        '"Trước ngày 30/6".',
        "thoi_gian: Quý II/2028",
    ),
    "thoi_gian_chi_tiet": (
        "Lịch từng năm, mỗi dòng một năm.",
        'thoi_gian_chi_tiet:\n  - "Năm 2027: tổ chức 05 lớp"\n  - "Năm 2028: tổ chức 03 lớp"',
    ),
    "chu_tri": ('Cơ quan chủ trì; nhiều cơ quan cách nhau bằng ";" hoặc viết thành danh sách.', "chu_tri: Sở Y tế"),
    "phoi_hop": ('Các cơ quan phối hợp, cách nhau bằng ";" hoặc ",".', "phoi_hop: Sở Tài chính; Sở Nội vụ"),
    "ket_qua": (
        "Kết quả, sản phẩm dự kiến của nhiệm vụ; ở tiến độ: danh sách kết quả các đơn vị báo cáo.",
        "ket_qua: Báo cáo kết quả",
    ),
    "ghi_chu": ("Ghi chú in dưới nhiệm vụ.", "ghi_chu: [Phối hợp với tỉnh bạn.]"),
    "linh_vuc": ('Lĩnh vực (tên ngắn) của mục hoặc nhiệm vụ, cho cột "Lĩnh vực".', "linh_vuc: Y tế"),
    "hien_thi": ('Cách in nhiệm vụ: day_du (số và các dòng), gach (một dòng "- "), doan (một đoạn).', "hien_thi: gach"),
    # ── appendices and budget ────────────────────────────────────────────────────────────────────────────────
    "phu_luc": (
        "Các phụ lục: bảng nhiệm vụ (loai: nhiem_vu) hoặc biểu kinh phí (loai: kinh_phi).",
        "phu_luc:\n  - loai: kinh_phi\n    ten: BIỂU KHÁI TOÁN KINH PHÍ\n    nhom: […]",
    ),
    "phu_luc.loai": ("Loại phụ lục: nhiem_vu (bảng nhiệm vụ) hoặc kinh_phi (biểu kinh phí).", "loai: kinh_phi"),
    "kem_theo": ('Dòng "Kèm theo …" dưới tên phụ lục.', "kem_theo: Kèm theo Kế hoạch số 41/KH-UBND"),
    "tep_rieng": ("true: phụ lục in thành tệp riêng.", "tep_rieng: true"),
    "danh_so": (
        'Đánh số thứ tự: theo_nhom (mỗi nhóm đếm lại từ 1, mã "1.1", "2.1" …) hoặc lien_tuc (đếm '
        'tiếp qua các nhóm, mã "1", "2" …).',
        "danh_so: theo_nhom",
    ),
    "tu_noi_dung": ("true: bảng nhiệm vụ lấy các nhiệm vụ từ thân kế hoạch (giữ mã của thân).", "tu_noi_dung: true"),
    "don_vi": (
        "Đơn vị số tiền của biểu: 1 (đồng), 1000 (nghìn đồng, mặc định) hoặc 1000000 (triệu đồng); "
        "số tiền viết là số nguyên theo đơn vị này.",
        "don_vi: 1000",
    ),
    "ket_qua.don_vi": ("Đơn vị báo cáo (cơ quan) của kết quả.", "don_vi: Sở Y tế"),
    "chua_xep.don_vi": ("Đơn vị gửi đoạn văn chưa xếp.", "don_vi: Sở Y tế"),
    "tong_cong": ("Tổng cộng ghi trên văn bản (theo don_vi), để đối chiếu với tổng các dòng.", "tong_cong: 1350000"),
    "cong_nhom": ("true: in dòng cộng của từng nhóm.", "cong_nhom: true"),
    "nhom": (
        "Các nhóm (I, II …) của phụ lục, mỗi nhóm có tên và các nhiệm vụ hoặc dòng kinh phí.",
        "nhom:\n  - ten: Hợp tác về y tế\n    dong: […]",
    ),
    "nhom.dong": (
        "Các dòng kinh phí của nhóm.",
        "dong:\n  - noi_dung: Khám bệnh miễn phí\n    so_tien: {2027: 200000}",
    ),
    "so_tien": (
        "Số tiền từng năm: số nguyên theo don_vi, không có dấu chấm phân cách (viết 1005, không viết 1.005).",
        "so_tien: {2027: 200000, 2028: 200000}",
    ),
    "dong.nhiem_vu": ("id của nhiệm vụ mà dòng kinh phí chi cho.", 'nhiem_vu: "1.1"'),
    "kinh_phi": ("Kinh phí đã chi trong kỳ, số nguyên theo don_vi_tien (mặc định nghìn đồng).", "kinh_phi: 150000"),
    "ban_dien_tu": (
        "Bản điện tử (Nghị định 30, Điều 15.3): số và ngày để trống cho hệ thống quản lý văn bản cấp, dòng "
        '"Kèm theo…" của phụ lục không ghi số và ngày, phụ lục tệp riêng chừa chỗ ở góc trên bên phải trang đầu '
        "cho chữ ký số của cơ quan; mặc định false (bản giấy). Tùy chọn --dien-tu của render và build cũng bật nó.",
        "ban_dien_tu: true",
    ),
    # ── follow-up (bao_cao) ─────────────────────────────────────────────────────────────────────────────────
    "bao_cao": (
        "Cơ quan theo dõi kế hoạch: phát phiếu báo cáo, dự thảo báo cáo; hạn báo cáo.",
        "bao_cao:\n  co_quan: {ten: Sở Ngoại vụ tỉnh Quảng Trị}\n  ky_hieu: BC-SNgV\n"
        "  han: [15/6, 15/11]\n  nguoi_ky: {chuc_danh: [GIÁM ĐỐC], ho_ten: Lê Văn B}",
    ),
    "co_quan": (
        "Cơ quan (tên, tên viết tắt, các dòng in); ở văn bản hợp tác: các dòng cơ quan của một bên.",
        "co_quan: {ten: Sở Ngoại vụ tỉnh Quảng Trị}",
    ),
    "han": ("Các hạn gửi báo cáo trong năm (ngày/tháng).", "han: [15/6, 15/11]"),
    # ── progress (tien_do) ───────────────────────────────────────────────────────────────────────────────────
    "ke_hoach": ("Tệp đặc tả kế hoạch được theo dõi (đường dẫn tương đối).", "ke_hoach: ke-hoach.yaml"),
    "ky": ('Kỳ báo cáo: "2027" (cả năm) hoặc "6 tháng đầu năm 2027".', "ky: 6 tháng đầu năm 2027"),
    "don_vi_tien": (
        "Đơn vị của kinh_phi trong kết quả: 1 (đồng), 1000 (nghìn đồng, mặc định), 1000000.",
        "don_vi_tien: 1000",
    ),
    "nhan_xet_chung": ("Nhận xét chung của báo cáo.", "nhan_xet_chung: Các nhiệm vụ cơ bản đúng tiến độ."),
    "trang_thai": (
        "Tình trạng: hoan_thanh, dang_thuc_hien, chua_thuc_hien, khong_thuc_hien, chuyen_nam_sau.",
        "trang_thai: hoan_thanh",
    ),
    "kinh_phi_ghi": ("Kinh phí viết bằng lời khi không có số.", "kinh_phi_ghi: Lồng ghép kinh phí thường xuyên"),
    "kho_khan": ("Khó khăn, vướng mắc.", "kho_khan: Chưa bố trí được kinh phí."),
    "de_xuat": ("Đề xuất, kiến nghị.", "de_xuat: Đề nghị bổ sung kinh phí."),
    "canh_bao": ("Ghi chú cảnh báo của người tổng hợp.", "canh_bao: Số liệu chưa khớp phiếu."),
    "danh_gia": ("Đánh giá chung: ưu điểm, hạn chế, nguyên nhân.", "danh_gia:\n  uu_diem: [Đúng tiến độ.]"),
    "uu_diem": ("Ưu điểm.", "uu_diem: [Các sở chủ động triển khai.]"),
    "han_che": ("Hạn chế.", "han_che: [Một số nhiệm vụ chậm.]"),
    "nguyen_nhan": ("Nguyên nhân của hạn chế.", "nguyen_nhan: [Thiếu kinh phí.]"),
    "chua_xep": (
        "Đoạn văn của phiếu chưa xếp vào nhiệm vụ nào (giữ lại để xếp tay).",
        "chua_xep:\n  - nguon: phieu-so-y-te.docx\n    van_ban: …",
    ),
    "nguon": ("Tệp nguồn của đoạn văn.", "nguon: phieu-so-y-te.docx"),
    "danh_muc_co_quan": (
        "Các danh mục cơ quan riêng của đặc tả (đường dẫn tương đối), khi đặc tả không nằm trong "
        "không gian làm việc có co-quan.yaml.",
        "danh_muc_co_quan: [../chung/co-quan.yaml]",
    ),
    "ma_ke_hoach": (
        "Mã nhận diện kế hoạch (do drafting ghi vào phiếu và tệp tiến độ): phiếu, tệp tiến độ của kế "
        "hoạch khác bị từ chối.",
        "ma_ke_hoach: 3f9a1c2b7d40",
    ),
    "dong_them": (
        "Kết quả từ một dòng đơn vị tự thêm dưới nhiệm vụ (giữ thành mục riêng, không cộng dồn).",
        "dong_them: true",
    ),
    "sau_nhiem_vu": ("Đoạn chưa xếp được gõ ở dòng dưới nhiệm vụ này.", 'sau_nhiem_vu: "2.1"'),
    "ra_soat": (
        "Danh sách rà soát cho chuyên viên (sửa đổi có theo dõi, ghi chú, phiếu bị từ chối, số tiền cần "
        "xem lại); không bao giờ in vào báo cáo.",
        "ra_soat:\n  - loai: ghi_chu\n    nguon: phieu-so-y-te.docx\n    noi_dung: Số liệu đến 31/5",
    ),
    "ra_soat.nguoi": ("Người sửa hoặc ghi chú, theo Word ghi lại.", "nguoi: Nguyễn Văn A"),
    # ── agreement (thoa_thuan) ───────────────────────────────────────────────────────────────────────────────
    "hinh_thuc": ("Hình thức: van_ban_hop_tac, ban_ghi_nho, thoa_thuan_hop_tac.", "hinh_thuc: ban_ghi_nho"),
    "ten_van_ban": ("Tên văn bản in ở đầu (mặc định theo hinh_thuc).", "ten_van_ban: BẢN GHI NHỚ"),
    "ten_goi": ("Tên gọi trong câu văn (mặc định theo hinh_thuc).", "ten_goi: Bản ghi nhớ"),
    "ben": (
        'Hai bên ký, theo thứ tự "Giữa … Và …" (bên trái trước).',
        "ben:\n  - co_quan: [TỈNH QUẢNG TRỊ]\n    ten: …\n    nguoi_ky: {dai_dien: …, ho_ten: …}",
    ),
    "dai_dien": ("Dòng đại diện ở khối chữ ký của một bên.", "dai_dien: TỈNH QUẢNG TRỊ"),
    "linh_vuc.tieu_de": ("Tiêu đề lĩnh vực hợp tác (đánh số 1., 2. …).", "- tieu_de: Về hợp tác y tế\n  noi_dung: […]"),
    "ky_ket": (
        "Phần ký kết: số bản, ngôn ngữ, ngày và nơi ký.",
        "ky_ket: {so_ban: 4, ngon_ngu: [tiếng Lào, tiếng Việt Nam], ngay: 18/9/2027, dia_diem: tỉnh Quảng Trị}",
    ),
    "so_ban": ("Số bản được lập.", "so_ban: 4"),
    "ngon_ngu": ("Các ngôn ngữ của các bản.", "ngon_ngu: [tiếng Lào, tiếng Việt Nam]"),
    "gia_tri": ('Câu về giá trị các bản (mặc định "có giá trị pháp lý như nhau").', "gia_tri: có giá trị như nhau"),
    "dia_diem": ("Nơi ký.", "dia_diem: tỉnh Quảng Trị"),
}


def key_doc(path: tuple[str, ...]) -> tuple[str, str] | None:
    """The entry of a key at ``path`` (its parents' keys then itself), longest matching suffix first."""
    for start in range(len(path)):
        entry = KEY_DOCS.get(".".join(path[start:]))
        if entry is not None:
            return entry
    return None


_INTRO = """\
# Các khóa của đặc tả, kèm ví dụ

Tệp này sinh từ `drafting/spec/key_docs.py` (`python -m drafting.spec.key_docs > docs/khoa-dac-ta.md`);
`tests/spec/test_json_schema.py` kiểm tra nó khớp với mã. Cùng nội dung ấy hiện trong trình soạn thảo khi di chuột
lên một khóa.

## Bắt đầu một kế hoạch mới

```sh
drafting moi ke_hoach quang-tri --tinh "Quảng Trị" --giai-doan 2027-2029 --doi-tac Savannakhet
drafting check quang-tri/ke-hoach.yaml
drafting render quang-tri/ke-hoach.yaml -o quang-tri/ra
```

`drafting moi` ghi bản khung `ke-hoach.yaml` (hợp lệ ngay, mỗi khối có chú thích), danh mục cơ quan riêng
`co-quan.yaml` (cơ quan của tỉnh và của tỉnh bạn) và JSON Schema `.drafting/ke_hoach.schema.json`. Không ghi đè tệp
đã có. `--giai-doan 2027` cho kế hoạch một năm.

## Gợi ý và kiểm tra khóa khi gõ (VS Code)

`drafting schema KIND` in JSON Schema của một loại đặc tả (`ke_hoach`, `tien_do`, `thoa_thuan`), sinh từ các schema
Cerberus trong `specs/schemas/`; `-o TỆP` ghi ra tệp. Với tiện ích YAML của VS Code (Red Hat), dòng đầu của đặc tả

```yaml
# yaml-language-server: $schema=.drafting/ke_hoach.schema.json
```

(bản khung của `drafting moi` đã có sẵn) cho trình soạn thảo gợi ý khóa, giải thích khóa và gạch chân khóa sai
ngay khi gõ. JSON Schema chỉ kiểm tra cấu trúc; ngày, nhãn thời gian, cơ quan, tổng tiền vẫn do `drafting check`
kiểm tra.

## Đơn vị, mã nhiệm vụ, đánh số

- **Số tiền** (`so_tien`, `tong_cong`) là số nguyên theo `don_vi` của biểu: `1000` (mặc định) là nghìn đồng,
  `1` là đồng, `1000000` là triệu đồng. Viết liền, không dấu chấm phân cách: `1005` (không viết `1.005`, YAML hiểu
  là số thập phân).
- **Mã nhiệm vụ** (`id`): mặc định là số in của nhiệm vụ trong thân (`"1.1"`, `"2.3"`). Nhiệm vụ chỉ có trong
  phụ lục được đánh mã theo `danh_so`: `lien_tuc` cho `"1"`, `"2"` … `"13"`; `theo_nhom` cho `"1.1"`, `"1.2"`,
  `"2.1"` … Đổi cách đánh số là đổi mọi mã: biểu kinh phí và tiến độ trỏ tới nhiệm vụ bằng mã, nên ghi `id` cố định
  khi còn thêm bớt, sắp xếp lại.
- **Giai đoạn**: `giai_doan: {tu: 2027, den: 2029}`; kế hoạch một năm: `{tu: 2027, den: 2027}`.

## Từng khóa

Một khóa có nghĩa khác tùy chỗ đứng được ghi kèm khóa cha (`nhom.dong`: các dòng kinh phí của một nhóm;
`dong`: các dòng tên cơ quan).
"""


def key_reference_markdown() -> str:
    """docs/khoa-dac-ta.md: the introduction, then every key with its meaning and an example."""
    parts = [_INTRO]
    for key in sorted(KEY_DOCS):
        text, example = KEY_DOCS[key]
        parts.append(f"\n### `{key}`\n\n{text}\n\n```yaml\n{example}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(key_reference_markdown())
