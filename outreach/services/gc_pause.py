"""No cyclic garbage collection while a read builds thousands of plain rows."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the block; it resumes (if it was on) when the last one ends.

    Reading a send-list or a status board makes tens of thousands of small rows that form no cycles
    (reference counting frees them). While they live, the collector's thresholds trip a full
    collection every other read, which walks every object of the process: 35-55 ms on a 5,000-member
    board that itself takes about 70 ms. Blocks may nest or run in several threads at once.
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
