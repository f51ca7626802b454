"""`drafting diff` on two plans of N tasks (issue 20 item 6): a 1 % change against every task reworded.

    python bench/bench_diff.py [--repeat 5] [--tasks 1000]

Times ``diff_specs(old, new)`` in this process (load, validate, model of both specs and the pairing), medians
of ``--repeat`` runs, and also the pairing alone (``diff_plans`` on the two models, which is what grows).
Target: every task reworded ≤ 10× the time of a 1 % change. Prints the figures, the ratio and "đạt"/"chưa đạt".
No assertion.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_appendix import make_spec, median_time  # noqa: E402


def reword(src: Path, dst: Path, every: int) -> None:
    """Copy ``src`` to ``dst`` with every ``every``-th task's title reworded (a word changed, words added)."""
    from ruamel.yaml import YAML

    y = YAML()
    spec = y.load(src.read_text(encoding="utf-8"))
    k = 0
    for group in spec["phu_luc"][0]["nhom"]:
        for task in group["nhiem_vu"]:
            if k % every == 0:
                task["ten"] = (
                    task["ten"].replace("trao đổi đoàn", "trao đổi các đoàn công tác").replace("chia sẻ", "học tập")
                )
            k += 1
    with open(dst, "w", encoding="utf-8") as fh:
        y.dump(spec, fh)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tasks", type=int, default=1000)
    args = ap.parse_args()

    from drafting import api
    from drafting.workflows.diff import diff_plans, diff_specs

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = make_spec(args.tasks, folder)
        few, all_ = folder / "one-percent.yaml", folder / "every-task.yaml"
        reword(old, few, 100)
        reword(old, all_, 1)
        plan_old = api.check(old).model
        figures = {}
        for label, new in (("1 % of tasks reworded", few), ("every task reworded", all_)):
            plan_new = api.check(new).model
            changes = diff_plans(plan_old, plan_new)
            whole = median_time(lambda n=new: diff_specs(old, n), args.repeat)
            pairing = median_time(lambda p=plan_new: diff_plans(plan_old, p), args.repeat)
            figures[label] = whole
            print(
                f"{args.tasks} tasks, {label:<22}: diff {whole * 1000:9.1f} ms (pairing {pairing * 1000:9.1f} ms), "
                f"{len(changes)} changes",
                flush=True,
            )
    ratio = figures["every task reworded"] / figures["1 % of tasks reworded"]
    print(f"every task reworded / 1 % change: {ratio:.2f}× (target ≤ 10×)  {'đạt' if ratio <= 10 else 'chưa đạt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
