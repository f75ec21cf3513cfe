"""Answers kept per data version: the API serves a question asked before without asking the store again.

Planners' dashboards ask the same questions over and over (a district's gap table, a chain's
coverage), while the data changes only when an ingest writes. Each answer is kept as the JSON bytes
sent, under the store's `data_version()` read before it was computed: every write moves the version
on, so the first request after a write drops every kept answer and nothing stale is ever served.
A request still reads the version from the store, so an unreachable Neo4j answers 503 as before.

Concurrent requests share version reads: a request uses a read that began after it arrived (so it
sees every write that finished before it arrived), and one read serves every request waiting for it.

Access is checked before an answer is looked up, and keys name everything an answer depends on
(the endpoint, its parameters, and the caller's chains where the answer is filtered by them).
Concurrent requests for the same missing answer compute it once; the others wait for it. Long answers
are also kept gzip-compressed, sent to clients that accept gzip (browsers do) without compressing again.
"""

import asyncio
import functools
import gzip
import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Annotated, Any, NamedTuple, TypeVar, cast, get_args, get_origin

import anyio.to_thread
from fastapi import Query, Request, Response
from pydantic import TypeAdapter

from app.api import exports
from app.api.access import Access
from store.base import GraphStore

GZIP_FROM_BYTES = 1024
"""Answers at least this long are also kept gzip-compressed, for clients that accept it."""


class Answer(NamedTuple):
    body: bytes
    gzipped: bytes | None
    """The body compressed with gzip, for `Accept-Encoding: gzip`; None for short answers."""

    @classmethod
    def of(cls, body: bytes) -> "Answer":
        return cls(body, gzip.compress(body, compresslevel=6) if len(body) >= GZIP_FROM_BYTES else None)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


MAX_VALUES = 256
"""Values kept besides answers (see `AnswerCache.value`); the oldest goes first."""

T = TypeVar("T")

WAIT_SECONDS = 60.0
"""How long a request waits for another one computing the same answer before computing it itself."""


class SharedVersionReads:
    """`store.data_version()` for the coroutines of one event loop: each gets a read that began after
    it asked (so it sees every write that finished before), and those that arrive while a read is
    under way wait for the next one and share it. The read itself runs in a worker thread."""

    def __init__(self) -> None:
        self._reading: asyncio.Future[None] | None = None
        self._last: tuple[float, str | None, BaseException | None] = (float("-inf"), None, None)
        """The last finished read: when it began, its token, or its error."""

    async def read(self, store: GraphStore) -> str:
        asked = time.monotonic()
        while True:
            began, token, error = self._last
            if began >= asked:
                if error is not None:
                    raise error
                assert token is not None
                return token
            if self._reading is None:
                self._reading = asyncio.ensure_future(self._read(store, time.monotonic()))
            await asyncio.shield(self._reading)

    async def _read(self, store: GraphStore, began: float) -> None:
        try:
            self._last = (began, await anyio.to_thread.run_sync(store.data_version), None)
        except Exception as exc:  # every coroutine sharing this read gets the same error (e.g. Neo4j down)
            self._last = (began, None, exc)
        finally:
            self._reading = None


class AnswerCache:
    """JSON answers by key for the store's current data version, least recently used dropped first.

    One cache serves one store (the application's)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: str | None = None
        self._entries: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._computing: dict[Hashable, threading.Event] = {}
        self._versions = SharedVersionReads()
        self._values: dict[Hashable, Any] = {}
        self._values_version: str | None = None
        self._sharing: dict[Hashable, threading.Lock] = {}
        self.hits = 0

    async def get(self, store: GraphStore, key: Hashable, compute: Callable[[], bytes]) -> Answer:
        """The answer kept for `key` at the store's current version, else `compute()` (and kept).

        A kept answer is served without leaving the event loop; the version read and a computation
        run in worker threads. The version is read before computing: an answer is kept under it, so
        it holds at least that version's data and is only served to requests that read it.
        """
        if self.max_bytes <= 0:
            return Answer(await anyio.to_thread.run_sync(compute), None)
        version = await self._versions.read(store)
        kept = self._kept(version, key)
        if kept is not None:
            return kept
        return await anyio.to_thread.run_sync(self._get, version, key, compute)

    def _kept(self, version: str, key: Hashable) -> Answer | None:
        with self._lock:
            if version != self._version:
                return None
            kept = self._entries.get(key)
            if kept is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return kept

    def _get(self, version: str, key: Hashable, compute: Callable[[], bytes]) -> Answer:
        while True:
            with self._lock:
                if version != self._version:
                    self._entries.clear()
                    self._bytes = 0
                    self._version = version
                kept = self._entries.get(key)
                if kept is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return kept
                running = self._computing.get(key)
                if running is None:
                    running = self._computing[key] = threading.Event()
                    break
            # Another request is computing it: wait, then look again (it may have failed: then compute).
            if not running.wait(WAIT_SECONDS):
                return Answer.of(compute())
        try:
            answer = Answer.of(compute())
            with self._lock:
                if self._version == version and answer.size <= self.max_bytes:
                    self._entries[key] = answer
                    self._bytes += answer.size
                    while self._bytes > self.max_bytes:
                        _, dropped = self._entries.popitem(last=False)
                        self._bytes -= dropped.size
            return answer
        finally:
            with self._lock:
                del self._computing[key]
            running.set()

    async def value(self, store: GraphStore, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute()` returns, kept like an answer until the data changes, for what requests share
        besides answers (e.g. a chain leader's visible ids). Kept even when answers are not (`max_bytes` 0)."""
        version = await self._versions.read(store)
        with self._lock:
            if self._value_kept(version, key):
                return cast(T, self._values[key])
        found = await anyio.to_thread.run_sync(compute)
        self._keep_value(version, key, found)
        return found

    def shared(self, store: GraphStore, key: Hashable, compute: Callable[[], T]) -> T:
        """`value` for code already in a worker thread (an endpoint computing an answer): what several answers
        share — e.g. the city's district forecasts, which every district's and area's forecast adds up — computed
        once per data version, however many requests ask at the same time."""
        version = store.data_version()
        with self._lock:
            if self._value_kept(version, key):
                return cast(T, self._values[key])
            lock = self._sharing.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if self._value_kept(version, key):
                    return cast(T, self._values[key])
            found = compute()
            self._keep_value(version, key, found)
            with self._lock:
                self._sharing.pop(key, None)
        return found

    def _value_kept(self, version: str, key: Hashable) -> bool:
        """Whether a value is kept for `key` at `version` (values of an older version dropped); under the lock."""
        if version != self._values_version:
            self._values.clear()
            self._values_version = version
        return key in self._values

    def _keep_value(self, version: str, key: Hashable, found: object) -> None:
        with self._lock:
            if self._values_version == version:
                if len(self._values) >= MAX_VALUES:
                    self._values.pop(next(iter(self._values)))
                self._values[key] = found

    async def version(self, store: GraphStore) -> str:
        """The store's data version, read as `get` reads it (shared with concurrent requests)."""
        return await self._versions.read(store)

    def size(self) -> tuple[int, int]:
        """(answers kept, their bytes)."""
        with self._lock:
            return len(self._entries), self._bytes


def kept(endpoint: Callable[..., Any]) -> Callable[..., Awaitable[Response]]:
    """Keep an endpoint's answers until the data changes: the one cache of the API, at its edge.

    The endpoint is a plain function of its parameters (one of them the caller's `Access`) that returns
    its answer. Its answers are kept as the JSON sent, keyed by the request's path and query and by
    what the caller may see; the role check has run before (it is a dependency), and an answer kept
    for one visibility is served only to callers with the same one. Kept answers go out on the event
    loop; the store's version read and a computation run in worker threads.

    An answer with a table in it also takes `format=xlsx|csv` and `lang=zh|en` (app/api/exports.py):
    the kept JSON answer rendered as a spreadsheet, so a download equals what the screen shows.
    """
    signature = inspect.signature(endpoint)
    access = next(name for name, p in signature.parameters.items() if _is_access(p.annotation))
    adapter = TypeAdapter(signature.return_annotation)
    wants_request = "request" in signature.parameters
    tables = exports.exportable(signature.return_annotation)

    @functools.wraps(endpoint)
    async def handler(*args: Any, **kwargs: Any) -> Response:
        request: Request = kwargs["request"] if wants_request else kwargs.pop("request")
        fmt: exports.ExportFormat = kwargs.pop(_FORMAT, "json") if tables else "json"
        lang: exports.Lang = kwargs.pop(_LANG, "zh") if tables else "zh"
        caller: Access = kwargs[access]
        query = tuple(sorted((k, v) for k, v in request.query_params.multi_items()
                             if not (tables and k in ("format", "lang"))))
        key = (request.url.path, query, caller.visibility.key())
        answers: AnswerCache = request.app.state.answers
        answer = await answers.get(caller.store, key, lambda: adapter.dump_json(endpoint(*args, **kwargs)))
        if fmt != "json":
            version = await answers.version(caller.store)
            body, headers = await anyio.to_thread.run_sync(
                lambda: exports.render(answer.body, signature.return_annotation, fmt, lang, request.url.path,
                                       str(request.url.query), version))
            return Response(body, media_type=exports.MEDIA_TYPES[fmt], headers=headers)
        if answer.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            return Response(answer.gzipped, media_type="application/json",
                            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(answer.body, media_type="application/json", headers={"Vary": "Accept-Encoding"})

    parameters = list(signature.parameters.values())
    if not wants_request:
        parameters.append(inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    if tables:
        parameters += [
            inspect.Parameter(_FORMAT, inspect.Parameter.KEYWORD_ONLY, default="json", annotation=Annotated[
                exports.ExportFormat, Query(alias="format", description=(
                    "`json` (the default), or the answer's tables as `xlsx` (every table, one sheet each, with a "
                    "sheet saying what was asked and of which data version) or `csv` (the main table, UTF-8)"))]),
            inspect.Parameter(_LANG, inspect.Parameter.KEYWORD_ONLY, default="zh", annotation=Annotated[
                exports.Lang, Query(alias="lang", description="the headers and words of `xlsx` and `csv`: "
                                                              "`zh` (the default) or `en`")]),
        ]
    handler.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    handler.exports = tables  # type: ignore[attr-defined]
    return handler


_FORMAT = "export_format"
_LANG = "export_lang"


def _is_access(annotation: Any) -> bool:
    return annotation is Access or (get_origin(annotation) is Annotated and get_args(annotation)[0] is Access)
