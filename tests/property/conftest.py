"""The property run's figures, printed at the end of the run, and its one whole-run check (both outcomes seen)."""

from __future__ import annotations

import sys


def _module():
    for module in list(sys.modules.values()):
        if (getattr(module, "__file__", None) or "").endswith("test_property_mutations.py"):
            return module
    return None


def pytest_sessionfinish(session, exitstatus):
    module = _module()
    why = module.one_sided() if module is not None else None
    if why and session.exitstatus == 0:
        session.exitstatus = 1
        sys.stderr.write(f"[property] FAILED: {why}\n")


def pytest_terminal_summary(terminalreporter):
    module = _module()
    if module is not None and module.STATS["cases"]:
        terminalreporter.section("property cases")
        for line in module.summary_lines():
            terminalreporter.write_line(f"[property] {line}")
