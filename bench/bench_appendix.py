"""Benchmark: render task appendices of 100, 1 000 and 5 000 tasks; print times and growth ratios.

    python bench/bench_appendix.py [--repeat 5] [--sizes 100,1000,5000]

Times are medians of ``--repeat`` runs in this process: "render" is context → .docx bytes (docxtpl in the
sandboxed, autoescaped environment, plus the adapter's layout fixes and the deterministic zip); "check" is
load + validate + model of the generated spec. No assertion: the figures are for the closing notes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AGENCIES = [
    "Sở Y tế",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Văn phòng UBND tỉnh",
    "Công an tỉnh",
    "Sở Xây dựng",
]


def make_spec(n: int, folder: Path) -> Path:
    from ruamel.yaml import YAML

    groups = []
    for g in range(0, n, 10):
        tasks = []
        for k in range(g, min(g + 10, n)):
            tasks.append(
                {
                    "ten": f"Nhiệm vụ số {k + 1}: trao đổi đoàn, chia sẻ kinh nghiệm quản lý nhà nước & hợp tác <R&D>",
                    "chu_tri": AGENCIES[k % len(AGENCIES)],
                    "phoi_hop": f"{AGENCIES[(k + 1) % len(AGENCIES)]}; {AGENCIES[(k + 2) % len(AGENCIES)]} và các cơ quan liên quan",
                    "ket_qua": "Báo cáo chuyên đề",
                    "thoi_gian": "2026-2030" if k % 3 else "Hàng năm",
                }
            )
        groups.append({"ten": f"Lĩnh vực {g // 10 + 1}", "nhiem_vu": tasks})
    spec = {
        "loai": "ke_hoach",
        "co_quan_ban_hanh": {"ten": "Ủy ban nhân dân tỉnh Bắc Ninh"},
        "so": None,
        "ky_hieu": "KH-UBND",
        "dia_danh": "Bắc Ninh",
        "ngay": {"thang": 4, "nam": 2026},
        "trich_yeu": f"Kế hoạch thử với {n} nhiệm vụ",
        "giai_doan": {"tu": 2026, "den": 2030},
        "phan": [
            {"tieu_de": "MỤC ĐÍCH, YÊU CẦU", "noi_dung": ["Thử tốc độ."]},
            {"tieu_de": "TỔ CHỨC THỰC HIỆN", "noi_dung": ["Các sở thực hiện./."]},
        ],
        "noi_nhan": ["Lưu trữ"],
        "luu": "VT",
        "nguoi_ky": {"chuc_danh": ["CHỦ TỊCH"], "ho_ten": "Nguyễn Văn A"},
        "phu_luc": [{"loai": "nhiem_vu", "ten": "Nhiệm vụ", "nhom": groups}],
    }
    path = folder / f"ke-hoach-{n}.yaml"
    y = YAML()
    with open(path, "w", encoding="utf-8") as fh:
        y.dump(spec, fh)
    return path


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="100,1000,5000")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from drafting import api
    from drafting.render.docx import render_docx

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            spec = make_spec(n, Path(tmp))
            checked = api.check(spec)
            out = checked.kind.outputs(checked.model)[0]
            template = api.TEMPLATES_DIR / out.template
            t_check = median_time(lambda spec=spec: api.check(spec), args.repeat)
            t_render = median_time(lambda t=template, o=out: render_docx(t, o.context, o.core, o.layout), args.repeat)
            results[n] = (t_check, t_render)
            print(f"{n:>6} tasks: check {t_check * 1000:8.1f} ms   render {t_render * 1000:8.1f} ms", flush=True)
    for a, b in zip(sizes, sizes[1:], strict=False):
        print(
            f"growth {a}→{b} (×{b / a:g} tasks): check ×{results[b][0] / results[a][0]:.2f}, "
            f"render ×{results[b][1] / results[a][1]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
