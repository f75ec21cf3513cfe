"""Ingest benchmark: generated city-scale files into the embedded store and into Neo4j.

Prints rows/s and peak memory for each store, and — in the same run, on the same Neo4j and the
same rows — the rate of Neo4j's own `LOAD CSV … CALL { } IN TRANSACTIONS` as the baseline, with
our rate / LOAD CSV's rate. Each loader loads the rows `--rounds` times into an emptied store, the
order swapped every round (whichever loads first pays for the JVM compiling Neo4j's hot paths),
with the CPU time of Neo4j, of its JIT compiler and of our Python for every load. The baseline
writes what our ingest writes, provenance included (`source_file`, `source_row`, `load_id` on
every node and relationship, derived LOCATED_IN / IN_CLUSTER too), and every load's graph is
compared with the first's: counts, property keys of every node and relationship, and the
properties of a fixed sample of nodes and relationships.

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

from app.tuning import ingest_tuned
from graph_model.nodes import NODE_KINDS
from graph_model.relationships import REL_KINDS
from ingest.columns import kind_for_file
from ingest.generate import generate
from ingest.readers import open_source
from ingest.reference import load_reference
from queries import refresh_summaries
from store.neo4j_store import Neo4jStore

console = Console(width=None if sys.stdout.isatty() else 150)

MEMORY_CHILD = """
import json, resource, sys, time
from pathlib import Path
from app.tuning import ingest_tuned
from ingest.job import run_ingest
from store import MemoryStore
data, db = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
store = MemoryStore(db)
with ingest_tuned():  # as `skillgraph ingest` runs it
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
        # an empty cell takes the model's default, as in our ingest (e.g. `discoverable` false)
        default = field.default if isinstance(field.default, bool) else None
        return f"toBoolean({value})" if default is None else f"coalesce(toBoolean({value}), {str(default).lower()})"
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
        # an optional key left empty keys as "" (as `Relationship.key` does)
        key = " + '|' + ".join(f"coalesce(row.`{f}`, '')" for f in rel_model.key_fields) or "''"
        props = ", ".join(
            [*(f"`{c}`: {_conversion(rel_model, c)}" for c in header if c not in ("start", "end")), PROVENANCE]
        )
        body = (
            f"MATCH (a:Entity {{id: row.start}}) MATCH (b:Entity {{id: row.end}}) "
            f"MERGE (a)-[r:{kind} {{key: {key}}}]->(b) SET r += {{{props}}}"
        )
    return (f"LOAD CSV WITH HEADERS FROM '{url}' AS row WITH row, linenumber() AS line "
            f"CALL (row, line) {{ {body} }} IN TRANSACTIONS OF {batch} ROWS")


def stage_for_load_csv(data: Path, import_dir: Path) -> list[Path]:
    """Copy the files of `data` where LOAD CSV reads them; returns them in load order (nodes first)."""
    files = sorted(data.glob("*.csv"), key=lambda p: (kind_for_file(p) not in NODE_KINDS, p.name))
    for f in files:
        check_no_blank_lines(f)
        shutil.copy(f, import_dir / f.name)
    return files


def _load_csv(store: Neo4jStore, files: list[Path]) -> float:
    """Seconds to load the reference graph and then `files` (staged) with LOAD CSV, into `store` as it is."""
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


def compare_snapshots(
    one: dict[str, Any], other: dict[str, Any], names: tuple[str, str] = ("ours", "LOAD CSV")
) -> list[str]:
    """Differences between two snapshots, in words; empty when the graphs compare equal."""
    a_name, b_name = names
    problems: list[str] = []
    if one["counts"] != other["counts"]:
        problems.append(f"counts differ: {a_name} {one['counts']}, {b_name} {other['counts']}")
    for kind in one["keysets"]:
        if one["keysets"][kind] != other["keysets"][kind]:
            problems.append(f"{kind} property keys differ: {a_name} {one['keysets'][kind]}, "
                            f"{b_name} {other['keysets'][kind]}")
    for what in ("nodes", "rels"):
        for key in sorted(set(one[what]) | set(other[what])):
            a, b = one[what].get(key), other[what].get(key)
            if a != b:
                problems.append(f"{key}: {a_name} {a}, {b_name} {b}")
    return problems


JIT_THREADS = ("C1 CompilerThre", "C2 CompilerThre")
"""Names (as Linux cuts them) of the JVM's just-in-time compiler threads."""


def jvm_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) a JVM has used so far, and of them its JIT compiler threads' (live ones)."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(stat: str) -> float:
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    jit = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        if stat[stat.index("(") + 1 : stat.rindex(")")].startswith(JIT_THREADS):
            jit += used(stat)
    return used(Path(f"/proc/{pid}/stat").read_text()), jit


class CpuMeter:
    """CPU seconds of Neo4j's JVM (and of its JIT compiler) and of this process between `start()` and `stop()`."""

    def __init__(self, neo4j_pid: int) -> None:
        self.pid = neo4j_pid

    def start(self) -> None:
        self._jvm0, self._python0 = jvm_cpu(self.pid), time.process_time()

    def stop(self) -> dict[str, float]:
        jvm = jvm_cpu(self.pid)
        return {"neo4j": jvm[0] - self._jvm0[0], "jit": jvm[1] - self._jvm0[1],
                "python": time.process_time() - self._python0}


LOADERS = ("ours", "load_csv")


def bench_neo4j(
    data: Path, store: Neo4jStore, import_dir: Path, *, batch: int,
    neo4j_pid: int, rounds: int, warmup_rounds: int,
) -> dict[str, Any]:
    """Both loaders on the same rows: `warmup_rounds` untimed rounds, then `rounds` timed ones.

    Each load starts from an emptied store; the order is swapped every round. The warm-up rounds
    are there for the JVM: during the first big load, whichever loader that is, it compiles Neo4j's
    hot paths (measured: 24–25 CPU-seconds of its compiler threads during our first city load, 2–5
    during a later one); small data does not get there, because the dense nodes (popular
    occupations, districts) take other code paths. Warm-up loads are measured and shown too, but not
    counted. Every load's graph is compared with the first one's.
    """
    from ingest.job import run_ingest

    store.apply_schema()
    node_ids, rels = sample_elements(data)
    files = stage_for_load_csv(data, import_dir)
    meter = CpuMeter(neo4j_pid)
    runs: list[dict[str, Any]] = []
    first_graph: dict[str, Any] | None = None
    summary: dict[str, int] = {}
    for number in range(1 - warmup_rounds, rounds + 1):
        for loader in LOADERS if number % 2 else LOADERS[::-1]:
            store.clear()
            meter.start()
            t0 = time.perf_counter()
            if loader == "ours":
                with ingest_tuned():  # as `skillgraph ingest` runs it
                    report = run_ingest([data], store, progress=False, batch_size=batch)
                # Our ingest ends by rebuilding the store's summaries (queries/summaries/): timed apart.
                summaries_seconds = report.summaries_seconds
                seconds = time.perf_counter() - t0 - summaries_seconds
                summary = report.summary()
            else:
                seconds = _load_csv(store, files)
                # LOAD CSV leaves the summaries stale: the same rebuild, timed apart, so both ends compare too.
                t0 = time.perf_counter()
                refresh_summaries(store)
                summaries_seconds = time.perf_counter() - t0
            cpu = meter.stop()  # both include the summaries rebuild
            graph = graph_snapshot(store, node_ids, rels)
            if first_graph is None:
                first_graph, first = graph, loader
            differences = compare_snapshots(graph, first_graph, (loader, first))
            runs.append({"round": number, "loader": loader, "seconds": seconds, "summaries_seconds": summaries_seconds,
                         "cpu": cpu, "differences": differences})
            what = f"round {number}" if number > 0 else "warm-up"
            console.print(f"{what}: {loader} {seconds:.1f} s (+ summaries {summaries_seconds:.1f} s)")
    assert first_graph is not None
    return {
        "runs": runs,
        "summary": summary,
        "sampled": (len(first_graph["nodes"]), len(first_graph["rels"]),
                    sum(len(v) for v in first_graph["rels"].values())),
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
    parser.add_argument("--rounds", type=int, default=2,
                        help="loads of each loader into Neo4j, the order swapped every round (default 2)")
    parser.add_argument("--warmup-rounds", type=int, default=1,
                        help="untimed rounds first, to let the JVM compile Neo4j's hot paths (default 1)")
    args = parser.parse_args()
    if args.rounds < 1 or args.warmup_rounds < 0:
        parser.error("--rounds must be at least 1 and --warmup-rounds at least 0")

    work = args.work or Path(tempfile.mkdtemp(prefix="sg-bench-ingest-"))
    data = work / f"data-{args.scale}-{args.seed}"
    if not data.exists():
        t0 = time.perf_counter()
        generate(args.scale, args.seed, data)
        console.print(f"generated {args.scale} data in {time.perf_counter() - t0:.1f} s → {data}")
    rows = _csv_rows(data)
    load_before = os.getloadavg()
    title = f"ingest, {args.scale} scale, seed {args.seed}: {rows:,} source rows"

    if args.only in (None, "memory"):
        m = bench_memory(data, work)
        table = Table("store", "rows", "seconds", "rows/s", "peak memory", title=title)
        table.add_row("embedded (networkx)", f"{m['summary']['rows_loaded']:,}", f"{m['seconds']:.1f}",
                      f"{m['summary']['rows_loaded'] / m['seconds']:,.0f}", f"{m['peak_mib']:,.0f} MiB")
        table.caption = (f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
                         f"{os.getloadavg()[0]:.1f} after")
        console.print(table)

    if args.only in (None, "neo4j"):
        from neo4j_launcher import start, stop

        neo_dir = work / "neo4j"
        running = start(neo_dir, port=int(os.environ.get("SKILLGRAPH_BENCH_PORT", "7698")), heap=args.heap,
                        pagecache=args.pagecache)
        load_before = os.getloadavg()
        try:
            store = Neo4jStore(running.uri)
            n = bench_neo4j(data, store, neo_dir / "import", batch=args.batch_size,
                            neo4j_pid=running.pid, rounds=args.rounds,
                            warmup_rounds=args.warmup_rounds)
            store.close()
        finally:
            stop(neo_dir)
        print_neo4j(n, title, f"{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
                              f"{os.getloadavg()[0]:.1f} after")


def print_neo4j(n: dict[str, Any], title: str, caption: str) -> None:
    """Each round's two loads, our rate / LOAD CSV's per round and over the timed rounds, and the graph check."""
    loaded = n["summary"]["rows_loaded"]
    names = {"ours": "ours: validate + UNWIND batches", "load_csv": "LOAD CSV … IN TRANSACTIONS"}
    table = Table("round", "loader, in order", "seconds", "rows/s", "+ summaries", "CPU s: Neo4j (JIT) + Python",
                  "ours / LOAD CSV", title=f"Neo4j — {title}")
    runs = n["runs"]
    for i, run in enumerate(runs):
        other = next(r for r in runs if r["round"] == run["round"] and r is not run)
        ratio = f"{other['seconds'] / run['seconds']:.2f} ×" if run["loader"] == "ours" else ""
        c = run["cpu"]
        label = str(run["round"]) if run["round"] > 0 else "warm-up, not counted"
        table.add_row(label if i % 2 == 0 else "", names[run["loader"]], f"{run['seconds']:.1f}",
                      f"{loaded / run['seconds']:,.0f}", f"{run['summaries_seconds']:.1f} s",
                      f"{c['neo4j']:.0f} ({c['jit']:.0f}) + {c['python']:.0f}", ratio, end_section=i % 2 == 1)
    timed = [r for r in runs if r["round"] > 0]
    total = {name: sum(r["seconds"] for r in timed if r["loader"] == name) for name in LOADERS}
    with_summaries = {name: sum(r["seconds"] + r["summaries_seconds"] for r in timed if r["loader"] == name)
                      for name in LOADERS}
    table.add_row("all", "ours / LOAD CSV over the timed rounds", f"{total['ours']:.1f} / {total['load_csv']:.1f}", "",
                  f"{with_summaries['load_csv'] / with_summaries['ours']:.2f} × with", "",
                  f"{total['load_csv'] / total['ours']:.2f} ×")
    table.caption = (f"{caption}. Our rate / LOAD CSV's = its seconds / ours. CPU includes the summaries "
                     "rebuild; (JIT) is the part of Neo4j's spent by the JVM's compiler threads.")
    console.print(table)
    nodes_sampled, pairs_sampled, rels_sampled = n["sampled"]
    differences = [(r, d) for r in runs for d in r["differences"]]
    if differences:
        console.print(f"[red]the graphs are NOT all equal ({len(differences)} difference(s)):[/red]")
        for run, line in differences[:20]:
            console.print(f"  round {run['round']} {run['loader']}: {escape(line)}", soft_wrap=True)
    else:
        console.print(
            f"graphs equal: yes, all {len(runs)} loads — same node and relationship counts per kind, the same "
            f"property keys on every node and relationship, and the same values on {nodes_sampled} sampled nodes "
            f"and the {rels_sampled} relationships between {pairs_sampled} sampled node pairs. Both loaders "
            "write the same properties, provenance (source_file, source_row, load_id) included."
        )

if __name__ == "__main__":
    main()
