#!/usr/bin/env bash
# Install SkillGraph with its test extra, then run lint, types and the whole test suite against a real Neo4j.
# Neo4j: NEO4J_URI if set; else a Docker engine (testcontainers); else the local launcher (Java + Maven).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test

# Two pytest workers (pytest-xdist), each with a Neo4j of its own: one test process alone leaves a core idle about
# half the time while it waits on Neo4j. SKILLGRAPH_TEST_WORKERS=1 runs the suite in one process, as does a NEO4J_URI
# given (one server cannot be shared: each test empties it).
workers="${SKILLGRAPH_TEST_WORKERS:-2}"
[[ -z "${NEO4J_URI:-}" ]] || workers=1

started=()
scratch=""
stop_started() {
    local data
    for data in "${started[@]}"; do skillgraph neo4j stop --data "$data" || true; done
    [[ -z "$scratch" ]] || rm -rf "$scratch"
}
trap stop_started EXIT
if [[ -z "${NEO4J_URI:-}" ]] && ! docker info >/dev/null 2>&1; then
    if [[ -n "${SKILLGRAPH_TEST_NEO4J_DATA:-}" ]]; then
        base="$SKILLGRAPH_TEST_NEO4J_DATA"
    else
        scratch="$(mktemp -d)"  # removed again on exit: a run's databases are some 500 MB each
        base="$scratch/neo4j"
    fi
    uris=()
    for ((i = 0; i < workers; i++)); do
        data="$base"
        (( workers == 1 )) || data="$base-$i"
        # Free ports unless SKILLGRAPH_TEST_NEO4J_PORT names the first (the others take the next ones): another Neo4j
        # on the machine never collides.
        if [[ -n "${SKILLGRAPH_TEST_NEO4J_PORT:-}" ]]; then
            port=$(( SKILLGRAPH_TEST_NEO4J_PORT + i ))
        else
            port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        fi
        started+=("$data")
        if ! out="$(skillgraph neo4j start --data "$data" --port "$port" 2>&1)"; then
            echo "Neo4j for the tests did not start: $(tail -n 1 <<<"$out") (port from SKILLGRAPH_TEST_NEO4J_PORT, else a free one)" >&2
            exit 1
        fi
        uris+=("$(tail -n 1 <<<"$out")")
    done
    if (( workers == 1 )); then
        NEO4J_URI="${uris[0]}"
        export NEO4J_URI
    else
        NEO4J_URIS="${uris[*]}"  # one per pytest worker, in order (tests/conftest.py)
        export NEO4J_URIS
    fi
    echo "Neo4j for the tests: ${uris[*]}"
fi

echo "== ruff"
ruff check .
echo "== mypy"
mypy
echo "== pytest"
if (( workers == 1 )); then
    python -m pytest "$@"
else
    # A mark expression given (-m EXPR) is joined to each run's own: a second -m would replace the first.
    marks=""
    args=()
    while (( $# )); do
        case "$1" in
            -m) marks="$2"; shift 2 ;;
            -m*) marks="${1#-m}"; marks="${marks#=}"; shift ;;
            *) args+=("$1"); shift ;;
        esac
    done
    given() { [[ -z "$marks" ]] && echo "$1" || echo "($marks) and $1"; }
    python -m pytest -n "$workers" --dist loadfile -m "$(given "not one_process")" ${args[@]+"${args[@]}"}
    # Then, in one process, the tests pytest-xdist cannot tell apart (marked one_process); none selected is fine.
    python -m pytest -m "$(given one_process)" ${args[@]+"${args[@]}"} || [[ $? -eq 5 ]]
fi
