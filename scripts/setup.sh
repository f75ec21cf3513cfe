#!/usr/bin/env bash
# Install what SkillGraph needs on a fresh machine: Java 17 + Maven for the local Neo4j, the Python package;
# with "test" also Chromium, chromedriver and a CJK font for the web UI's browser tests; with "bench" what the
# benchmarks need (wrk for benchmarks/api, the bench extra).
# Usage: scripts/setup.sh [test|bench]   ("test" adds the test extra, "bench" the bench extra)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [[ "${1:-}" == "test" ]]; then
    # the web UI's browser tests: Debian's Chromium and its driver (a browser download would fail)
    [[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
    [[ -x /usr/bin/chromedriver ]] || need_apt+=(chromium-driver)
    # a CJK font, so that Chinese renders in the headless browser's screenshots (a bare Debian has none)
    [[ -n "$(fc-list :lang=zh 2>/dev/null)" ]] || need_apt+=(fonts-noto-cjk)
    # pdftotext reads the PDF reports back in their tests
    command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
    # nginx: the deployment's reverse proxy, run in front of two API processes by tests/api/test_deployment.py
    [[ -x /usr/sbin/nginx ]] || need_apt+=(nginx)
fi
if [[ "${1:-}" == "bench" ]]; then
    command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)  # benchmarks/api's load generator
fi
if (( ${#need_apt[@]} )); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    if [[ -z "$sudo" ]] || command -v sudo >/dev/null 2>&1; then
        echo "installing ${need_apt[*]} with apt-get (Java and Maven run the local Neo4j; Chromium the UI tests; wrk the API benchmark)"
        $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
    else
        echo "missing ${need_apt[*]}: install them (Java and Maven run the local Neo4j; Chromium the UI tests; wrk the API benchmark)" >&2
    fi
fi

extra=""
[[ "${1:-}" == "test" ]] && extra="[test]"
[[ "${1:-}" == "bench" ]] && extra="[bench]"
python3 -m pip install --quiet --disable-pip-version-check -e ".${extra}"
