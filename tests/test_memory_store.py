"""The embedded store persists to one file, survives restarts and never leaves a torn file."""

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store import MemoryStore, StoreError, open_store
from tests.fixtures import load_mini_chain


def test_the_graph_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    first = open_store(f"memory://{path}")
    load_mini_chain(first)
    first.close()
    again = open_store(f"memory://{path}")
    assert again.counts().nodes["Enterprise"] == 2
    node = again.get_node("s1")
    assert node is not None and node.properties["school_type"] == "higher_vocational"


def test_later_flushes_append_to_a_journal_that_a_restart_replays(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = MemoryStore(path)
    load_mini_chain(store)  # first flush: a snapshot
    snapshot = path.read_bytes()
    store.upsert_nodes("Chain", [{"id": "c2", "props": {"name_zh": "第二条链"}}])
    store.upsert_relationships("LEADS", [{"start": "e2", "end": "c2", "key": "", "props": {}}])
    store.flush()
    assert path.read_bytes() == snapshot
    again = MemoryStore(path)
    assert again.counts().nodes["Chain"] == 2
    assert again.counts().relationships["LEADS"] == 2
    again.compact()
    assert not (tmp_path / "graph.db.journal").exists()
    assert MemoryStore(path).counts() == again.counts()


def test_writes_outnumbering_the_snapshot_are_persisted_as_a_new_snapshot_not_journaled(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    journal = tmp_path / "graph.db.journal"
    store = MemoryStore(path)
    load_mini_chain(store)  # a snapshot of a few nodes and relationships
    store.upsert_nodes("Major", [{"id": f"m{i}", "props": {"name_zh": "专业"}} for i in range(100)])
    store.flush()
    assert journal.exists()  # a small write: one journal frame
    # More rows since the snapshot than the snapshot's graph holds (and than the journal's floor of 10,000):
    store.upsert_nodes("Major", [{"id": f"m{i}", "props": {"name_zh": "专业"}} for i in range(100, 12_100)])
    assert store._pending == []  # nothing kept for a journal the next flush will not write
    store.flush()
    assert not journal.exists()
    again = MemoryStore(path)
    assert again.counts() == store.counts()
    assert again.counts().nodes["Major"] == 12_100
    # The new snapshot is the measure now: the next small write is journaled again.
    again.upsert_nodes("Major", [{"id": "m-last", "props": {"name_zh": "专业"}}])
    again.flush()
    assert journal.exists()
    assert MemoryStore(path).counts().nodes["Major"] == 12_101


def test_a_torn_journal_frame_is_ignored_and_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = MemoryStore(path)
    load_mini_chain(store)
    store.upsert_nodes("Chain", [{"id": "c2", "props": {"name_zh": "第二条链"}}])
    store.flush()
    journal = tmp_path / "graph.db.journal"
    whole = journal.stat().st_size
    store.upsert_nodes("Chain", [{"id": "c3", "props": {"name_zh": "第三条链"}}])
    store.flush()
    with journal.open("r+b") as f:  # a crash half-way through appending the second frame
        f.truncate(whole + (journal.stat().st_size - whole) // 2)
    again = MemoryStore(path)
    assert again.get_node("c2") is not None
    assert again.get_node("c3") is None
    assert journal.stat().st_size == whole


def test_a_failure_while_writing_a_snapshot_keeps_the_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.db"
    good = MemoryStore(path)
    load_mini_chain(good)
    good.flush()
    before = path.read_bytes()

    good.upsert_nodes("Chain", [{"id": "c2", "props": {"name_zh": "第二条链"}}])

    def dump_half_then_die(obj: object, f: object, protocol: int | None = None) -> None:
        f.write(pickle.dumps(obj)[:100])  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(pickle, "dump", dump_half_then_die)
    with pytest.raises(OSError, match="disk full"):
        good.compact()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.db"]
    monkeypatch.undo()
    assert MemoryStore(path).get_node("c2") is None


WRITER = textwrap.dedent(
    """
    import sys
    from store import MemoryStore
    store = MemoryStore(__import__("pathlib").Path(sys.argv[1]))
    for i in range(10_000):
        store.upsert_nodes("Major", [{"id": f"m{i}-{j}", "props": {"name_zh": "专业" * 20, "step": i}}
                                     for j in range(20_000)])
        store.flush()
        print(i, flush=True)
    """
)


def test_a_killed_writer_leaves_a_loadable_earlier_version(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1]
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if int(line) >= 2:
            break
    time.sleep(0.15)  # the next flush (a journal frame or a new snapshot) is under way by now
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = MemoryStore(path)
    majors = store.counts().nodes["Major"]
    # Each flush adds 20,000 nodes: a whole number of steps survived, at least the three printed.
    assert majors % 20_000 == 0 and majors >= 60_000
    leftovers = {p.name for p in tmp_path.iterdir()} - {"graph.db", "graph.db.journal"}
    assert all(name.endswith(".tmp") for name in leftovers)


def test_a_file_that_is_not_a_store_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    path.write_text("not a graph")
    with pytest.raises(StoreError, match="cannot read the embedded store file"):
        MemoryStore(path)


def test_staged_writes_are_read_only_once_published_and_persist_like_any_write(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    store = MemoryStore(path)
    load_mini_chain(store)
    before = store.data_version()
    published: list[str] = []

    class Publish:
        def __enter__(self) -> None:
            published.append("in")

        def __exit__(self, *exc: object) -> None:
            published.append("out")

    with store.staged_writes(publish_under=Publish):
        store.upsert_nodes("Chain", [{"id": "c2", "props": {"name_zh": "第二条链"}}])
        store.upsert_nodes("School", [{"id": "s1", "props": {"students": 1}}])
        store.upsert_relationships("LEADS", [{"start": "e2", "end": "c2", "key": "", "props": {}}])
        store.retire_nodes([{"id": "s1", "props": {"status": "closed"}}])
        store.record_load({"id": "L1"})
        store.flush()
        # Readers see the graph as it was, the same version, the same property values, the same history
        assert store.loads() == [] and store.retired() == []
        assert store.get_node("c2") is None and store.data_version() == before
        s1 = store.get_node("s1")
        assert s1 is not None and s1.properties.get("students") != 1
        assert store.counts().relationships["LEADS"] == 1
        with pytest.raises(StoreError, match="another staged load"), store.staged_writes():
            pass
    assert published == ["in", "out"]
    assert store.get_node("c2") is not None and store.data_version() != before
    assert store.get_node("s1") is None
    [record] = store.retired()
    assert record["id"] == "s1" and record["props"]["students"] == 1 and store.loads() == [{"id": "L1"}]
    again = MemoryStore(path)  # journaled as written
    assert again.counts().relationships["LEADS"] == 2 and again.loads() == [{"id": "L1"}]


def test_a_staged_load_that_fails_half_way_publishes_what_it_wrote(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.db")
    load_mini_chain(store)
    with pytest.raises(RuntimeError), store.staged_writes():
        store.upsert_nodes("Chain", [{"id": "c2", "props": {"name_zh": "第二条链"}}])
        store.flush()
        raise RuntimeError("the job broke")
    # What was journaled is what readers read: the same state after a restart
    assert store.get_node("c2") is not None
    assert MemoryStore(tmp_path / "graph.db").get_node("c2") is not None
