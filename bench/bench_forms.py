"""`shells` and `collect`, per form, against python-docx alone on the same files (issue 20 item 8).

    python bench/bench_forms.py [--repeat 5] [--tasks 2000]

A plan of ``--tasks`` tasks (bench_appendix.make_spec), its report forms for one year:
- shells: ``write_shells`` (check of the plan included: it is what the command does) ÷ the number of forms, against
  python-docx opening each produced form and writing it again (the cost of writing that .docx with python-docx);
- collect: ``collect`` on the forms filled in (every row: a status, a result, an amount) ÷ the number of forms,
  against python-docx opening each filled form and reading the text of every cell of every table.
Medians of ``--repeat`` runs in this process. Target: each ≤ 2× python-docx. Prints the figures with "đạt" or
"chưa đạt". No assertion.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_appendix import make_spec, median_time  # noqa: E402


def fill(src: Path, dst: Path) -> None:
    from docx import Document

    doc = Document(str(src))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")
    for row in table.rows[1:]:
        cells = row.cells
        if cells[0].text[:1].isdigit():
            cells[2].paragraphs[0].text = "Hoàn thành"
            cells[3].paragraphs[0].text = f"Đã thực hiện nhiệm vụ {cells[0].text} đúng kế hoạch"
            cells[4].paragraphs[0].text = "12.500"
    doc.save(str(dst))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tasks", type=int, default=2000)
    args = ap.parse_args()

    from docx import Document

    from drafting.vi.timeline import parse_period
    from drafting.workflows.collect import collect
    from drafting.workflows.shells import write_shells

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        spec = make_spec(args.tasks, work)
        period = parse_period(str(_first_year(spec)))
        forms = write_shells(spec, period, work / "phieu")
        n = len(forms)
        filled = []
        for f in forms:
            target = work / "da-dien" / f.name
            target.parent.mkdir(exist_ok=True)
            fill(f, target)
            filled.append(target)

        def shells() -> None:
            write_shells(spec, period, work / "lai")

        def docx_write() -> None:
            for f in forms:
                Document(str(f)).save(io.BytesIO())

        def gather() -> None:
            collect(spec, filled)

        def docx_read() -> None:
            for f in filled:
                doc = Document(str(f))
                for t in doc.tables:
                    for row in t.rows:
                        for cell in row.cells:
                            _ = cell.text

        rows = [
            ("shells", median_time(shells, args.repeat), median_time(docx_write, args.repeat)),
            ("collect", median_time(gather, args.repeat), median_time(docx_read, args.repeat)),
        ]
    print(f"{args.tasks} nhiệm vụ, {n} phiếu; trung vị của {args.repeat} lần")
    for name, ours, base in rows:
        ratio = ours / base
        print(
            f"{name:8s} {ours / n * 1000:8.1f} ms/phiếu   python-docx {base / n * 1000:8.1f} ms/phiếu   "
            f"{ratio:4.2f}× (mục tiêu ≤ 2×)  {'đạt' if ratio <= 2 else 'chưa đạt'}"
        )
    return 0


def _first_year(spec: Path) -> int:
    from drafting import api

    return api.check(spec).model.giai_doan[0]


if __name__ == "__main__":
    raise SystemExit(main())
