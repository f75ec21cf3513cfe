#!/usr/bin/env bash
# Install SkillGraph with its test extra, then run lint, types and the whole test suite against a real Neo4j.
# Neo4j: NEO4J_URI if set; else a Docker engine (testcontainers); else the local launcher (Java + Maven).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test

started_here=""
scratch=""
if [[ -z "${NEO4J_URI:-}" ]] && ! docker info >/dev/null 2>&1; then
    if [[ -n "${SKILLGRAPH_TEST_NEO4J_DATA:-}" ]]; then
        data="$SKILLGRAPH_TEST_NEO4J_DATA"
    else
        scratch="$(mktemp -d)"  # removed again on exit: a run's database is some 500 MB
        data="$scratch/neo4j"
    fi
    # A free port unless SKILLGRAPH_TEST_NEO4J_PORT names one: another Neo4j on the machine never collides.
    port="${SKILLGRAPH_TEST_NEO4J_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
    started_here="$data"
    trap 'skillgraph neo4j stop --data "$started_here" || true; [[ -z "$scratch" ]] || rm -rf "$scratch"' EXIT
    if ! started="$(skillgraph neo4j start --data "$data" --port "$port" 2>&1)"; then
        echo "Neo4j for the tests did not start: $(tail -n 1 <<<"$started") (port from SKILLGRAPH_TEST_NEO4J_PORT, else a free one)" >&2
        exit 1
    fi
    NEO4J_URI="$(tail -n 1 <<<"$started")"
    export NEO4J_URI
    echo "Neo4j for the tests: $NEO4J_URI"
fi

echo "== ruff"
ruff check .
echo "== mypy"
mypy
echo "== pytest"
python -m pytest "$@"
