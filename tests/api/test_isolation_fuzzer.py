"""The isolation fuzzer: a chain leader learns nothing of what it may not see, through any endpoint.

On generated data (8 chains sharing districts, occupations and schools), for every chain leader:
what it may see is worked out here from the source files alone — its chains' scopes (the chain, its
leaders and members, their partners, the stations serving it, the platforms its members host) and the
public reference nodes — and everything else is forbidden, but for the organisations that agreed to be
discoverable. Then every GET endpoint of the OpenAPI document is called with ids drawn from the own
scope, other chains' scopes, public nodes and missing ids, with depths, limits, offsets, regions and
search fragments of forbidden names and credit codes, and:

- no response contains a forbidden id, name or credit code (an English name: as a whole JSON value or CSV cell);
- an id (or region) it may not see and one that does not exist give the same status and body;
- no count counts what it may not see: a network view's `total_nodes` is the number of nodes it sees
  within reach through nodes it sees, an entity's `neighbours_total` its visible neighbours, the
  chain ranking its own chains.
"""

import csv
import io
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from ingest.generate import generate
from ingest.job import run_ingest
from store import GraphStore, MemoryStore
from store.neo4j_store import Neo4jStore
from tests.api.conftest import pdf_text

SEED = 11
CALLS_PER_OPERATION = 36
FEWER_CALLS = {"/api/v1/reports/": 4, "/api/v1/map/shapes": 1}
"""Calls per leader of the operations whose every answer is long: a PDF report (a chain's whole report, read back
with pdftotext) and the map's shapes (220 KB of public reference data, the same for every call)."""
"""Random calls per GET operation and chain leader (8 leaders, ~20 operations: over 5,000 in all)."""
MISSING = ("chain-9999", "ent-999999", "sch-99999", "nope")
REFERENCE_FILES = ("major",)
"""Node files whose nodes are public reference nodes (districts, clusters, occupations, levels come packaged)."""


@dataclass
class World:
    """The generated source files, read here without any of the code under test."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    rels: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, folder: Path) -> "World":
        world = cls()
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            if rows and "start" in rows[0]:
                world.rels[path.stem].extend(rows)
            else:
                for row in rows:
                    world.nodes[row["id"]] = row
                    world.kinds[row["id"]] = path.stem
        return world

    def ends(self, rel: str, *, start: set[str] | None = None, end: set[str] | None = None) -> set[str]:
        """The other end of `rel` rows whose start (or end) is in the set."""
        found: set[str] = set()
        for r in self.rels[rel]:
            if start is not None and r["start"] in start:
                found.add(r["end"])
            if end is not None and r["end"] in end:
                found.add(r["start"])
        return found

    def chains(self) -> list[str]:
        return sorted(i for i, k in self.kinds.items() if k == "chain")

    def members(self, chain: str) -> set[str]:
        return {r["start"] for r in self.rels["member_of"] if r["end"] == chain}

    def scope(self, chain: str) -> set[str]:
        members = self.members(chain)
        return ({chain} | members | {r["start"] for r in self.rels["leads"] if r["end"] == chain}
                | self.ends("partners_with", start=members, end=members)
                | {r["start"] for r in self.rels["serves"] if r["end"] == chain}
                | self.ends("hosts", start=members))

    def discoverable(self) -> set[str]:
        return {i for i, row in self.nodes.items() if row.get("discoverable") == "true"}

    def private(self) -> set[str]:
        """Every node of the files that is not a public reference node."""
        return {i for i, k in self.kinds.items() if k not in REFERENCE_FILES}


@dataclass
class Leader:
    chain: str
    key: str
    visible: set[str]
    """Its scope; with the public reference nodes, what it sees."""
    forbidden: set[str]
    words: "ForbiddenWords"
    """Any forbidden id, credit code or Chinese name, as it would stand in a JSON body."""
    english: frozenset[str] = frozenset()
    """The forbidden nodes' English names: looked for as whole values (a JSON string, a CSV cell)."""


_RUN = re.compile(r"[\w-]+")
"""A run of word characters and hyphens: a forbidden word of only these stands in a body as a whole run."""


@dataclass(frozen=True)
class ForbiddenWords:
    r"""Forbidden ids, credit codes and names, each found in a text only where it stands as a whole word: not next to a
    word character or a hyphen (a JSON string, or inside a sentence), never as part of a longer id.

    That is the pattern `(?<![\w-])(?:w1|w2|…)(?![\w-])`. A word made only of word characters and hyphens matches it
    exactly where it is a whole run of them, so those are looked up in a set, run by run; the pattern is kept for the
    few others (a name with a bracket or a dot). The same finds as the whole pattern, and a body is scanned once
    instead of once per word (`test_the_word_scan_finds_what_the_whole_pattern_finds`)."""

    runs: frozenset[str]
    others: re.Pattern[str] | None

    @classmethod
    def of(cls, words: set[str]) -> "ForbiddenWords":
        runs = frozenset(w for w in words if _RUN.fullmatch(w))
        return cls(runs, _whole_words(words - runs) if words - runs else None)

    def search(self, text: str) -> str | None:
        """The first forbidden word found in `text` (a run one first), or None."""
        found = next((run for run in _RUN.findall(text) if run in self.runs), None)
        if found is None and self.others is not None and (match := self.others.search(text)) is not None:
            found = match.group()
        return found


def _whole_words(words: set[str]) -> re.Pattern[str]:
    escaped = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(escaped) + r")(?![\w-])")


def _forbidden_words(world: World, forbidden: set[str]) -> ForbiddenWords:
    words = set()
    for node_id in forbidden:
        row = world.nodes[node_id]
        words.add(node_id)
        for column in ("uscc", "name_zh"):
            if row.get(column):
                words.add(row[column])
    return ForbiddenWords.of(words)


@dataclass
class Fuzz:
    client: TestClient
    store: GraphStore
    world: World
    leaders: list[Leader]
    public: set[str]
    graph: nx.Graph
    """The loaded graph, undirected (from the embedded store loaded with the same files)."""
    requests: Counter[str] = field(default_factory=Counter)
    findings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """What went wrong, by kind of leak and endpoint: every request runs, then the test reports them all."""

    def found(self, kind: str, path: str, example: str) -> None:
        self.findings[f"{kind} · {_operation(path)}"].append(example)

    def get(self, leader: Leader, path: str, params: dict[str, Any] | None = None) -> Any:
        r = self.client.get(path, params=params, headers={"Authorization": f"Bearer {leader.key}"})
        self.requests[_operation(path)] += 1
        if r.status_code >= 500:
            self.found("server error", path, f"{path} {params}: {r.text[:200]}")
        kind = r.headers.get("content-type", "")
        body = pdf_text(r.content) if kind.startswith("application/pdf") else r.text
        for sent in [*path.split("/"), *(str(v) for v in (params or {}).values())]:  # what it asked, echoed back
            if len(sent) > 1:
                body = body.replace(sent, "")
        leak = leader.words.search(body)
        if leak is not None:
            self.found("forbidden string", path, f"{leader.chain}: {leak!r} from {path} {params}")
        named = _values(r, kind) & leader.english
        if named:
            self.found("forbidden English name", path, f"{leader.chain}: {sorted(named)[0]!r} from {path} {params}")
        return r


def _values(r: Any, kind: str) -> set[str]:
    """The text values of a JSON body (every string in it) or a CSV one (every cell): where an English name would
    stand whole."""
    if kind.startswith("application/json") or kind.startswith("application/problem+json"):
        found: set[str] = set()
        stack = [r.json()]
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                found.add(value)
            elif isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
        return found
    if kind.startswith("text/csv"):
        return {cell for row in csv.reader(io.StringIO(r.content.decode("utf-8-sig"))) for cell in row}
    return set()


def _operation(path: str) -> str:
    """The endpoint a path belongs to, its ids left out (`/api/v1/network/{id}` → network)."""
    parts = path.split("/")[3:]
    return "/".join(p for i, p in enumerate(parts) if i == 0 or p in {"coverage", "network", "totals", "minimum",
                                                                          "recommendations"})


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("isolation") / "data"
    generate("small", SEED, folder, history=True)  # years of demand: trends and forecasts answer
    return folder


@pytest.fixture(scope="module")
def truth(data: Path) -> MemoryStore:
    store = MemoryStore()
    assert run_ingest([data], store, progress=False).ok
    return store


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def fuzz(request: pytest.FixtureRequest, data: Path, truth: MemoryStore,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    if request.param == "memory":
        store: GraphStore = truth
    else:
        server = request.getfixturevalue("neo4j_server")
        store = Neo4jStore(server.uri, auth=server.auth)
        store.apply_schema()
        store.clear()
        assert run_ingest([data], store, progress=False).ok
    world = World.read(data)
    assert len(world.chains()) >= 5
    keys = KeyStore(tmp_path_factory.mktemp("keys") / "keys.db")
    private, discoverable = world.private(), world.discoverable()
    leaders = []
    for chain in world.chains():
        visible = world.scope(chain)
        forbidden = private - visible - discoverable
        # an English name another node it may see has too is no leak (homophones: 丰耀 and 峰耀 are both Fengyao)
        seen_english = {name for i in world.nodes if i not in forbidden and (name := world.nodes[i].get("name_en"))}
        english = frozenset(name for i in forbidden if (name := world.nodes[i].get("name_en"))) - seen_english
        leaders.append(Leader(chain, keys.create(f"leader {chain}", "chain_leader", [chain])[0], visible, forbidden,
                              _forbidden_words(world, forbidden), english))
    public = set(truth.graph) - private
    graph = nx.Graph(truth.graph)
    with TestClient(create_app(store=store, keys=keys)) as client:
        yield Fuzz(client, store, world, leaders, public, graph)
    if request.param != "memory":
        store.close()


def _pools(f: Fuzz, leader: Leader, rng: random.Random) -> dict[str, list[str]]:
    other = sorted(leader.forbidden)
    own = sorted(leader.visible)
    return {
        "own": [leader.chain, *rng.sample(own, min(6, len(own)))],
        "other": [*[c for c in f.world.chains() if c != leader.chain][:3], *rng.sample(other, min(8, len(other)))],
        "public": ["wanzhou", "yuzhong", "6-22-02-01", *rng.sample(sorted(f.public), 3)],
        "missing": list(MISSING),
    }


def _fragments(f: Fuzz, leader: Leader, rng: random.Random) -> list[str]:
    """Search texts cut from forbidden names and credit codes, and from the own chain's."""
    texts = []
    for node_id in rng.sample(sorted(leader.forbidden), 12):
        row = f.world.nodes[node_id]
        name = row.get("name_zh") or node_id
        start = rng.randrange(max(1, len(name) - 2))
        texts += [name[start : start + rng.choice((2, 3, 4))], row.get("uscc") or node_id, node_id]
    own = f.world.nodes[leader.chain]["name_zh"]
    return [*texts, own[:4], "重庆", "职业", "汽车"]


QUERY_VALUES: dict[str, list[Any]] = {
    "depth": [0, 1, 2, 3], "limit": [1, 3, 20, 200], "offset": [0, 1, 5], "year": [None, 2025, 2026],
    "skill_levels": [None, "senior_worker", "technician"], "by": ["district", "cluster", "chain"], "k": [1, 2],
    "rule": ["district"], "priority_field": [None, "digital_occupations"],
    "cluster": [None, "intelligent_connected_nev"], "horizon": [None, 1, 2, 3], "trend": [None, "worse", "new"],
    "occupation": [None, "6-22-02-01"], "format": [None, None, "csv"], "lang": [None, "en"],
    "indicator": ["high_skill_share", "chains_leader_not_filed", "fund_frontline_share", "chains"],
}


def _operations(client: TestClient) -> list[str]:
    spec = client.get("/openapi.json").json()
    return sorted(p for p, ops in spec["paths"].items() if p.startswith("/api/v1") and "get" in ops)


def _call(f: Fuzz, leader: Leader, path: str, rng: random.Random, pools: dict[str, list[str]],
          texts: list[str]) -> tuple[str, dict[str, Any], str | None]:
    """One random call of a GET operation: its path filled, its query drawn; the id drawn and its pool."""
    drawn, pool = None, None
    if "{" in path:
        pool = rng.choice(list(pools))
        drawn = rng.choice(pools[pool])
        path = re.sub(r"\{[^}]+\}", drawn, path)
    params: dict[str, Any] = {}
    for name, values in QUERY_VALUES.items():
        if rng.random() < 0.5:
            value = rng.choice(values)
            if value is not None:
                params[name] = value
    if path.endswith(("/gaps", "/shortages", "/deserts", "/trends", "/forecasts", "/measures")) or "stations" in path:
        pool = rng.choice(list(pools))
        params["region"] = drawn = rng.choice([*pools[pool], "city", "county_12", "yudongbei"])
    if path.endswith("/search"):
        params["q"] = rng.choice(texts)
    return path, params, pool


def _check_counts(f: Fuzz, leader: Leader, path: str, params: dict[str, Any], body: dict[str, Any]) -> None:
    """Counts an answer gives are counts over what the caller sees."""
    sees = leader.visible | f.public
    wrong: list[str] = []
    if path.startswith("/api/v1/network/"):
        centre = path.rsplit("/", 1)[1]
        within = nx.single_source_shortest_path_length(f.graph.subgraph(sees), centre,
                                                       cutoff=params.get("depth", 1))
        if body["total_nodes"] != len(within) or body["cut_nodes"] != len(within) - len(body["nodes"]):
            wrong.append(f"total_nodes {body['total_nodes']}, cut_nodes {body['cut_nodes']}: {len(within)} seen")
    elif path.startswith("/api/v1/entities/"):
        centre = path.rsplit("/", 1)[1]
        if body["neighbours_total"] != len(set(f.graph[centre]) & sees):
            wrong.append(f"neighbours_total {body['neighbours_total']}: {len(set(f.graph[centre]) & sees)} seen")
    elif path == "/api/v1/measures/breakdown" and body.get("by") == "chain":
        if [r["id"] for r in body["items"]] != [leader.chain]:
            wrong.append(f"breakdown by chain lists {[r['id'] for r in body['items']]}: one own chain")
        if body["city"] is not None:
            wrong.append(f"breakdown gives the city's value {body['city']}: a sum over every chain")
    elif path == "/api/v1/chains":
        if body["total"] != 1 or any(c["rank"] != 1 for c in body["items"]):
            wrong.append(f"total {body['total']}, ranks {[c['rank'] for c in body['items']]}: one own chain")
    elif path.startswith("/api/v1/partners/"):
        for c in body["items"]:
            if c["id"] not in sees and c["id"] not in f.world.discoverable():
                wrong.append(f"candidate {c['id']} neither seen nor discoverable")
            if not set(c["peers_in_chain"]) | set(c["peers_in_cluster"]) <= sees:
                wrong.append(f"candidate {c['id']} names peers it may not see")
            if c["id"] not in sees and (c["peers_in_chain"] or c["peers_in_cluster"] or c["graph_proximity"]):
                wrong.append(f"candidate {c['id']}, outside its scope, comes with whom it partners with")
    for example in wrong:
        f.found("count or content over what it may not see", path, f"{leader.chain}: {path} {params}: {example}")


def _same_as_missing(f: Fuzz, leader: Leader, path: str, params: dict[str, Any], hidden: str) -> None:
    """An id it may not see answers as one that does not exist: same status (404, or 403 where the role may not
    use the endpoint at all), same body but for the id."""
    if "region" in params:
        a = f.get(leader, path, params)
        b = f.get(leader, path, {**params, "region": "chain-9999"})
        same = (a.status_code, a.text.replace(hidden, "?")) == (b.status_code, b.text.replace("chain-9999", "?"))
    else:
        missing = "nope-" + hidden
        a = f.get(leader, path, params)
        b = f.get(leader, path.replace(hidden, missing), params)
        # 404 for both, or the same refusal of the role for both (an endpoint a chain leader may not use at all)
        same = (a.status_code == b.status_code and a.status_code in (403, 404)
                and a.text.replace(hidden, "?") == b.text.replace(missing, "?"))
    if not same:
        f.found("hidden ≠ missing", path, f"{leader.chain}: {path} {params}: {a.status_code} {a.text[:120]} "
                                          f"against {b.status_code} {b.text[:120]}")


def test_no_chain_leader_learns_anything_it_may_not_see(fuzz: Fuzz, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED)
    operations = _operations(fuzz.client)
    assert len(operations) >= 15
    for leader in fuzz.leaders:
        pools, texts = _pools(fuzz, leader, rng), _fragments(fuzz, leader, rng)
        for operation in operations:
            calls = next((n for prefix, n in FEWER_CALLS.items() if operation.startswith(prefix)), CALLS_PER_OPERATION)
            for _ in range(calls):
                path, params, pool = _call(fuzz, leader, operation, rng, pools, texts)
                r = fuzz.get(leader, path, params)
                if r.status_code == 200 and r.headers["content-type"].startswith("application/json") \
                        and isinstance(r.json(), dict):
                    _check_counts(fuzz, leader, path, params, r.json())
                if pool == "other":
                    hidden = params.get("region") or next(i for i in pools["other"] if i in path)
                    _same_as_missing(fuzz, leader, path, params, hidden)
        # its own chain's report, whatever the draws: partners, shortages and members it prints are scanned too
        own = fuzz.get(leader, f"/api/v1/reports/chains/{leader.chain}", {"lang": rng.choice(["zh", "en"])})
        assert own.status_code == 200 and own.headers["content-type"] == "application/pdf"
    total = sum(fuzz.requests.values())
    strings = sum(len(leader.forbidden) for leader in fuzz.leaders)
    with capsys.disabled():
        print(f"\nisolation fuzzer ({type(fuzz.store).__name__}): {total:,} requests by {len(fuzz.leaders)} chain "
              f"leaders over {len(operations)} operations; {strings:,} forbidden nodes (ids, names, credit codes) "
              f"checked in every body; {sum(len(v) for v in fuzz.findings.values())} findings")
        for kind, examples in sorted(fuzz.findings.items()):
            print(f"  {kind}: {len(examples)}, e.g. {examples[0]}")
    assert not fuzz.findings, sorted(fuzz.findings)
    assert total >= 5_000


def test_the_word_scan_finds_what_the_whole_pattern_finds() -> None:
    """`ForbiddenWords` finds a forbidden word in a text exactly where the one pattern of all of them does: random
    texts of forbidden words (ids, codes, Chinese names, names with brackets and dots), near-misses (a longer id, a
    word inside a longer run) and separators of every kind."""
    rng = random.Random(3)
    words = {"E12", "chain-0002", "91500000MA5U000906", "重庆甲科技有限公司", "重庆乙（集团）有限公司", "a.b", "x y"}
    scan = ForbiddenWords.of(words)
    whole = _whole_words(words)
    assert scan.others is not None and scan.runs == {"E12", "chain-0002", "91500000MA5U000906", "重庆甲科技有限公司"}
    parts = [*words, "E123", "xE12", "chain-00021", "重庆甲科技有限公司的", "（集团）", "a.bc", "x yz", "E", "12",
             "-", "_", " ", '"', ",", ":", "/", "（", "）", ".", "\n", "的", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        match = whole.search(text)
        assert (scan.search(text) is not None) == (match is not None), text
