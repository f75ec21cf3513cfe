"""The deployment of docker-compose.yml without a Docker engine: its nginx template, rendered as the nginx image
renders it, in front of two API processes on one Neo4j and one key store — the "replicas" profile, with real
processes, a real nginx and a real Neo4j. And the compose file itself, read as compose reads it.

What must hold:
- any replica answers any request: a key made once works on both, a key revoked once is refused by both;
- a read after an upload sees it on whichever replica answers, when the client sends back the bookmark the upload's
  answer carried (X-SkillGraph-Bookmark): causal reads across API processes;
- a bookmark the store did not issue is refused (400 bad-bookmark), not ignored;
- the compose file keeps the key store on a volume every API service mounts, applies the schema before any API
  starts, and mounts this template into the proxy with every value it needs.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from app.api.auth import KeyStore
from store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jServer, free_port
from tests.neo4j_required import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "skillgraph.conf.template"
NGINX = Path("/usr/sbin/nginx")
BOOKMARK = "X-SkillGraph-Bookmark"


def render(template: str, values: dict[str, str]) -> str:
    """The template as the nginx image's envsubst renders it: the defined variables put in, nginx's own left."""
    return re.sub(r"\$\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _wait_ready(url: str, proc: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"{what} stopped: {output[-2000:]}")
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.3)


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGINT if proc.args[0] == sys.executable else signal.SIGQUIT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def deployment(
    neo4j_store: Neo4jStore, neo4j_server: Neo4jServer, tmp_path: Path
) -> Iterator[tuple[str, list[str], KeyStore]]:
    """Two API processes on the test Neo4j and one key store, behind nginx: the proxy's base URL, the replicas' own,
    and the keys."""
    if not NGINX.is_file():
        skip_or_fail(f"nginx is not installed at {NGINX} (scripts/setup.sh test installs it)", "nginx")
    keys = KeyStore(tmp_path / "keys.db")
    env = {**os.environ, "SKILLGRAPH_STORE": neo4j_server.uri, "SKILLGRAPH_KEYS": str(keys.path)}
    if neo4j_server.auth is not None:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = neo4j_server.auth
    ports = [free_port(), free_port()]
    procs: list[subprocess.Popen[str]] = []
    try:
        for port in ports:
            procs.append(subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        for port, proc in zip(ports, procs, strict=True):
            _wait_ready(f"http://127.0.0.1:{port}/ready", proc, f"the API on port {port}")
        proxy_port = free_port()
        conf = tmp_path / "nginx"
        for folder in ("conf.d", "temp", "logs"):
            (conf / folder).mkdir(parents=True)
        (conf / "conf.d" / "skillgraph.conf").write_text(render(TEMPLATE.read_text(encoding="utf-8"), {
            "SKILLGRAPH_API_1": f"127.0.0.1:{ports[0]}", "SKILLGRAPH_API_2": f"127.0.0.1:{ports[1]}",
            "SKILLGRAPH_PROXY_PORT": f"127.0.0.1:{proxy_port}", "SKILLGRAPH_MAX_UPLOAD_MB": "200",
        }), encoding="utf-8")
        # the nginx image's own main file, reduced to what a process run by a test needs
        temp = conf / "temp"
        (conf / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {conf / 'nginx.pid'};\nerror_log {conf / 'logs' / 'error.log'};\n"
            "events { worker_connections 256; }\n"
            f"http {{\n access_log off;\n client_body_temp_path {temp / 'body'};\n proxy_temp_path {temp / 'proxy'};\n"
            f" fastcgi_temp_path {temp / 'fastcgi'};\n uwsgi_temp_path {temp / 'uwsgi'};\n"
            f" scgi_temp_path {temp / 'scgi'};\n include {conf / 'conf.d'}/*.conf;\n}}\n", encoding="utf-8")
        procs.append(subprocess.Popen([str(NGINX), "-p", str(conf), "-c", str(conf / "nginx.conf")],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        base = f"http://127.0.0.1:{proxy_port}"
        _wait_ready(f"{base}/ready", procs[-1], "nginx")
        yield base, [f"http://127.0.0.1:{port}" for port in ports], keys
    finally:
        for proc in reversed(procs):
            _stop(proc)


def _get(base: str, path: str, key: str, bookmark: str | None = None) -> httpx.Response:
    """A GET on a new connection (as a new browser would open): nginx picks the replica."""
    headers = {"Authorization": f"Bearer {key}", **({BOOKMARK: bookmark} if bookmark else {})}
    with httpx.Client() as client:
        return client.get(base + path, headers=headers)


def test_two_replicas_behind_the_proxy_share_keys_and_read_after_what_a_client_has_seen(
    deployment: tuple[str, list[str], KeyStore],
) -> None:
    base, replicas, keys = deployment
    admin, _ = keys.create("bureau-admin", "admin")
    planner, planner_info = keys.create("planner", "planner")
    # both replicas answer, each knowing the keys made once
    answered: Counter[str] = Counter()
    for _ in range(12):
        with httpx.Client() as client:
            answered[client.get(f"{base}/health").json()["worker"]] += 1
    assert len(answered) == 2, answered
    assert {_get(base, "/api/v1/me", planner).status_code for _ in range(8)} == {200}
    # an upload through the proxy; its answer carries the bookmark of what it wrote
    csv = "id,name_zh,district,school_type\ns9,重庆新能源汽车职业学院,wanzhou,higher_vocational\n".encode()
    with httpx.Client() as client:
        upload = client.post(f"{base}/api/v1/ingest", files={"files": ("school.csv", csv, "text/csv")},
                             headers={"Authorization": f"Bearer {admin}"}, timeout=120)
    assert upload.status_code == 200, upload.text
    assert upload.json()["summary"]["rows_loaded"] == 1
    bookmark = upload.headers[BOOKMARK]
    # every read that sends it back sees the upload: through the proxy, and on each replica asked directly (the one
    # that did not write it included); each answer carries a bookmark in turn
    for url in [base] * 6 + replicas:
        entity = _get(url, "/api/v1/entities/s9", planner, bookmark)
        assert entity.status_code == 200, (url, entity.text)
        assert entity.json()["properties"]["district"] == "wanzhou"
        assert entity.headers[BOOKMARK]
    # a bookmark the store never issued is refused, not ignored
    forged = _get(base, "/api/v1/entities/s9", planner, "FB:" + "A" * 20)
    assert forged.status_code == 400, forged.text
    assert forged.json()["type"] == "/problems/bad-bookmark"
    malformed = _get(base, "/api/v1/entities/s9", planner, "not a bookmark")
    assert malformed.status_code == 400 and "not a bookmark" in malformed.json()["detail"]
    too_many = _get(base, "/api/v1/entities/s9", planner, ",".join(["FB:x"] * 17))
    assert too_many.status_code == 400 and "the limit is 16" in too_many.json()["detail"]
    # a key revoked once is refused by both replicas
    keys.revoke(planner_info.key_id)
    assert {_get(base, "/api/v1/me", planner).status_code for _ in range(8)} == {401}


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_compose_file_keeps_keys_on_a_volume_applies_the_schema_first_and_proxies_both_replicas() -> None:
    compose = _compose()
    services = compose["services"]
    apis = {name: s for name, s in services.items() if s.get("build") and name != "schema"}
    assert set(apis) == {"api", "api-2"} and services["api-2"]["profiles"] == ["replicas"]
    for name, service in apis.items():
        keys_file = Path(service["environment"]["SKILLGRAPH_KEYS"])
        volume, _, mounted = next(v for v in service["volumes"] if v.startswith("skillgraph-keys:")).partition(":")
        assert volume in compose["volumes"] and keys_file.parent == Path(mounted), name
        assert service["depends_on"]["schema"]["condition"] == "service_completed_successfully", name
        assert service["environment"]["SKILLGRAPH_STORE"] == services["schema"]["environment"]["SKILLGRAPH_STORE"]
    assert services["schema"]["command"] == ["skillgraph", "schema"]
    proxy = services["proxy"]
    assert proxy["profiles"] == ["replicas"]
    source, target = proxy["volumes"][0].split(":")[:2]
    assert (ROOT / source).resolve() == TEMPLATE and target.startswith("/etc/nginx/templates/")
    wanted = set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text(encoding="utf-8")))
    assert wanted == set(proxy["environment"]), "the proxy's environment gives exactly the template's values"
    assert {proxy["environment"]["SKILLGRAPH_API_1"], proxy["environment"]["SKILLGRAPH_API_2"]} == {
        f"{name}:8000" for name in apis}


def test_the_deployment_guide_names_the_commands_the_compose_file_runs() -> None:
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    for command in ("docker compose up -d", "docker compose --profile replicas up -d",
                    "docker compose run --rm api skillgraph keys create --role admin"):
        assert command in guide, command
