"""Ingest benchmark: generated city-scale files into the embedded store and into Neo4j.

Prints rows/s and peak memory for each store, and — in the same run, on the same Neo4j and the
same rows — the rate of Neo4j's own `LOAD CSV … CALL { } IN TRANSACTIONS` as the baseline, with
our rate / LOAD CSV's rate. The baseline writes what our ingest writes, provenance included
(`source_file`, `source_row`, `load_id` on every node and relationship, derived LOCATED_IN /
IN_CLUSTER too), and the two graphs are compared after the run: counts, property keys of every
node and relationship, and the properties of a fixed sample of nodes and relationships.

    python benchmarks/ingest/run.py --scale city            # both stores, local launcher for Neo4j
    python benchmarks/ingest/run.py --scale small --only memory

Targets (issue 3): Neo4j ≥ 0.7 × LOAD CSV; embedded store < 60 s and < 4 GB peak at city scale.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
import typing
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from ingest.columns import kind_for_file
from ingest.generate import generate
from ingest.readers import open_source
from ingest.reference import load_reference
from store.neo4j_store import Neo4jStore

console = Console()

MEMORY_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ingest.job import run_ingest
from store import MemoryStore
data, db = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
store = MemoryStore(db)
report = run_ingest([data], store, progress=False)
store.close()
seconds = time.perf_counter() - t0
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "summary": report.summary(), "peak_mib": peak_kib / 1024}))
"""


def _csv_rows(data: Path) -> int:
    total = 0
    for f in sorted(data.glob("*.csv")):
        with f.open(encoding="utf-8") as fh:
            total += sum(1 for _ in fh) - 1
    return total


def bench_memory(data: Path, work: Path) -> dict[str, Any]:
    """Ingest into a file-backed embedded store in a child process, to measure its own peak memory."""
    db = work / "graph.db"
    db.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(data), str(db)], capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _scalar(annotation: Any) -> Any:
    """The non-None type inside Optional/Annotated, for choosing a LOAD CSV conversion."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else str
        while typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
    return annotation


def _conversion(model: Any, column: str) -> str:
    field = model.model_fields.get(column)
    value = f"row.`{column}`"
    if field is None:
        return value
    t = _scalar(field.annotation)
    if typing.get_origin(t) is list:
        return f"CASE WHEN {value} IS NULL THEN [] ELSE split({value}, ';') END"
    if t is int:
        return f"toInteger({value})"
    if t is float:
        return f"toFloat({value})"
    if t is bool:
        return f"toBoolean({value})"
    return value


PROVENANCE = "source_file: $source_file, source_row: line, load_id: $load_id"
"""Our ingest's provenance (`_Batch.provenance` in ingest/job.py), as a LOAD CSV map fragment.

`linenumber()` counts CSV records as our reader numbers rows (the header is 1, the first data row
2, a quoted cell spanning lines stays one row); unlike our reader it does not count blank lines,
which the generated files never have (`check_no_blank_lines` refuses a file with one). Nor do they
repeat a node or relationship: a repeat would keep its first row number in our load and its last
in LOAD CSV's, and the graph comparison would say so.
"""


def load_id_of(path: Path) -> str:
    """The `load_id` our ingest gives the file, from the same reader: a hash of the file's bytes."""
    with open_source(path) as source:
        return source.load_id


def check_no_blank_lines(path: Path) -> None:
    """Refuse a file with a blank line: LOAD CSV's linenumber() would then not match our row numbers."""
    with path.open(encoding="utf-8", newline="") as fh:
        for number, cells in enumerate(csv.reader(fh), start=1):
            if not any(c.strip() for c in cells):
                raise SystemExit(f"{path} row {number} is blank: LOAD CSV's linenumber() would not match our rows")


def load_csv_statement(path: Path, batch: int) -> str:
    """A LOAD CSV statement that loads one generated file the way our ingest does.

    Typed values, and the same provenance: parameters `$source_file` and `$load_id`, and the row
    number from `linenumber()`.
    """
    kind = kind_for_file(path)
    with path.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    url = f"file:///{path.name}"
    if kind in NODE_KINDS:
        model = NODE_KINDS[kind]
        extra = ":".join(model.labels()[1:])
        props = ", ".join([*(f"`{c}`: {_conversion(model, c)}" for c in header), PROVENANCE])
        derived = ""
        if "district" in header:
            derived += (
                " WITH n, row, line OPTIONAL MATCH (d:District {id: row.district})"
                " FOREACH (_ IN CASE WHEN d IS NULL THEN [] ELSE [1] END |"
                f" MERGE (n)-[r:LOCATED_IN {{key: ''}}]->(d) SET r += {{{PROVENANCE}}})"
            )
        if "cluster_ids" in header:
            derived += (
                " WITH n, row, line UNWIND (CASE WHEN row.cluster_ids IS NULL THEN [] ELSE split(row.cluster_ids, ';')"
                " END) AS cid MATCH (c:Cluster {id: cid})"
                f" MERGE (n)-[r:IN_CLUSTER {{key: ''}}]->(c) SET r += {{{PROVENANCE}}}"
            )
        body = f"MERGE (n:{kind} {{id: row.id}}) SET n:{extra}, n += {{{props}}}{derived}"
    else:
        rel_model = REL_KINDS[str(kind)]
        key = " + '|' + ".join(f"row.`{f}`" for f in rel_model.key_fields) or "''"
        props = ", ".join(
            [*(f"`{c}`: {_conversion(rel_model, c)}" for c in header if c not in ("start", "end")), PROVENANCE]
        )
        body = (
            f"MATCH (a:Entity {{id: row.start}}) MATCH (b:Entity {{id: row.end}}) "
            f"MERGE (a)-[r:{kind} {{key: {key}}}]->(b) SET r += {{{props}}}"
        )
    return (f"LOAD CSV WITH HEADERS FROM '{url}' AS row WITH row, linenumber() AS line "
            f"CALL (row, line) {{ {body} }} IN TRANSACTIONS OF {batch} ROWS")


def _load_csv(store: Neo4jStore, data: Path, import_dir: Path) -> float:
    """Seconds to load the reference graph and then every file of `data` with LOAD CSV."""
    store.clear()
    for f in data.glob("*.csv"):
        shutil.copy(f, import_dir / f.name)
    files = sorted(data.glob("*.csv"), key=lambda p: (kind_for_file(p) not in NODE_KINDS, p.name))
    for f in files:
        check_no_blank_lines(f)
    t0 = time.perf_counter()
    load_reference(store)  # our ingest loads it too, inside its timed run
    load_ids = {f: load_id_of(f) for f in files}  # our ingest hashes each file inside its timed run too
    with store.driver.session() as session:
        for f in files:
            session.run(load_csv_statement(f, 5000),  # type: ignore[arg-type,unused-ignore]
                        source_file=f.name, load_id=load_ids[f]).consume()
    return time.perf_counter() - t0


SAMPLE = 200
"""Nodes and relationships whose every property is compared between the two loads."""


def sample_elements(data: Path, n: int = SAMPLE) -> tuple[list[str], list[tuple[str, str, str]]]:
    """A fixed sample from the source files: `n` node ids and `n` (type, start, end), evenly spread.

    The relationships include the LOCATED_IN / IN_CLUSTER ones derived from node files' `district`
    and `cluster_ids` columns. Chosen from the files, not from either graph, so neither loader picks them.
    """
    node_ids: list[str] = []
    rels: list[tuple[str, str, str]] = []
    for f in sorted(data.glob("*.csv")):
        kind = kind_for_file(f)
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if kind in NODE_KINDS:
                    node_ids.append(row["id"])
                    if row.get("district"):
                        rels.append(("LOCATED_IN", row["id"], row["district"]))
                    rels += [("IN_CLUSTER", row["id"], c) for c in (row.get("cluster_ids") or "").split(";") if c]
                else:
                    rels.append((str(kind), row["start"], row["end"]))

    def spread(items: list[Any]) -> list[Any]:
        step = max(1, len(items) // n)
        return items[step // 2 :: step][:n]

    return spread(node_ids), spread(rels)


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def graph_snapshot(store: Neo4jStore, node_ids: list[str], rels: list[tuple[str, str, str]]) -> dict[str, Any]:
    """What the equality check compares: counts, property key sets per kind (with how many elements
    have each set), and every property (labels too) of the sampled nodes and relationships."""
    keysets: dict[str, Any] = {}
    with store.driver.session() as session:
        for label in NODE_KINDS:
            found: dict[tuple[str, ...], int] = {}
            for r in session.run(f"MATCH (n:{label}) RETURN keys(n) AS ks, count(*) AS c"):  # type: ignore[arg-type,unused-ignore]
                k = tuple(sorted(r["ks"]))
                found[k] = found.get(k, 0) + r["c"]
            keysets[label] = found
        for rel_type in REL_KINDS:
            found = {}
            for r in session.run(f"MATCH ()-[r:{rel_type}]->() RETURN keys(r) AS ks, count(*) AS c"):  # type: ignore[arg-type,unused-ignore]
                k = tuple(sorted(r["ks"]))
                found[k] = found.get(k, 0) + r["c"]
            keysets[rel_type] = found
        nodes = {
            r["id"]: (tuple(sorted(r["labels"])), tuple(sorted((k, _plain(v)) for k, v in r["props"].items())))
            for r in session.run("UNWIND $ids AS i MATCH (n:Entity {id: i}) "
                                 "RETURN i AS id, labels(n) AS labels, properties(n) AS props", ids=node_ids)
        }
        edges: dict[tuple[str, str, str], list[Any]] = {}
        wanted = [{"type": t, "start": a, "end": b} for t, a, b in rels]
        for r in session.run("UNWIND $rels AS x MATCH (a:Entity {id: x.start})-[r]->(b:Entity {id: x.end}) "
                             "WHERE type(r) = x.type RETURN x.type AS type, x.start AS start, x.end AS end, "
                             "properties(r) AS props", rels=wanted):
            edges.setdefault((r["type"], r["start"], r["end"]), []).append(
                tuple(sorted((k, _plain(v)) for k, v in r["props"].items())))
    return {"counts": store.counts(), "keysets": keysets, "nodes": nodes,
            "rels": {k: sorted(v) for k, v in edges.items()}}


def compare_snapshots(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Differences between two snapshots, in words; empty when the graphs compare equal."""
    problems: list[str] = []
    if ours["counts"] != theirs["counts"]:
        problems.append(f"counts differ: ours {ours['counts']}, LOAD CSV {theirs['counts']}")
    for kind in ours["keysets"]:
        if ours["keysets"][kind] != theirs["keysets"][kind]:
            problems.append(f"{kind} property keys differ: ours {ours['keysets'][kind]}, "
                            f"LOAD CSV {theirs['keysets'][kind]}")
    for what in ("nodes", "rels"):
        for key in sorted(set(ours[what]) | set(theirs[what])):
            a, b = ours[what].get(key), theirs[what].get(key)
            if a != b:
                problems.append(f"{key}: ours {a}, LOAD CSV {b}")
    return problems


def bench_neo4j(
    data: Path, warmup: Path, store: Neo4jStore, import_dir: Path, batch: int, writer_process: bool
) -> dict[str, Any]:
    from ingest.job import run_ingest

    store.apply_schema()
    # Warm the JVM and Neo4j's query caches with both loaders on small data first, untimed:
    # otherwise whichever runs first pays for the JIT.
    store.clear()
    run_ingest([warmup], store, progress=False, writer_process=writer_process)
    _load_csv(store, warmup, import_dir)
    for f in warmup.glob("*.csv"):
        (import_dir / f.name).unlink()

    node_ids, rels = sample_elements(data)
    store.clear()
    t0 = time.perf_counter()
    report = run_ingest([data], store, progress=False, batch_size=batch, writer_process=writer_process)
    ours = time.perf_counter() - t0
    our_graph = graph_snapshot(store, node_ids, rels)

    baseline = _load_csv(store, data, import_dir)
    baseline_graph = graph_snapshot(store, node_ids, rels)
    # Our ingest ends by rebuilding the store's summaries (store/summaries.py); LOAD CSV leaves them
    # stale. They are timed apart, and rebuilt after LOAD CSV too, so both ends can also be compared.
    t0 = time.perf_counter()
    store.refresh_summaries()
    baseline_summaries = time.perf_counter() - t0
    return {
        "ours_seconds": ours - report.summaries_seconds,
        "ours_summaries_seconds": report.summaries_seconds,
        "baseline_seconds": baseline,
        "baseline_summaries_seconds": baseline_summaries,
        "summary": report.summary(),
        "differences": compare_snapshots(our_graph, baseline_graph),
        "sampled": (len(our_graph["nodes"]), len(our_graph["rels"]), sum(len(v) for v in our_graph["rels"].values())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "city"], default="city")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["memory", "neo4j"], default=None)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--heap", default="3g", help="heap for the local Neo4j")
    parser.add_argument("--pagecache", default="2g", help="page cache for the local Neo4j")
    parser.add_argument("--batch-size", type=int, default=5_000, help="rows per write of our ingest")
    parser.add_argument("--writer", choices=["thread", "process"], default="thread",
                        help="where our ingest writes to Neo4j from: a thread (default) or a separate process")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-ingest-"))
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        t0 = time.perf_counter()
        generate(args.scale, args.seed, data)
        console.print(f"generated {args.scale} data in {time.perf_counter() - t0:.1f} s → {data}")
    rows = _csv_rows(data)
    load_before = os.getloadavg()
    table = Table("store", "rows", "seconds", "rows/s", "peak memory", "vs LOAD CSV",
                  title=f"ingest, {args.scale} scale, seed {args.seed}: {rows:,} source rows")

    if args.only in (None, "memory"):
        m = bench_memory(data, work)
        table.add_row("embedded (networkx)", f"{m['summary']['rows_loaded']:,}", f"{m['seconds']:.1f}",
                      f"{m['summary']['rows_loaded'] / m['seconds']:,.0f}", f"{m['peak_mib']:,.0f} MiB", "—")

    if args.only in (None, "neo4j"):
        from neo4j_launcher import start, stop

        neo_dir = work / "neo4j"
        running = start(neo_dir, port=int(os.environ.get("SKILLGRAPH_BENCH_PORT", "7698")), heap=args.heap,
                        pagecache=args.pagecache)
        try:
            store = Neo4jStore(running.uri)
            warmup = work / "warmup-small"
            if not warmup.exists():
                generate("small", args.seed + 1, warmup)
            n = bench_neo4j(data, warmup, store, neo_dir / "import", args.batch_size, args.writer == "process")
            store.close()
        finally:
            stop(neo_dir)
        loaded = n["summary"]["rows_loaded"]
        ours_rate = loaded / n["ours_seconds"]
        base_rate = loaded / n["baseline_seconds"]
        table.add_row("Neo4j (ours: validate + UNWIND batches)", f"{loaded:,}", f"{n['ours_seconds']:.1f}",
                      f"{ours_rate:,.0f}", "—", f"{ours_rate / base_rate:.2f} ×")
        table.add_row("Neo4j (LOAD CSV … IN TRANSACTIONS, same provenance)", f"{loaded:,}",
                      f"{n['baseline_seconds']:.1f}", f"{base_rate:,.0f}", "—", "1.00 ×")
        ours_all = n["ours_seconds"] + n["ours_summaries_seconds"]
        base_all = n["baseline_seconds"] + n["baseline_summaries_seconds"]
        table.add_row(f"  ours + summaries rebuilt at its end ({n['ours_summaries_seconds']:.1f} s)", f"{loaded:,}",
                      f"{ours_all:.1f}", f"{loaded / ours_all:,.0f}", "—", f"{base_all / ours_all:.2f} ×")
        table.add_row(f"  LOAD CSV + the same rebuild ({n['baseline_summaries_seconds']:.1f} s)", f"{loaded:,}",
                      f"{base_all:.1f}", f"{loaded / base_all:,.0f}", "—", "1.00 ×")
        nodes_sampled, pairs_sampled, rels_sampled = n["sampled"]
        if n["differences"]:
            console.print(f"[red]the two graphs are NOT equal ({len(n['differences'])} difference(s)):[/red]")
            for line in n["differences"][:20]:
                console.print(f"  {escape(line)}", soft_wrap=True)
        else:
            console.print(
                "graphs equal: yes — same node and relationship counts per kind, the same property keys on "
                f"every node and relationship, and the same values on {nodes_sampled} sampled nodes and the "
                f"{rels_sampled} relationships between {pairs_sampled} sampled node pairs. Both loaders write "
                "the same properties, provenance (source_file, source_row, load_id) included."
            )
    table.caption = (f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
                     f"{os.getloadavg()[0]:.1f} after; Neo4j writer: {args.writer}")
    console.print(table)


if __name__ == "__main__":
    main()
