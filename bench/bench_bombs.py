"""Benchmark: time and peak memory to refuse each hostile .docx, and peak memory of a 200-form collect run.

    python bench/bench_bombs.py [--forms 200]

Each case runs in a fresh subprocess so that its peak RSS (ru_maxrss) is its own. No assertion: the figures
are for the closing notes (targets: each refusal < 2 s and < 200 MB; 200 forms < 300 MB).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "render" / "docx"))

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from drafting.render.docx.reader import read_docx
from drafting.render.docx.safezip import Refused
t = time.perf_counter()
try:
    read_docx(sys.argv[2]); outcome = "đọc được"
except Refused as exc:
    outcome = exc.reason
print(json.dumps({"s": time.perf_counter() - t, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""

COLLECT = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from drafting.workflows.collect import collect
t = time.perf_counter()
files = sorted(Path(sys.argv[3]).glob("*.docx"))
r = collect(Path(sys.argv[2]), files)
print(json.dumps({"s": time.perf_counter() - t, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": f"{len(r.read)} đọc, {len(r.refused)} từ chối, {r.entries} mục"}))
"""


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=int, default=200)
    args = ap.parse_args()
    import bombs

    baseline = run(
        "import json,resource;print(json.dumps({'s':0,'mb':resource.getrusage(resource.RUSAGE_SELF)"
        ".ru_maxrss/1024,'outcome':''}))"
    )
    print(f"python alone: {baseline['mb']:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, (path, _) in bombs.ALL(tmp, ROOT / "templates" / "phieu-bao-cao.docx").items():
            r = run(CHILD, str(path))
            print(f"{name:10} {path.stat().st_size / 1024:9.0f} KB  {r['s']:6.2f} s  {r['mb']:6.0f} MB  {r['outcome']}")
        # a realistic run: the Gia Lai forms, filled, copied to --forms files (one department's form repeated
        # under other names is refused as a duplicate, so each copy gets its own small change)
        from docx import Document

        from drafting.vi.timeline import Period
        from drafting.workflows.shells import write_shells

        plan = ROOT / "examples" / "gia-lai-2026-2030" / "ke-hoach.yaml"
        forms = write_shells(plan, Period(2026), tmp / "forms")
        out = tmp / "many"
        out.mkdir()
        for i in range(args.forms):
            src = forms[i % len(forms)]
            doc = Document(str(src))
            table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Mã")
            for row in table.rows[1:]:
                if row.cells[0].text[:1].isdigit():
                    row.cells[2].text = "Đang thực hiện"
                    row.cells[3].text = f"Kết quả lần {i}: " + "đã triển khai theo kế hoạch. " * 20
                    row.cells[4].text = "12.500"
            doc.save(str(out / f"{src.stem}-{i:03d}.docx"))
        r = run(COLLECT, str(plan), str(out))
        print(f"collect {args.forms} phiếu: {r['s']:.1f} s, {r['mb']:.0f} MB ({r['outcome']})")


if __name__ == "__main__":
    main()
