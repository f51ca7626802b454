"""drafting diff: moves only when a task or budget line changed place; excerpts; one-year periods (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafting.cli import app
from drafting.workflows.diff import diff_specs, excerpt, period_label

PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "quang-tri-2027-2029.yaml"
runner = CliRunner()

T21 = "Tiếp nhận lưu học sinh tỉnh Savannakhet học tiếng Việt tại Trường Cao đẳng Sư phạm Quảng Trị."
T22 = "Tổ chức giao lưu văn hóa, thể thao thanh niên hai tỉnh"


def _task_blocks(text: str) -> list[str]:
    return re.split(r"(?=\n          - nhiem_vu:|\n      - muc:|\n  - tieu_de: TỔ CHỨC)", text)


def _variant(tmp_path: Path, edit) -> tuple[Path, Path]:
    new = tmp_path / "ke-hoach-moi.yaml"
    new.write_text(edit(PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    return PLAN, new


def _changes(tmp_path, edit):
    old, new = _variant(tmp_path, edit)
    changes, _, _ = diff_specs(old, new)
    return changes


def test_pure_reorder_is_one_move(tmp_path):
    def edit(s):
        blocks = _task_blocks(s)
        i1 = next(i for i, b in enumerate(blocks) if T21 in b)
        i2 = next(i for i, b in enumerate(blocks) if T22 in b)
        blocks[i1], blocks[i2] = blocks[i2], blocks[i1]
        return "".join(blocks)

    changes = _changes(tmp_path, edit)
    assert len(changes) == 1, changes
    c = changes[0]
    assert c.nhom == "nhiem_vu" and c.loai == "chuyen"
    assert c.ghi_chu in (
        "Nhiệm vụ 2.1: chuyển từ nhiệm vụ 2.2 sang nhiệm vụ 2.1",
        "Nhiệm vụ 2.2: chuyển từ nhiệm vụ 2.1 sang nhiệm vụ 2.2",
    )


def test_moving_a_task_between_fields_is_one_move_naming_both_fields(tmp_path):
    def edit(s):
        blocks = _task_blocks(s)
        k = next(i for i, b in enumerate(blocks) if "Đào tạo điều dưỡng viên" in b)
        moved = blocks.pop(k)
        end = next(i for i, b in enumerate(blocks) if T22 in b)
        blocks.insert(end + 1, moved)
        return "".join(blocks)

    changes = _changes(tmp_path, edit)
    assert [c.ghi_chu for c in changes] == [
        'Nhiệm vụ 2.3: chuyển từ nhiệm vụ 1.2 (lĩnh vực "Hợp tác về y tế") sang nhiệm vụ 2.3 '
        '(lĩnh vực "Hợp tác về giáo dục và đào tạo")'
    ]
    assert changes[0].loai == "chuyen"


def test_a_budget_line_moved_between_groups_is_reported(tmp_path):
    line = (
        "          - noi_dung: Đào tạo điều dưỡng viên\n            thoi_gian: Năm 2028\n"
        '            chu_tri: Sở Y tế\n            nhiem_vu: "1.2"\n            so_tien: {2028: 300000}\n'
    )

    def edit(s):
        assert line in s
        s = s.replace(line, "")
        anchor = "          - noi_dung: Giao lưu văn hóa, thể thao thanh niên\n"
        return s.replace(anchor, line + anchor)

    changes = _changes(tmp_path, edit)
    assert len(changes) == 1, changes  # the totals are the same: no total change
    c = changes[0]
    assert (c.nhom, c.loai) == ("kinh_phi", "chuyen")
    assert c.ghi_chu == ('chuyển từ nhóm I ("Hợp tác về y tế") sang nhóm II ("Hợp tác về giáo dục và đào tạo")')
    assert c.cu == c.moi == "Đào tạo điều dưỡng viên: 2028: 300.000"


def test_a_budget_line_reordered_within_its_group(tmp_path):
    a = "          - noi_dung: Khám, chữa bệnh miễn phí cho nhân dân các huyện biên giới\n"
    b = "          - noi_dung: Đào tạo điều dưỡng viên\n"

    def edit(s):
        i, j, k = s.index(a), s.index(b), s.index("      - ten: Hợp tác về giáo dục và đào tạo\n")
        return s[:i] + s[j:k] + s[i:j] + s[k:]

    changes = _changes(tmp_path, edit)
    assert [c.ghi_chu for c in changes] in (
        ["chuyển từ dòng 2 nhóm I sang dòng 1 nhóm I"],
        ["chuyển từ dòng 1 nhóm I sang dòng 2 nhóm I"],
    )


def test_a_reworded_task_is_one_change_not_a_move(tmp_path):
    changes = _changes(tmp_path, lambda s: s.replace("học tiếng Việt tại", "học tiếng Việt và ngoại ngữ tại"))
    assert [c.ghi_chu for c in changes] == ['Nhiệm vụ 2.1: sửa nội dung: thêm "và ngoại ngữ"']


def test_renaming_a_field_moves_nothing(tmp_path):
    changes = _changes(tmp_path, lambda s: s.replace("- muc: Hợp tác về y tế", "- muc: Hợp tác trong lĩnh vực y tế"))
    assert [c.nhom for c in changes] == ["noi_dung"], changes


def test_one_year_period_is_phrased_as_a_year(tmp_path):
    annual = tmp_path / "ke-hoach-2027.yaml"
    r = runner.invoke(app, ["next-year", str(PLAN), "--year", "2027", "-o", str(annual)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["diff", str(PLAN), str(annual)])
    assert r.exit_code == 0, r.output
    assert "2027-2027" not in r.output
    changes, _, _ = diff_specs(PLAN, annual)
    period = [c for c in changes if c.nhom == "thong_tin" and "Thời gian" in c.ghi_chu]
    assert len(period) == 1
    assert (period[0].ghi_chu, period[0].cu, period[0].moi) == (
        "Thời gian thực hiện kế hoạch thay đổi",
        "giai đoạn 2027-2029",
        "năm 2027",
    )
    assert not any(c.nhom == "thong_tin" and c.ghi_chu == "Giai đoạn thay đổi" for c in changes)


def test_period_label():
    assert period_label(2027, 2027) == "năm 2027"
    assert period_label(2026, 2030) == "giai đoạn 2026-2030"


@pytest.mark.parametrize("limit", [10, 23, 40, 61])
def test_excerpt_cuts_at_a_word_boundary(limit):
    text = (
        "Tổ chức đoàn công tác của Lãnh đạo tỉnh Quảng Trị tới thăm và làm việc tại tỉnh Savannakhet, "
        "trao đổi kinh nghiệm quản lý biên giới"
    )
    cut = excerpt(text, limit)
    assert cut.endswith("…") and len(cut) <= limit + 1
    body = cut[:-1]
    assert text.startswith(body) and text[len(body)] in " ,"  # the next character ends a word
    assert excerpt("Ngắn gọn.", 40) == "Ngắn gọn."


def test_cli_excerpts_end_with_an_ellipsis_on_a_whole_word(tmp_path):
    long_task = (
        "Phối hợp tổ chức Hội nghị xúc tiến đầu tư, thương mại và du lịch giữa tỉnh Quảng Trị và tỉnh "
        "Savannakhet tại thành phố Kaysone Phomvihane, giới thiệu các dự án trọng điểm trên Hành lang kinh tế "
        "Đông - Tây và cơ chế ưu đãi của hai tỉnh"
    )

    def edit(s):
        return s.replace(T21, long_task)

    old, new = _variant(tmp_path, lambda s: s.replace(T21, long_task + " đối với doanh nghiệp"))
    base = tmp_path / "truoc.yaml"
    base.write_text(edit(PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    r = runner.invoke(app, ["diff", str(base), str(new)])
    assert r.exit_code == 0, r.output
    shown = [
        line.split(":", 1)[1].strip() for line in r.output.splitlines() if line.strip().startswith(("trước:", "sau:"))
    ]
    assert len(shown) == 2
    for s in shown:
        assert s.endswith("…") and len(s) <= 161
        assert long_task.startswith(s[:-1]) and long_task[len(s) - 1] in " ,"


def test_a_task_moved_into_another_field_moves_nothing_else(tmp_path):
    # 2.2 goes to the end of field 1: 2.1 keeps its number and its place; the old code said "chuyển từ nhiệm vụ
    # 2.1 sang nhiệm vụ 2.1" (its order against the moved task had changed)
    def edit(s):
        blocks = _task_blocks(s)
        k = next(i for i, b in enumerate(blocks) if T22 in b)
        moved = blocks.pop(k)
        end = next(i for i, b in enumerate(blocks) if "Đào tạo điều dưỡng viên" in b)
        blocks.insert(end + 1, moved)
        return "".join(blocks)

    changes = _changes(tmp_path, edit)
    assert [c.ghi_chu for c in changes] == [
        'Nhiệm vụ 1.3: chuyển từ nhiệm vụ 2.2 (lĩnh vực "Hợp tác về giáo dục và đào tạo") sang nhiệm vụ 1.3 '
        '(lĩnh vực "Hợp tác về y tế")'
    ]
    assert not any(re.search(r"chuyển từ (nhiệm vụ [\d.]+) sang \1\b", c.ghi_chu) for c in changes)
