#!/usr/bin/env bash
# Install what SkillGraph needs on a fresh machine: Java 17 + Maven for the local Neo4j, the Python package;
# with "test" also Chromium and chromedriver for the web UI's browser tests.
# Usage: scripts/setup.sh [test]   ("test" adds the test extra)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [[ "${1:-}" == "test" ]]; then
    # the web UI's browser tests: Debian's Chromium and its driver (a browser download would fail)
    [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || need_apt+=(chromium-driver)
fi
if (( ${#need_apt[@]} )); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    if [[ -z "$sudo" ]] || command -v sudo >/dev/null 2>&1; then
        echo "installing ${need_apt[*]} with apt-get (Java and Maven run the local Neo4j; Chromium the UI tests)"
        $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
    else
        echo "missing ${need_apt[*]}: install them (Java and Maven run the local Neo4j; Chromium the UI tests)" >&2
    fi
fi

extra=""
[[ "${1:-}" == "test" ]] && extra="[test]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra}"
