"""Small pieces of collect: statuses as departments write them."""

from __future__ import annotations

import pytest

from drafting.workflows.collect import parse_status


@pytest.mark.parametrize(
    "text,status",
    [
        ("Hoàn thành", "hoan_thanh"),
        ("Đã hoàn thành", "hoan_thanh"),
        ("hoàn thành.", "hoan_thanh"),
        ("Đã xong", "hoan_thanh"),
        ("Đang thực hiện", "dang_thuc_hien"),
        ("đang triển khai", "dang_thuc_hien"),
        ("Tiếp tục thực hiện", "dang_thuc_hien"),
        ("Chưa thực hiện", "chua_thuc_hien"),
        ("Chưa triển khai", "chua_thuc_hien"),
        ("Không thực hiện", "khong_thuc_hien"),
        ("Tạm dừng", "khong_thuc_hien"),
        ("Dừng", "khong_thuc_hien"),
        ("Chuyển sang năm sau", "chuyen_nam_sau"),
        ("Lùi sang năm 2027", "chuyen_nam_sau"),
        ("Hoãn lại", "chuyen_nam_sau"),
        ("Đang thực hiện, dự kiến xong quý IV", "dang_thuc_hien"),
        ("Tốt", None),
        ("hoan thanh", "hoan_thanh"),
        ("dung", "khong_thuc_hien"),
        ("Đăng ký", None),
        ("Dũng cảm", None),
        ("", None),
        ("?", None),
    ],
)
def test_status_words(text, status):
    assert parse_status(text) == status
