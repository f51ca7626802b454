"""Print the coverage of each seed at the end of the run, whatever the capture mode."""
from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    import seedcov

    if seedcov.SUMMARIES:
        terminalreporter.section("seed coverage")
        for line in sorted(seedcov.SUMMARIES):
            terminalreporter.write_line(line)
