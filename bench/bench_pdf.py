"""Benchmark: seconds per document to make the PDFs of a build, batch path against one LibreOffice per document.

    python bench/bench_pdf.py [--repeat 3] [--examples bac-ninh-2026-2030,ha-noi-2026-2030,khanh-hoa-2022]

The .docx files of the examples are rendered once into a temporary folder; then, ``--repeat`` times each:
- "batch": ``render.pdf.convert_batch`` over all of them, as ``build --pdf`` does (ONE LibreOffice process with a
  throw-away profile, PDF/A-2b, then the reproducibility pass over each PDF);
- "one per document": ``convert_batch`` called once per document (a LibreOffice start for each);
- "plain soffice": one ``soffice --headless --convert-to pdf`` call over the same files (throw-away profile too,
  plain PDF, nothing after) — the floor the batch path is measured against.

Medians, in seconds per document. Target: batch ≤ 1.2 × plain soffice. No assertion: the figures are for the
closing notes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1.2


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plain_soffice(exe: str, docs: list[Path]) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        work = Path(tmp)
        cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", str(work / "out"), *map(str, docs)]
        subprocess.run(cmd, capture_output=True, check=True)
        missing = [d.name for d in docs if not (work / "out" / f"{d.stem}.pdf").is_file()]
        if missing:
            raise SystemExit(f"soffice did not convert {', '.join(missing)}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--examples", default="bac-ninh-2026-2030,ha-noi-2026-2030,khanh-hoa-2022")
    args = parser.parse_args()

    from drafting import api
    from drafting.errors import DraftingError
    from drafting.render import pdf

    exe = pdf.soffice()
    if not exe:
        print("LibreOffice (soffice) is not installed")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        docs: list[Path] = []
        for i, name in enumerate(args.examples.split(",")):
            for spec in sorted((ROOT / "examples" / name).glob("*.yaml")):
                out = Path(tmp) / f"{i:02d}-{name}"
                # numbered names: documents of two examples may share a name, one soffice call needs them apart
                try:
                    written = api.render(spec, out)
                except DraftingError:
                    continue  # a file of the folder that is not a spec on its own (a progress file's partner…)
                for path in written:
                    if path.suffix == ".docx":
                        target = Path(tmp) / "docs" / f"{len(docs):03d}-{path.name}"
                        target.parent.mkdir(exist_ok=True)
                        target.write_bytes(path.read_bytes())
                        docs.append(target)
        n = len(docs)

        def batch() -> None:
            results, err = pdf.convert_batch(docs)
            if any(r is None for r in results):
                raise SystemExit(f"batch conversion failed: {err}")

        def one_each() -> None:
            for doc in docs:
                (result,), err = pdf.convert_batch([doc])
                if result is None:
                    raise SystemExit(f"conversion of {doc.name} failed: {err}")

        t_plain = _median(lambda: _plain_soffice(exe, docs), args.repeat) / n
        t_batch = _median(batch, args.repeat) / n
        t_each = _median(one_each, args.repeat) / n
    print(f"{n} documents from {args.examples}; medians of {args.repeat} runs, seconds per document")
    print(f"  batch (one LibreOffice, PDF/A-2b + reproducible): {t_batch:.2f} s")
    print(f"  one LibreOffice per document:                     {t_each:.2f} s ({t_each / t_batch:.1f}× batch)")
    print(f"  plain soffice --convert-to pdf, one call:         {t_plain:.2f} s")
    ratio = t_batch / t_plain
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"  batch / plain = {ratio:.2f} (target ≤ {TARGET}×): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
