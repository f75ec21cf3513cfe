#!/usr/bin/env bash
# Install what SkillGraph needs on a fresh machine: Java 17 + Maven for the local Neo4j, the Python package.
# Usage: scripts/setup.sh [test]   ("test" adds the test extra)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if (( ${#need_apt[@]} )); then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
    else
        echo "missing ${need_apt[*]}: install them (they run the local Neo4j)" >&2
    fi
fi

extra=""
[[ "${1:-}" == "test" ]] && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra}"
