"""How check and render grow with the plan's size (issue 20, items 3 and 5).

    python bench/bench_growth.py [--sizes 1000,5000,20000,50000] [--repeat 3]
    python bench/bench_growth.py --nhanh        # 1 000, 5 000 and 20 000 tasks only (about 30 s)

Each size runs in a fresh interpreter (so memory is that size's own), within the spec caps
(spec/loader.py: MAX_BYTES, MAX_NODES; a 50 000-task plan of this shape is 16 MB and about 580 000 nodes):
``load_spec`` + ``validate`` (the Cerberus step alone), ``api.check`` and ``api.render`` of a plan with N tasks
in one appendix, the median of ``--repeat`` runs of each, and the peak resident memory (VmHWM) of one render in
a fresh interpreter (as the command line runs it).
Prints the growth exponent of check and render (least-squares slope of log t over log N) against the target
≤ 1.05, and the memory per task ((peak at the largest − peak at the smallest) / Δ tasks) against ≤ 8 kB per
task, each with "đạt" or "chưa đạt". Times vary with what else the machine runs: run it on a quiet one. The 50 000-task run takes about two minutes (mostly writing the spec).
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
from drafting import api
from drafting.spec import loader, validator
spec, out, repeat = Path({spec!r}), Path({out!r}), {repeat}
def timed(fn):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times)
registry = api.registry_for(spec)
def validate():
    loaded = loader.load_spec(spec)
    t0 = time.perf_counter()
    validator.validate(loaded, "ke_hoach", registry)
    return time.perf_counter() - t0
validate()
validation = statistics.median(validate() for _ in range(repeat))
check = timed(lambda: api.check(spec))
render = timed(lambda: api.render(spec, out))
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(json.dumps({{"validate": validation, "check": check, "render": render, "peak_kb": peak}}))
"""

#: the peak of one render in a fresh interpreter, as the command line runs it (the timed runs above repeat
#: in one process, whose peak also holds what the repeats left to the allocator)
PEAK = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from drafting import api
api.render(Path({spec!r}), Path({out!r}))
print(json.dumps(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))))
"""


def verdict(ok: bool) -> str:
    return "đạt" if ok else "chưa đạt"


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000,20000,50000")
    ap.add_argument("--nhanh", action="store_true", help="1000,5000,20000 only")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in ("1000,5000,20000" if args.nhanh else args.sizes).split(",")]
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
            code = PEAK.format(root=str(ROOT), spec=str(spec), out=str(Path(tmp) / f"peak-{n}"))
            res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp)
            if res.returncode:
                print(res.stderr[-2000:])
                return 1
            r["render_peak_kb"] = json.loads(res.stdout.strip().splitlines()[-1])
            r["n"], r["bytes"] = n, spec.stat().st_size
            rows.append(r)
            print(
                f"{n:>7} tasks ({r['bytes'] / 1e6:5.1f} MB): validate {r['validate']:6.3f} s, check {r['check']:7.3f} s, "
                f"render {r['render']:7.3f} s, peak of one render {r['render_peak_kb'] / 1024:7.1f} MB "
                f"(of the timed runs {r['peak_kb'] / 1024:7.1f} MB)",
                flush=True,
            )
    ns = [r["n"] for r in rows]
    for step in ("validate", "check", "render"):
        e = slope(ns, [r[step] for r in rows])
        target = "" if step == "validate" else f" (target ≤ 1.05) {verdict(e <= 1.05)}"
        print(f"growth exponent of {step} {ns[0]}→{ns[-1]}: {e:.3f}{target}")
    per_task = (rows[-1]["render_peak_kb"] - rows[0]["render_peak_kb"]) / (ns[-1] - ns[0])
    print(f"memory per task (one render): {per_task:.1f} kB (target ≤ 8 kB) {verdict(per_task <= 8)}")
    per_task = (rows[-1]["peak_kb"] - rows[0]["peak_kb"]) / (ns[-1] - ns[0])
    print(f"memory per task (the timed runs' peak): {per_task:.1f} kB")
    from drafting.spec import loader

    per_task_bytes = rows[-1]["bytes"] / ns[-1]
    print(
        f"spec caps: {loader.MAX_BYTES / 2**20:.0f} MB and {loader.MAX_NODES:,} nodes ≈ "
        f"{int(loader.MAX_BYTES / per_task_bytes):,} tasks of this shape by size"
    )
    return 0  # figures for the notes, not a gate (đạt/chưa đạt is printed)


if __name__ == "__main__":
    raise SystemExit(main())
