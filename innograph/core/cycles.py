"""Pausing Python's cycle collector around bulk work."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cycle_collector_paused"]


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk load, read or extraction.

    Building hundreds of thousands of small dicts, tuples and models triggers collections that
    walk every live object again and again (quadratic in effect), and these objects hold no
    cycles, so the collector has nothing to find until the work is done: pausing it saved about
    a tenth of extraction's time and more of a big load's. It is switched back on (if it was
    on) afterwards; nesting is harmless.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
