"""Non-interference: what a chain leader is told does not depend on what it may not see.

The isolation fuzzer looks for forbidden ids and names in the answers; this looks for what they would not show: a
count, a sum or a score made from others' data. The generated files are loaded twice, the second time with rows
added that no tested leader may see — a chain of other firms (leader, members, among them organisations a leader
sees as its members' partners), and partnerships between organisations outside its scope that agreed to be found
and organisations it sees. Every GET operation is then called by each tested leader with the same drawn parameters on
both, and the answers must be equal (but for each file's hash, `load_id`, which the added rows change).

The public aggregates a leader is told (the city's demand per occupation, the evaluators in the city) are left as
they are by the rows added, as is every organisation's own data; so is a discoverable candidate's spare capacity
(its new partners demand nothing it supplies: see `_added_rows`).
"""

import csv
import json
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.api.auth import KeyStore
from ingest.generate import generate
from ingest.job import run_ingest
from store import MemoryStore
from tests.api.test_isolation_fuzzer import MISSING, QUERY_VALUES, SEED, World, _operations

LEADERS = 3
CALLS_PER_OPERATION = 16
OTHER_CHAIN = "chain-0900"
SKIPPED = ("/api/v1/reports/",)
"""PDF reports print the time they were made; their content is the JSON answers' (the fuzzer scans their text)."""


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=header).writerows(rows)


def _added_rows(world: World, tested: list[str]) -> dict[str, list[dict[str, str]]]:
    """Rows no tested leader may see: another chain led by a firm outside every tested scope, with members it sees
    as partners of its own members; partnerships of discoverable organisations outside every tested scope with
    organisations a leader sees that are members of no tested chain (a firm only where it demands nothing the
    candidate supplies: a candidate's committed capacity, which a leader is told, stays as it was)."""
    scopes = {c: world.scope(c) for c in tested}
    seen_by_any = set().union(*scopes.values())
    members = set().union(*(world.members(c) for c in tested))
    outside = sorted(i for i, k in world.kinds.items() if k == "enterprise" and i not in seen_by_any)
    found = sorted(i for i in world.discoverable() if i not in seen_by_any)
    assert outside and found, "the generated data has no organisation outside every tested scope"
    rows: dict[str, list[dict[str, str]]] = {"chain": [], "leads": [], "member_of": [], "partners_with": []}
    own = world.nodes[tested[0]]
    rows["chain"].append({"id": OTHER_CHAIN, "name_zh": "重庆外链示例产教评技能生态链",
                          "cluster_ids": own.get("cluster_ids", ""), "priority_fields": own.get("priority_fields", ""),
                          "founded": "2024-01-01"})
    rows["leads"].append({"start": outside[0], "end": OTHER_CHAIN})
    rows["member_of"].append({"start": outside[0], "end": OTHER_CHAIN, "link_role": "industry"})
    demanded: dict[str, set[str]] = {}
    for r in world.rels["demands"]:
        demanded.setdefault(r["start"], set()).add(r["end"])
    prepares: dict[str, set[str]] = {}
    for r in world.rels["prepares_for"]:
        prepares.setdefault(r["start"], set()).add(r["end"])
    supplied: dict[str, set[str]] = {}
    for r in [*world.rels["trains"], *world.rels["evaluates"]]:
        supplied.setdefault(r["start"], set()).add(r["end"])
    for r in world.rels["offers"]:
        supplied.setdefault(r["start"], set()).update(prepares.get(r["end"], set()))
    rng = random.Random(SEED)
    for chain in tested:
        partners = sorted(i for i in scopes[chain] - members if world.kinds.get(i) in ("enterprise", "school"))
        for node in rng.sample(partners, min(4, len(partners))):
            role = "industry" if world.kinds[node] == "enterprise" else "teaching"
            rows["member_of"].append({"start": node, "end": OTHER_CHAIN, "link_role": role})
        seen = sorted(i for i in scopes[chain] - members
                      if world.kinds.get(i) in ("enterprise", "school", "training_provider", "evaluation_body"))
        for node in rng.sample(seen, min(12, len(seen))):
            for candidate in rng.sample(found, min(3, len(found))):
                # a firm that demands what the candidate supplies would change the candidate's committed capacity,
                # which a leader is told (README: spare capacity)
                if not demanded.get(node, set()) & supplied.get(candidate, set()):
                    rows["partners_with"].append({"start": node, "end": candidate, "kind": "internship",
                                                  "trainees": "5"})
    return rows


@dataclass
class Twins:
    a: "Twin"
    """The API on the generated files."""
    b: "Twin"
    """The API on the same files with the added rows."""
    world: World
    leaders: dict[str, str]
    """Chain → its leader's key."""
    touched: set[str]
    """The organisations the added rows give a membership or a partnership: each leader's calls name those it sees."""


class Twin:
    """The API on one load of the files."""

    def __init__(self, folder: Path, keys: KeyStore) -> None:
        self.store = MemoryStore()
        report = run_ingest([folder], self.store, progress=False)
        assert report.ok, [f.rejections[:3] for f in report.files if not f.ok]
        self.client = TestClient(create_app(store=self.store, keys=keys))


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Twins]:
    base = tmp_path_factory.mktemp("noninterference")
    plain = base / "plain"
    generate("small", SEED, plain, history=True)
    world = World.read(plain)
    tested = world.chains()[:LEADERS]
    added = base / "added"
    shutil.copytree(plain, added)
    added_rows = _added_rows(world, tested)
    for name, rows in added_rows.items():
        _append(added / f"{name}.csv", rows)
    touched = {r["start"] for name in ("member_of", "partners_with") for r in added_rows[name]}
    keys = KeyStore(base / "keys.db")
    leaders = {chain: keys.create(f"leader {chain}", "chain_leader", [chain])[0] for chain in tested}
    a, b = Twin(plain, keys), Twin(added, keys)
    assert b.store.get_node(OTHER_CHAIN) is not None and a.store.get_node(OTHER_CHAIN) is None
    with a.client, b.client:
        yield Twins(a, b, world, leaders, touched)


def _without_hashes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_hashes(v) for k, v in value.items() if k != "load_id"}
    if isinstance(value, list):
        return [_without_hashes(v) for v in value]
    return value


def _calls(world: World, chain: str, operation: str, rng: random.Random, touched: set[str]
           ) -> Iterator[tuple[str, dict[str, Any]]]:
    scope = sorted(world.scope(chain))
    pool = [chain, *rng.sample(scope, 4), *sorted(touched & set(scope)), "wanzhou", "6-22-02-01", *MISSING,
            OTHER_CHAIN]
    if operation.startswith("/api/v1/partners/"):
        # the chain and every firm the added rows touch, whatever the draws: peers and scores are where a tie leaks
        firms = sorted(i for i in touched & set(scope) if world.kinds.get(i) == "enterprise")
        for target in [chain, *firms, *sorted(world.members(chain))[:4]]:
            yield operation.replace("{target_id}", target), {}
    for _ in range(CALLS_PER_OPERATION):
        path = re.sub(r"\{[^}]+\}", rng.choice(pool), operation)
        params = {name: value for name, values in QUERY_VALUES.items()
                  if name != "format" and rng.random() < 0.5 and (value := rng.choice(values)) is not None}
        if path.endswith(("/gaps", "/shortages", "/deserts", "/trends", "/forecasts", "/measures")) \
                or "stations" in path:
            params["region"] = rng.choice([chain, chain, "city", "wanzhou", OTHER_CHAIN])
        if path.endswith("/search"):
            params["q"] = rng.choice(["外链", "生态链", "重庆", OTHER_CHAIN, *(world.nodes[i].get("name_zh", i)[:3]
                                                                       for i in rng.sample(scope, 3))])
        yield path, params


def test_no_answer_to_a_chain_leader_changes_with_what_it_may_not_see(
    twins: Twins, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, world, leaders = twins.a, twins.b, twins.world, twins.leaders
    rng = random.Random(SEED)
    operations = [o for o in _operations(a.client) if not o.startswith(SKIPPED)]
    differences: dict[str, list[str]] = {}
    calls = 0
    for chain, key in leaders.items():
        headers = {"Authorization": f"Bearer {key}"}
        for operation in operations:
            for path, params in _calls(world, chain, operation, rng, twins.touched):
                one, two = (twin.client.get(path, params=params, headers=headers) for twin in (a, b))
                calls += 1
                if one.headers.get("content-type", "").startswith("application/json"):
                    same = (one.status_code, _without_hashes(one.json())) == (two.status_code,
                                                                               _without_hashes(two.json()))
                else:
                    same = (one.status_code, one.content) == (two.status_code, two.content)
                if not same:
                    differences.setdefault(operation, []).append(
                        f"{chain}: {path} {params}: {one.status_code} {_diff(one.text, two.text)}")
    with capsys.disabled():
        print(f"\nnon-interference: {calls:,} calls by {len(leaders)} chain leaders over {len(operations)} operations; "
              f"{sum(map(len, differences.values()))} answers changed with what they may not see")
        for operation, examples in sorted(differences.items()):
            print(f"  {operation}: {len(examples)}, e.g. {examples[0][:400]}")
    assert not differences, sorted(differences)
    assert calls >= 500


def _diff(one: str, two: str) -> str:
    """Where two answers part, with a little of each."""
    at = next((i for i, (x, y) in enumerate(zip(one, two, strict=False)) if x != y), min(len(one), len(two)))
    return f"…{json.dumps(one[max(0, at - 60):at + 60], ensure_ascii=False)} against " \
           f"…{json.dumps(two[max(0, at - 60):at + 60], ensure_ascii=False)}"
