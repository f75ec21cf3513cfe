"""A graph in the embedded store's layout written in the CSV format of Neo4j's offline importer
(`neo4j-admin database import full`), for a first load into an empty database (`skillgraph ingest --initial`).

The files give the importer exactly the graph the Neo4j store's own writes would make from the same rows:

- one node file per kind, its columns the union of the kind's properties. A property a node lacks is an unquoted
  empty field, which the importer leaves unset; every string is quoted, so an empty string stays one;
- one relationship file per type, with the relationship's `key` (the store's own: "" when the model has none);
- the kept records of nodes the load retired (`Retired` nodes: bookkeeping, no `Entity` label);
- lists as the importer's arrays, their elements joined by `ARRAY_DELIMITER` (a control character no text in the
  model holds; one that does is refused rather than split). An empty list is not representable in the format: the
  row gets a marker instead (`<key>__empty`, true), and `set_empty_lists` turns the markers into empty lists once
  the database runs (the Neo4j store writes `[]` as an empty list, not as nothing).

A property whose values have more than one type within a kind (an integer here, a float there) would need a
column per type; it is refused with the property's name, as no model property does that.
"""

import json
import multiprocessing
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from store.base import StoreError, kind_of
from store.neo4j_store import RETIRED_LABEL

ARRAY_DELIMITER = "\x1f"
"""The importer's array delimiter (`--array-delimiter=U+001F`): the ASCII unit separator."""

EMPTY_MARK = "__empty"
"""Suffix of the marker column that stands for an empty list (`set_empty_lists`)."""

_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}


@dataclass
class ImportFiles:
    """What `write_import_files` wrote, as the importer's arguments."""

    nodes: list[tuple[str, Path]] = field(default_factory=list)
    """(labels joined by ':', file) per node file."""
    relationships: list[tuple[str, Path]] = field(default_factory=list)
    """(type, file) per relationship file."""
    multiline: bool = False
    """Some text holds a line break: the importer must read fields across lines (slower)."""
    empty_lists: set[tuple[str, bool, str]] = field(default_factory=set)
    """(label or type, whether a relationship type, property) of each property that is an empty list somewhere."""

    def arguments(self) -> list[str]:
        """The import command's options for these files."""
        args = [f"--nodes={labels}={path}" for labels, path in self.nodes]
        args += [f"--relationships={rel_type}={path}" for rel_type, path in self.relationships]
        args += ["--array-delimiter=U+001F", "--id-type=string", "--strict=true", "--bad-tolerance=0",
                 f"--multiline-fields={'true' if self.multiline else 'false'}"]
        return args


def write_import_files(graph: nx.MultiDiGraph, retired: Sequence[Mapping[str, Any]], folder: Path) -> ImportFiles:
    """Write `graph` (the embedded store's layout: nodes with `labels` and `props`, edges with `type`, `key_value`
    and `props`) and the node records of `retired` into `folder` as the importer's CSV files: in two processes (a
    forked one writes about half the rows), as writing is Python's work."""
    folder.mkdir(parents=True, exist_ok=True)
    files = ImportFiles()
    jobs: list[_Job] = []
    by_kind: dict[frozenset[str], list[tuple[str, Mapping[str, Any]]]] = {}
    for node_id, data in graph.nodes(data=True):
        by_kind.setdefault(data["labels"], []).append((node_id, data["props"]))
    for labels, nodes in sorted(by_kind.items(), key=lambda item: sorted(item[0])):
        kind = kind_of(labels)
        path = folder / f"nodes-{kind}.csv"
        jobs.append(_Job(path, {"id:ID": [node_id for node_id, _ in nodes]}, [p for _, p in nodes], kind, skip="id"))
        files.nodes.append((":".join(sorted(labels)), path))
    by_type: dict[str, list[tuple[str, str, str, Mapping[str, Any]]]] = {}
    for start, end, data in graph.edges(data=True):
        by_type.setdefault(data["type"], []).append((start, end, data["key_value"], data["props"]))
    for rel_type, edges in sorted(by_type.items()):
        path = folder / f"relationships-{rel_type}.csv"
        own = {":START_ID": [e[0] for e in edges], ":END_ID": [e[1] for e in edges],
               "key:string": [e[2] for e in edges]}
        jobs.append(_Job(path, own, [e[3] for e in edges], rel_type, relationship=True))
        files.relationships.append((rel_type, path))
    records = [r for r in retired if "id" in r]
    if records:
        at = int(time.time() * 1000)
        path = folder / f"nodes-{RETIRED_LABEL}.csv"
        own = {":ID": [f"retired:{n}:{r['id']}" for n, r in enumerate(records)]}
        props = [{"id": r["id"], "kind": r["kind"], "at": at, "record": json.dumps(dict(r), ensure_ascii=False)}
                 for r in records]
        jobs.append(_Job(path, own, props, RETIRED_LABEL))
        files.nodes.append((RETIRED_LABEL, path))
    for multiline, empty_lists in _in_two_processes(jobs):
        files.multiline |= multiline
        files.empty_lists |= empty_lists
    return files


@dataclass
class _Job:
    """One file to write (`_write`'s arguments)."""

    path: Path
    own: Mapping[str, list[str]]
    props: Sequence[Mapping[str, Any]]
    what: str
    relationship: bool = False
    skip: str = ""

    def run(self) -> tuple[bool, set[tuple[str, bool, str]]]:
        empty_lists: set[tuple[str, bool, str]] = set()
        multiline = _write(self.path, self.own, self.props, self.what, empty_lists, relationship=self.relationship,
                           skip=self.skip)
        return multiline, empty_lists


_FORKED_JOBS: list[_Job] = []
"""In a forked writer: the jobs it runs, inherited from the process that forked it (the rows are not copied through a
pipe)."""


def _adopt(jobs: list[_Job]) -> None:
    global _FORKED_JOBS
    _FORKED_JOBS = jobs


def _run_forked_jobs() -> list[tuple[bool, set[tuple[str, bool, str]]]]:
    return [job.run() for job in _FORKED_JOBS]


def _in_two_processes(jobs: list[_Job]) -> list[tuple[bool, set[tuple[str, bool, str]]]]:
    """Each job's result; about half the rows written by a forked process, the rest by this one. A file the forked
    process cannot write raises here as it would in this one."""
    mine: list[_Job] = []
    theirs: list[_Job] = []
    my_rows = their_rows = 0
    for job in sorted(jobs, key=lambda j: len(j.props), reverse=True):
        if my_rows <= their_rows:
            mine.append(job)
            my_rows += len(job.props)
        else:
            theirs.append(job)
            their_rows += len(job.props)
    if not theirs or "fork" not in multiprocessing.get_all_start_methods():
        return [job.run() for job in jobs]
    # Forked, the worker is given its jobs as they are in memory here (a forked process's arguments are not pickled)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_adopt,
                             initargs=(theirs,)) as pool:
        forked = pool.submit(_run_forked_jobs)
        results = [job.run() for job in mine]
        return results + forked.result()


def _write(path: Path, own: Mapping[str, list[str]], props: Sequence[Mapping[str, Any]], what: str,
           empty_lists: set[tuple[str, bool, str]], *, relationship: bool = False, skip: str = "") -> bool:
    """Write one file: the `own` columns (header → text values: ids, a relationship's key), then a typed column per
    property of `props` (and a marker column per property that is an empty list somewhere); True if some text holds
    a line break. Column by column: the values of one column have one type, so each column is turned into text
    with one expression, not a function call per value."""
    keys = sorted({key for p in props for key in p} - {skip})
    header = list(own)
    columns = [[_text(v) for v in values] for values in own.values()]
    for key in keys:
        values = [p.get(key) for p in props]
        kind, text = _column(values, what, key)
        if kind is not None:
            header.append(f"{_header_name(key)}:{kind}")
            columns.append(text)
        if any(v == [] for v in values if type(v) is list):
            header.append(f"{_header_name(key)}{EMPTY_MARK}:boolean")
            columns.append(["true" if v == [] else "" for v in values])
            empty_lists.add((what, relationship, key))
    multiline = any("\n" in v or "\r" in v for column in columns for v in column if v.startswith('"'))
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        rows = [",".join(fields) for fields in zip(*columns, strict=True)]
        for i in range(0, len(rows), 50_000):
            handle.write("\n".join(rows[i : i + 50_000]) + "\n")
    return multiline


def _column(values: list[Any], what: str, key: str) -> tuple[str | None, list[str]]:
    """A property's importer type (`long`, `string[]`, …; None if it has no value) and its values as fields (an
    absent value or an empty list: an empty field)."""
    types = set(map(type, values)) - {type(None)}
    if not types:
        return None, []
    if len(types) > 1:
        names = " and ".join(sorted(t.__name__ for t in types))
        raise StoreError(f"{what}.{key} holds values of two types ({names}); the offline import needs one type per "
                         "property")
    (python,) = types
    if python is list:
        elements = {type(e) for v in values if v for e in v}
        if not elements:
            return None, []
        if len(elements) > 1 or next(iter(elements)) not in _TYPES:
            names = " and ".join(sorted(t.__name__ for t in elements))
            raise StoreError(f"{what}.{key}: a list of {names} cannot be imported")
        (element,) = elements
        if element is str:
            bad = next((e for v in values if v for e in v if ARRAY_DELIMITER in e or e == ""), None)
            if bad is not None:
                raise StoreError(f"{what}.{key}: a list element {bad!r} cannot be written in the offline import's "
                                 "arrays")
            return "string[]", ["" if not v else _text(ARRAY_DELIMITER.join(v)) for v in values]
        return f"{_TYPES[element]}[]", ["" if not v else _text(ARRAY_DELIMITER.join(map(_scalar, v)))
                                        for v in values]
    if python not in _TYPES:
        raise StoreError(f"{what}.{key}: a value of type {python.__name__} cannot be imported")
    if python is str:
        return "string", ["" if v is None else _text(v) for v in values]
    if python is int:
        return "long", ["" if v is None else str(v) for v in values]
    return _TYPES[python], ["" if v is None else _scalar(v) for v in values]


def set_empty_lists(driver: Any, files: ImportFiles, database: str | None = None) -> None:
    """Turn each empty-list marker of an imported database into the empty list it stands for (`driver`: a Neo4j
    driver on the running database, before anyone else uses it)."""
    for name, is_type, key in sorted(files.empty_lists):
        prop, mark = _cypher_name(key), _cypher_name(key + EMPTY_MARK)
        pattern = f"()-[e:{_cypher_name(name)}]->()" if is_type else f"(e:{_cypher_name(name)})"
        statement = (f"MATCH {pattern} WHERE e.{mark} IS NOT NULL "
                     f"CALL {{ WITH e SET e.{prop} = [] REMOVE e.{mark} }} IN TRANSACTIONS OF 10000 ROWS")
        with driver.session(database=database) as session:
            session.run(statement).consume()


def _cypher_name(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _header_name(key: str) -> str:
    if any(c in key for c in ',:"\n\r'):
        raise StoreError(f"property name {key!r} cannot be a column of the offline import")
    return key


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
