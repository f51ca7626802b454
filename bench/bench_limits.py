"""Time and peak memory of `drafting render` with each hostile template of issue 13 (target: exit 4 in < 5 s
and < 500 MB each), in process and with the render worker.

    python bench/bench_limits.py

No assertion: the figures go in the notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    "{{ 9**(9**9) }}",
    "{{ 'x'*10**9 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{{ 'x'*1000000 }}{% endfor %}",
    '{{ "x"|center(900000000) }}',
    "{{ lipsum(100000000) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
]
PROBE = """
import json, resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[1:], capture_output=True)
print(json.dumps([p.returncode, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))
"""


def main() -> int:
    from docx import Document

    tmp = Path(tempfile.mkdtemp(prefix="drafting-limits-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for payload in PAYLOADS:
        folder = tmp / str(PAYLOADS.index(payload))
        folder.mkdir()
        doc = Document(str(ROOT / "templates" / "ke-hoach.docx"))
        doc.paragraphs[-1].insert_paragraph_before(payload)
        doc.save(str(folder / "ke-hoach.docx"))
        for worker in ("", "1"):
            for cmd in (
                [
                    "render",
                    str(ROOT / "tests" / "fixtures" / "minimal.yaml"),
                    "-o",
                    str(folder / "out"),
                    "--templates",
                    str(folder),
                ],
                ["templates", "check", str(folder)],
            ):
                out = subprocess.run(
                    [sys.executable, "-c", PROBE, sys.executable, "-m", "drafting", *cmd],
                    capture_output=True,
                    text=True,
                    env={**env, "DRAFTING_RENDER_WORKER": worker},
                )
                code, secs, mb = json.loads(out.stdout)
                print(
                    f"{cmd[0]:>9} {'worker' if worker else 'process':>7}  exit {code}  {secs:5.2f} s  {mb:5.0f} MB  "
                    f"{payload[:60]}",
                    flush=True,
                )
            time.sleep(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
