"""`drafting render SPEC` (whole process, from YAML) against Carbone (Node) rendering the same table from JSON.

    python bench/bench_carbone.py [--repeat 5] [--sizes 1000,5000] [--checkout]

When `node` and `npm` are on PATH, Carbone is installed from npm into ~/.cache/drafting/bench-carbone (outside
the repository, never committed; DRAFTING_BENCH_CARBONE overrides the folder). The bench builds a Carbone .docx
template (python-docx) holding the plan's task table — STT, task, lead, partners, result, time — and the JSON of
the same tasks, then times, paired and alternating, median of --repeat runs each:
  - `drafting render ke-hoach-N.yaml -o OUT` (start-up, YAML, validation, model, context, .docx), the command pip
    writes in a fresh venv with drafting installed from this checkout (bench/user_install.py), as a user runs it;
    ``--checkout`` runs `python -m drafting` from the checkout with this interpreter instead (bytecode kept);
  - `node render.js data.json template.docx out.docx` (start-up, Carbone's render of the same rows).
It prints the ratio drafting / Carbone with its target (issue 20: faster than Carbone at 5 000 tasks, within 1.3×
at 1 000), and the split of drafting's time: the renderer (in process, context → .docx bytes, every output) and
the rest (start-up, YAML loading, validation, model and context building). No assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_appendix import AGENCIES, make_spec, median_time  # noqa: E402
from user_install import user_install  # noqa: E402

CARBONE_VERSION = "3.8.2"
TARGETS = {1000: 1.3, 5000: 1.0}  # drafting / Carbone, whole process (issue 20)

RENDER_JS = """
const path = require('path');
const fs = require('fs');
const carbone = require(path.join(process.env.CARBONE_HOME, 'node_modules', 'carbone'));
const [data, template, out] = process.argv.slice(2);
carbone.render(template, JSON.parse(fs.readFileSync(data, 'utf8')), {}, (err, result) => {
  if (err) { console.error(err); process.exit(1); }
  fs.writeFileSync(out, result);
});
"""


def carbone_home() -> Path:
    return Path(os.environ.get("DRAFTING_BENCH_CARBONE") or Path.home() / ".cache" / "drafting" / "bench-carbone")


def install_carbone(home: Path) -> bool:
    """Carbone from npm into ``home`` (once); False when it cannot be installed."""
    if (home / "node_modules" / "carbone" / "package.json").exists():
        return True
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "package.json").exists():
        (home / "package.json").write_text('{"name": "bench-carbone", "private": true}\n', encoding="utf-8")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", f"carbone@{CARBONE_VERSION}"],
        cwd=home,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"không cài được Carbone từ npm: {done.stderr.strip()[-300:]}")
        return False
    return True


def tasks_of(n: int) -> list[dict]:
    """The tasks of bench_appendix.make_spec(n), as rows of the table (same text)."""
    rows = []
    for k in range(n):
        rows.append(
            {
                "stt": str(k + 1),
                "ten": f"Nhiệm vụ số {k + 1}: trao đổi đoàn, chia sẻ kinh nghiệm quản lý nhà nước & hợp tác <R&D>",
                "chu_tri": AGENCIES[k % len(AGENCIES)],
                "phoi_hop": f"{AGENCIES[(k + 1) % len(AGENCIES)]}; {AGENCIES[(k + 2) % len(AGENCIES)]} "
                "và các cơ quan liên quan",
                "ket_qua": "Báo cáo chuyên đề",
                "thoi_gian": "2026-2030" if k % 3 else "Hàng năm",
            }
        )
    return rows


def carbone_template(path: Path) -> None:
    """A .docx with the task table in Carbone's markers: a header row, the row of tasks[i] and the row of
    tasks[i+1] that tells Carbone to repeat it."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("{d.trich_yeu}")
    fields = ["stt", "ten", "chu_tri", "phoi_hop", "ket_qua", "thoi_gian"]
    table = doc.add_table(rows=3, cols=len(fields))
    for j, title in enumerate(["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Kết quả", "Thời gian"]):
        table.rows[0].cells[j].text = title
    for j, f in enumerate(fields):
        table.rows[1].cells[j].text = "{d.tasks[i]." + f + "}"
        table.rows[2].cells[j].text = "{d.tasks[i+1]." + f + "}"
    doc.save(str(path))


def drafting_render_seconds(spec: Path, repeat: int) -> float:
    """The renderer alone, in process: every output's context → .docx bytes (templates warm, as in a build)."""
    from drafting import api
    from drafting.render.docx import render_docx

    checked = api.check(spec)
    outs = [o for o in checked.kind.outputs(checked.model) if o.writer is None]

    def run():
        for o in outs:
            render_docx(api.TEMPLATES_DIR / o.template, o.context, o.core, o.layout)

    run()
    return median_time(run, repeat)


def paired(a: list[str], b: list[str], repeat: int, env_b: dict, env_a: dict | None = None) -> tuple[float, float]:
    """Medians of ``repeat`` runs of two commands, alternating (so load changes hit both alike)."""
    ta, tb = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(a, cwd=ROOT, check=True, capture_output=True, env=env_a)
        ta.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run(b, cwd=ROOT, check=True, capture_output=True, env=env_b)
        tb.append(time.perf_counter() - t0)
    return statistics.median(ta), statistics.median(tb)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument(
        "--checkout",
        action="store_true",
        help="run `python -m drafting` from the checkout with this interpreter (the figures before d9b7e1b were "
        "taken so: in the test venv an editable install's finder adds about 9 ms to every start)",
    )
    args = ap.parse_args()
    if not (shutil.which("node") and shutil.which("npm")):
        print("không có Node.js (node, npm) trên máy: bỏ qua phép so sánh với Carbone")
        return 0
    home = carbone_home()
    if not install_carbone(home):
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="drafting-carbone-"))
    (tmp / "render.js").write_text(RENDER_JS, encoding="utf-8")
    template = tmp / "carbone.docx"
    carbone_template(template)
    env = {**os.environ, "CARBONE_HOME": str(home)}
    env_drafting = dict(os.environ)
    if args.checkout:
        drafting = [sys.executable, "-m", "drafting"]
        env_drafting.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode kept (in a private folder), as an install has it
        env_drafting["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    else:
        drafting = [user_install(tmp)[1]]
        env_drafting.pop("PYTHONPATH", None)
    print(
        f"Carbone {CARBONE_VERSION} ({home}), node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}"
    )
    for n in [int(s) for s in args.sizes.split(",")]:
        spec = make_spec(n, tmp)
        data = tmp / f"data-{n}.json"
        data.write_text(
            json.dumps({"trich_yeu": f"Kế hoạch thử với {n} nhiệm vụ", "tasks": tasks_of(n)}, ensure_ascii=False),
            encoding="utf-8",
        )
        drafting_cmd = [*drafting, "render", str(spec), "-o", str(tmp / f"out-{n}")]
        carbone_cmd = ["node", str(tmp / "render.js"), str(data), str(template), str(tmp / f"carbone-{n}.docx")]
        # one run first: it writes the bytecode (--checkout) and fills the user's cache (prepared schema and
        # template), as any earlier run on the machine has
        subprocess.run(drafting_cmd, cwd=ROOT, check=True, capture_output=True, env=env_drafting)
        t_d, t_c = paired(drafting_cmd, carbone_cmd, args.repeat, env, env_drafting)
        t_r = drafting_render_seconds(spec, args.repeat)
        ratio, target = t_d / t_c, TARGETS.get(n)
        verdict = "" if target is None else f"   target ≤ {target:.1f}× {'met' if ratio <= target else 'NOT met'}"
        print(
            f"{n:>5} tasks, whole process: drafting render {t_d:.2f} s   Carbone {t_c:.2f} s   "
            f"ratio ×{ratio:.2f}{verdict}"
        )
        print(
            f"        drafting's split: renderer {t_r:.2f} s ({t_r / t_d:.0%}), the rest {t_d - t_r:.2f} s "
            f"(start-up, YAML, validation, model, context; {(t_d - t_r) / t_d:.0%})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
