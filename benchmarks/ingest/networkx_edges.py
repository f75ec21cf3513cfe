"""The embedded store's edge writes: networkx's public API (`store.memory_store._merge_edges`, what the store
uses) against writing networkx's adjacency dicts directly (its private `_succ` / `_pred`, as `add_edge` does).

Both merge the same relationship rows of a generated data set (every relationship file, each row an edge
keyed by (type, key), properties merged into an existing edge) into a graph holding the same nodes; the
rounds alternate the order, and the private path's time ÷ the public path's is printed per round.

    python benchmarks/ingest/networkx_edges.py --scale city --work /tmp/nxb
"""

import argparse
import csv
import gc
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ingest.columns import is_node_kind, kind_for_file
from ingest.generate import generate
from store.memory_store import _merge_edges as merge_public

Edge = tuple[str, str, tuple[str, str], dict[str, Any]]


def merge_private(graph: nx.MultiDiGraph, edges: Sequence[Edge]) -> None:
    """The same merge written into networkx's adjacency dicts, without `add_edge`'s per-call checks."""
    succ, pred = graph._succ, graph._pred
    for start, end, key, props in edges:
        keydict = succ[start].get(end)
        if keydict is None:
            keydict = succ[start][end] = pred[end][start] = {}
        data = keydict.get(key)
        if data is None:
            keydict[key] = {"type": key[0], "key_value": key[1], "props": dict(props)}
        else:
            data["props"].update(props)
    nx._clear_cache(graph)


def read_edges(data: Path) -> tuple[set[str], list[Edge]]:
    nodes: set[str] = set()
    edges: list[Edge] = []
    for path in sorted(data.glob("*.csv")):
        kind = kind_for_file(path)
        if kind is None:
            continue
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        if is_node_kind(kind):
            nodes.update(r["id"] for r in rows)
            continue
        for r in rows:
            props = {k: v for k, v in r.items() if k not in ("start", "end") and v}
            key = "|".join(f"{k}={props[k]}" for k in ("skill_level", "year", "kind") if k in props)
            edges.append((r["start"], r["end"], (kind, key), props))
            nodes.update((r["start"], r["end"]))
    return nodes, edges


def timed(merge: Any, nodes: set[str], edges: list[Edge]) -> float:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    gc.collect()
    t0 = time.perf_counter()
    merge(graph, edges)
    seconds = time.perf_counter() - t0
    assert graph.number_of_edges() > 0
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sg-nx-"))
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        generate(args.scale, args.seed, data)
    nodes, edges = read_edges(data)
    print(f"{len(edges):,} relationship rows between {len(nodes):,} nodes ({args.scale}, seed {args.seed}); "
          f"load average {os.getloadavg()[0]:.1f}")
    gc.disable()  # as `skillgraph ingest` runs (app.tuning.ingest_tuned): the collector paused
    for number in range(1, args.rounds + 1):
        order = ["public", "private"] if number % 2 else ["private", "public"]
        seconds = {name: timed(merge_public if name == "public" else merge_private, nodes, edges) for name in order}
        print(f"round {number}: public API {seconds['public']:.2f} s, private path {seconds['private']:.2f} s "
              f"→ private ÷ public = {seconds['private'] / seconds['public']:.2f}")


if __name__ == "__main__":
    main()
