"""On a real Neo4j: what lets the store run against a cluster (or Aura) as well as one server.

- a routing URI (`neo4j://`) serves the store like `bolt://`;
- every read the store makes asks for read access (a cluster routes it to a secondary), every write for write
  access;
- every session carries the store's bookmarks, and a write moves them on, so a read after a write of this
  process waits for it wherever it is routed;
- a read `reading_after` another process's bookmarks (`write_marks`) carries them too, and one Neo4j did not issue
  is refused (BookmarkError), never ignored.
"""

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph_model.nodes import Enterprise
from queries import refresh_summaries, run
from store import BookmarkError, MemoryStore, reading_after
from store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jServer
from tests.fixtures import load

pytestmark = pytest.mark.neo4j

USCC = "91500000MA5U000906"


@pytest.fixture
def routed(neo4j_server: Neo4jServer) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_server.uri.replace("bolt://", "neo4j://", 1), auth=neo4j_server.auth)
    store.apply_schema()
    store.clear()
    yield store
    store.close()


def test_a_routing_uri_serves_reads_and_writes(routed: Neo4jStore) -> None:
    assert routed.uri.startswith("neo4j://")
    load(routed, [Enterprise(id="e1", name_zh="重庆路由科技有限公司", uscc=USCC, district="wanzhou")], [])
    node = routed.get_node("e1")
    assert node is not None and node.properties["name_zh"] == "重庆路由科技有限公司"
    assert routed.counts().nodes["Enterprise"] == 1


def test_reads_ask_for_read_access_writes_for_write_access_all_with_the_store_s_bookmarks(
    routed: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[dict[str, Any]] = []
    session = routed.driver.session

    def spy(**kwargs: Any) -> neo4j.Session:
        opened.append(kwargs)
        return session(**kwargs)

    monkeypatch.setattr(routed.driver, "session", spy)

    load(routed, [Enterprise(id="e1", name_zh="重庆路由科技有限公司", uscc=USCC, district="wanzhou")], [])
    writes = list(opened)
    assert writes and all(s["default_access_mode"] == neo4j.WRITE_ACCESS for s in writes)
    after_write = routed.bookmarks.get_bookmarks()
    assert after_write

    opened.clear()
    routed.get_node("e1")
    routed.counts()
    routed.data_version()
    routed.summaries_token()
    run(routed, "chains", {})
    assert len(opened) == 5 and all(s["default_access_mode"] == neo4j.READ_ACCESS for s in opened)

    refresh_summaries(routed)  # a write again: the bookmarks move on
    assert routed.bookmarks.get_bookmarks() != after_write
    assert all(s["bookmark_manager"] is routed.bookmarks for s in [*writes, *opened])


def test_a_read_after_another_process_s_bookmarks_sees_its_write_and_a_forged_one_is_refused(
    routed: Neo4jStore, neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = Neo4jStore(neo4j_server.uri, auth=neo4j_server.auth)  # another API process: a bookmark manager of its own
    try:
        load(routed, [Enterprise(id="e1", name_zh="重庆路由科技有限公司", uscc=USCC, district="wanzhou")], [])
        marks = routed.write_marks()
        assert marks and marks == sorted(routed.bookmarks.get_bookmarks())
        opened: list[dict[str, Any]] = []
        session = other.driver.session
        monkeypatch.setattr(other.driver, "session", lambda **kwargs: opened.append(kwargs) or session(**kwargs))
        with reading_after(marks):
            assert other.get_node("e1") is not None
        assert other.get_node("e1") is not None  # outside the block, no bookmarks but its own
        assert set(opened[0]["bookmarks"].raw_values) == set(marks) and opened[1]["bookmarks"] is None
        with reading_after(["FB:" + "A" * 20]), pytest.raises(BookmarkError, match="not one this Neo4j issued"):
            other.get_node("e1")
    finally:
        other.close()


def test_the_embedded_store_has_no_bookmarks_and_reads_after_any_as_it_reads() -> None:
    store = MemoryStore()
    load(store, [Enterprise(id="e1", name_zh="重庆路由科技有限公司", uscc=USCC, district="wanzhou")], [])
    assert store.write_marks() == []
    with reading_after(["FB:" + "A" * 20]):
        assert store.get_node("e1") is not None
