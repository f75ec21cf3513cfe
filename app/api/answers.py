"""Answers kept per data version: the API serves a question asked before without asking the store again.

Planners' dashboards ask the same questions over and over (a district's gap table, a chain's
coverage), while the data changes only when an ingest writes. Each answer is kept as the JSON bytes
sent, under the store's `data_version()` read before it was computed: every write moves the version
on, so the first request after a write drops every kept answer and nothing stale is ever served.
A request still reads the version from the store, so an unreachable Neo4j answers 503 as before.

Access is checked before an answer is looked up, and keys name everything an answer depends on
(the endpoint, its parameters, and the caller's chains where the answer is filtered by them).
Concurrent requests for the same missing answer compute it once; the others wait for it.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from store.base import GraphStore

WAIT_SECONDS = 60.0
"""How long a request waits for another one computing the same answer before computing it itself."""


class AnswerCache:
    """JSON answers by key for the store's current data version, least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: str | None = None
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._computing: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, store: GraphStore, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        """The answer kept for `key` at the store's current version, else `compute()` (and kept)."""
        if self.max_bytes <= 0:
            return compute()
        # Read before computing: an answer is kept under the version read before it was computed,
        # so it holds at least the data of that version and is only served to requests that read it.
        version = store.data_version()
        while True:
            with self._lock:
                if version != self._version:
                    self._entries.clear()
                    self._bytes = 0
                    self._version = version
                body = self._entries.get(key)
                if body is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return body
                running = self._computing.get(key)
                if running is None:
                    running = self._computing[key] = threading.Event()
                    break
            # Another request is computing it: wait, then look again (it may have failed: then compute).
            if not running.wait(WAIT_SECONDS):
                return compute()
        try:
            body = compute()
            with self._lock:
                self.misses += 1
                if self._version == version and len(body) <= self.max_bytes:
                    self._entries[key] = body
                    self._bytes += len(body)
                    while self._bytes > self.max_bytes:
                        _, dropped = self._entries.popitem(last=False)
                        self._bytes -= len(dropped)
            return body
        finally:
            with self._lock:
                del self._computing[key]
            running.set()

    def size(self) -> tuple[int, int]:
        """(answers kept, their bytes)."""
        with self._lock:
            return len(self._entries), self._bytes
