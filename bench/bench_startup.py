"""Start-up cost of the `drafting` command against a bare interpreter (issue 20 item 4).

    python bench/bench_startup.py [--repeat 7] [--bytecode]

Whole processes, medians of ``--repeat`` runs, each a ratio to `python -c pass` measured in the same run:
  - `drafting --help`                        target ≤ 2×
  - `drafting words 123`                     target ≤ 4×
  - `drafting check` of a small spec         target ≤ 4×
  - a no-op `drafting build examples`        target ≤ 4× (built once first, then timed: nothing changes)
Prints each figure with its target and "đạt" (pass) or "chưa đạt" (fail), and the first run of each command
("lần đầu"), which fills the user's cache (drafting/cache.py: help pages, prepared schemas) that the timed runs
then use; the cache is a private folder of this run (DRAFTING_CACHE), so the figures do not depend on the
machine's own. No assertion.

``--bytecode`` lets Python keep the bytecode of drafting's modules (in a private folder), as an installed drafting
has it; without it the environment decides (PYTHONDONTWRITEBYTECODE=1 compiles every module at every start).

Figures (2 shared cores, Python 3.11, median of 5; the ratio moves by ±0.3 with the machine's load):

    command                     before   after   after, --bytecode
    drafting --help              3.7×     1.9×        1.8×
    drafting words 123           8.0×     4.6×        4.5×
    drafting check (small)      17×      11×          9×
    no-op build                 13×       5.0×        4.0×

What is left is mostly imports: Typer (about 1.6× on its own), Cerberus (it loads importlib.metadata),
num2words (every language, loaded to register the Vietnamese converter), PyYAML, and drafting's own model.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL_SPEC = ROOT / "examples" / "khanh-hoa-2022" / "ke-hoach.yaml"


def median_run(args: list[str], repeat: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(args, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - t0)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{args}: exit {p.returncode}\n{p.stderr.decode(errors='replace')}")
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--bytecode", action="store_true", help="keep drafting's bytecode, as an installed drafting does")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    py = sys.executable
    drafting = [py, "-m", "drafting"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["DRAFTING_CACHE"] = str(work / "cache")
        if args.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        shutil.copytree(ROOT / "examples", work / "examples")
        subprocess.run(
            [*drafting, "build", "examples", "-o", "out"], cwd=work, env=env, check=True, capture_output=True
        )
        base = median_run([py, "-c", "pass"], args.repeat, work, env)
        rows = [
            ("drafting --help", [*drafting, "--help"], 2.0),
            ("drafting words 123", [*drafting, "words", "123"], 4.0),
            (f"drafting check {SMALL_SPEC.parent.name}/{SMALL_SPEC.name}", [*drafting, "check", str(SMALL_SPEC)], 4.0),
            ("drafting build examples (no-op)", [*drafting, "build", "examples", "-o", "out"], 4.0),
        ]
        print(f"python -c pass: {base * 1000:.0f} ms (median of {args.repeat})")
        failed = 0
        for label, cmd, target in rows:
            first = median_run(cmd, 1, work, env)
            t = median_run(cmd, args.repeat, work, env)
            ratio = t / base
            ok = ratio <= target
            failed += not ok
            print(
                f"{label:<45} {t * 1000:7.0f} ms  {ratio:5.1f}× (target ≤ {target:g}×)  {'đạt' if ok else 'chưa đạt'}"
                f"  (lần đầu {first / base:.1f}×)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
