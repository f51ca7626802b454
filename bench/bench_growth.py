"""How check and render grow with the plan's size (issue 20, item 5).

    python bench/bench_growth.py [--sizes 1000,5000,20000,50000] [--repeat 3]

Each size runs in a fresh interpreter (so memory is that size's own): ``api.check`` then ``api.render`` of a plan
with N tasks in one appendix, the median of ``--repeat`` runs of each, and the peak resident memory (VmHWM).
Prints the growth exponent of each step (least-squares slope of log t over log N) against the target ≤ 1.05, and
the memory per task ((peak at the largest − peak at the smallest) / Δ tasks) against ≤ 8 kB per task.

The spec size caps (spec/loader.py: MAX_BYTES, MAX_NODES) are a policy against hostile files, not a property of
the engine: the child lifts them to measure beyond them, and prints where the caps lie in tasks.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_appendix import make_spec  # noqa: E402

CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from drafting.spec import loader
loader.MAX_BYTES = 1 << 30
loader.MAX_NODES = 1 << 30
from drafting import api
spec, out, repeat = Path({spec!r}), Path({out!r}), {repeat}
def timed(fn):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times)
check = timed(lambda: api.check(spec))
render = timed(lambda: api.render(spec, out))
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(json.dumps({{"check": check, "render": render, "peak_kb": peak}}))
"""


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000,20000,50000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            spec = make_spec(n, Path(tmp))
            code = CHILD.format(root=str(ROOT), spec=str(spec), out=str(Path(tmp) / f"out-{n}"), repeat=args.repeat)
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp)
            if res.returncode:
                print(res.stderr[-2000:])
                return 1
            r = json.loads(res.stdout.strip().splitlines()[-1])
            r["n"], r["bytes"] = n, spec.stat().st_size
            rows.append(r)
            print(
                f"{n:>7} tasks ({r['bytes'] / 1e6:5.1f} MB): check {r['check']:7.3f} s, render {r['render']:7.3f} s, "
                f"peak {r['peak_kb'] / 1024:7.1f} MB"
            )
    ns = [r["n"] for r in rows]

    for step in ("check", "render"):
        e = slope(ns, [r[step] for r in rows])

        print(f"growth exponent of {step}: {e:.3f} (target ≤ 1.05) {'PASS' if e <= 1.05 else 'FAIL'}")
    per_task = (rows[-1]["peak_kb"] - rows[0]["peak_kb"]) / (ns[-1] - ns[0])
    print(f"memory per task: {per_task:.1f} kB (target ≤ 8 kB) {'PASS' if per_task <= 8 else 'FAIL'}")
    from drafting.spec import loader

    per_node_bytes = rows[-1]["bytes"] / ns[-1]
    print(
        f"spec caps: {loader.MAX_BYTES / 2**20:.0f} MB and {loader.MAX_NODES} nodes ≈ "
        f"{int(loader.MAX_BYTES / per_node_bytes)} tasks of this shape by size"
    )
    return 0  # figures for the notes, not a gate (PASS/FAIL is printed)


if __name__ == "__main__":
    raise SystemExit(main())
