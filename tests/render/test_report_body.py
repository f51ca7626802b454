"""The report's body as a clerk reads it: one line per task however many departments reported it, and numbered
sub-headings in part IV only when there are two."""

from __future__ import annotations

import shutil
from pathlib import Path

from drafting import api

from conftest import FIXTURES, as_read, docx_paragraph_texts


def _report(tmp_path: Path, spec: Path) -> list[str]:
    (docx,) = [p for p in api.render(spec, tmp_path / "out") if p.suffix == ".docx"]
    return [as_read(t) for t in docx_paragraph_texts(docx)]


def test_a_task_reported_by_two_departments_is_one_line(tmp_path):
    texts = _report(tmp_path, FIXTURES / "tien-do.yaml")
    lines = [t for t in texts if "Trao đổi đoàn" in t and "Đang thực hiện" in t]
    assert lines == [
        "- Trao đổi đoàn: Đang thực hiện. Đã chuẩn bị chương trình đoàn (Sở Y tế); đã thẩm định dự toán (Sở Tài chính)."
    ]


def test_part_four_numbers_its_two_sub_headings(tmp_path):
    texts = _report(tmp_path, FIXTURES / "tien-do.yaml")
    start = texts.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    part = texts[start : start + 5]
    assert part[1] == "1. Đề xuất, kiến nghị của các đơn vị"
    assert part[2] == "- Bổ sung kinh phí phiên dịch (Sở Y tế)."
    assert part[3] == "2. Ý kiến khác của các đơn vị"
    assert part[4].startswith("- Đề nghị tổ chức hội nghị sơ kết")


def test_part_four_without_other_opinions_has_no_sub_heading(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES, ws)  # a workspace of its own: the progress spec lies beside its plan
    spec = ws / "tien-do.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text[: text.index("chua_xep:")], encoding="utf-8")
    texts = _report(tmp_path, spec)
    start = texts.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    assert texts[start + 1] == "- Bổ sung kinh phí phiên dịch (Sở Y tế)."
    assert not any(t.startswith(("1. Đề xuất", "1. Ý kiến khác")) for t in texts)
