"""Small process-level helpers shared by the pipeline."""

from __future__ import annotations

import contextlib
import gc


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
