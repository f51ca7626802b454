"""Small process-level helpers shared by the pipeline."""

from __future__ import annotations

import contextlib
import gc
import os


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector for a burst of allocations without cycles (loading, validating,
    rendering a large spec): its full collections made time grow faster than the spec."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def unlink_quietly(name) -> None:
    """Remove a temporary, backup or partial file of ours while cleaning up: one already gone is what we wanted, and one
    that cannot be removed must not hide the error being reported (it is a hidden ``.~…`` file: only space)."""
    with contextlib.suppress(OSError):
        os.unlink(name)
