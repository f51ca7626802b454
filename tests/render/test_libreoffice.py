"""LibreOffice opens what we make: the plan converts to PDF, with the seed's text on its pages."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import pdf_text, to_pdf

pytestmark = pytest.mark.slow

needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) not installed; .ci/run installs it and CI runs these tests",
)


@needs_lo
def test_plan_converts_to_pdf_and_reads_like_the_seed(bac_ninh_docx, tmp_path):
    copy = tmp_path / bac_ninh_docx.name
    shutil.copy(bac_ninh_docx, copy)
    pdf = to_pdf(copy)
    assert pdf.stat().st_size > 10_000
    text = " ".join(pdf_text(pdf).split())
    for needle in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "9.6. Hợp tác, trao đổi kinh nghiệm",
        "Mai Sơn",
        "Lưu: VT, NgV.Thu.",
    ):
        assert needle in text, needle
    import subprocess

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(l for l in info.splitlines() if l.startswith("Pages:")).split()[1])
    assert 10 <= pages <= 30
    assert "Tổng khái toán cả giai đoạn 2026-2030: 221.542.169.000 đồng" in text
    assert "(A4)" in info  # page size in points, named by pdfinfo


@needs_lo
def test_render_with_pdf_option(write_spec, minimal_data, tmp_path):
    from drafting import api

    written = api.render(write_spec(minimal_data), tmp_path / "out", pdf=True)
    assert [p.suffix for p in written] == [".docx", ".pdf"]
    assert written[1].read_bytes().startswith(b"%PDF")
