"""Process-wide tuning, for the entry points only (`skillgraph` commands, the server, the benchmarks).

Nothing a server calls while answering may change the garbage collector, the interpreter's switch
interval or file descriptors: those belong to whoever owns the process. Each function here says
what it changes and the figure that justifies it.
"""

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

GC_YOUNG_THRESHOLD = 50_000
"""Allocations between two collections of Python's youngest generation in a server (Python's default: 700)."""

INGEST_SWITCH_INTERVAL = 0.0005
"""Seconds a thread may keep the interpreter during an ingest into Neo4j (Python's default: 0.005)."""


def settle_gc() -> None:
    """Ready Python's cyclic garbage collector for a long-running server, once startup is done.

    What startup built (modules, routes, schemas, the store's driver, an embedded graph) is frozen out of
    the collector, and the youngest generation is collected less often. Otherwise every full collection
    rescans all of it, a pause of tens of milliseconds every few thousand requests: with one server
    process and 16 clients on kept answers, p99 went from 110 ms to 46 ms (docs/benchmarks.md).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: for loading a big embedded store, or a command's whole ingest.

    Both build millions of long-lived objects and make no reference cycles that need collecting
    before they end; the collector would rescan them again and again (an ingest took twice as long).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def ingest_tuned() -> Iterator[None]:
    """The process as a command-line ingest wants it: the collector paused and a short switch interval.

    The ingest validates in one thread while another waits on Neo4j; that writer needs the interpreter for
    a moment each time Neo4j answers, and with the default 5 ms switch interval the validating thread keeps
    it that long while Neo4j sits idle. 0.5 ms hands it over sooner.
    """
    interval = sys.getswitchinterval()
    sys.setswitchinterval(INGEST_SWITCH_INTERVAL)
    try:
        with gc_paused():
            yield
    finally:
        sys.setswitchinterval(interval)


def quiet_highs_banner() -> None:
    """HiGHS prints a banner on stdout when a process makes its first model: make that one with stdout closed.

    A command whose output a user reads or pipes (`skillgraph stations`) calls this first.
    """
    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
