"""The README's first command end to end: `skillgraph demo` loads the demo data into an embedded
store, prints a key per role, and serves the API and UI; `skillgraph keys` creates and revokes keys."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from app.cli import app
from tests.conftest import free_port

runner = CliRunner()


def test_demo_brings_up_the_api_and_ui_with_a_working_key_per_role(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "demo", "--home", str(tmp_path / "demo"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        keys: dict[str, str] = {}
        url = None
        assert proc.stdout is not None
        for line in proc.stdout:
            if m := re.match(r"\s+(planner|chain_leader|analyst|admin)\s+(sg_\S+)", line):
                keys[m.group(1)] = m.group(2)
            if m := re.match(r"SkillGraph demo: (\S+)", line):
                url = m.group(1)
                break
        assert url == f"http://127.0.0.1:{port}/" and set(keys) == {"planner", "chain_leader", "analyst", "admin"}
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "ready").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the demo server did not come up"
            time.sleep(0.3)
        for role, key in keys.items():
            me = httpx.get(url + "api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
            assert me["role"] == role
        # The small demo data set is loaded: about 2,000 organisations.
        stats = httpx.get(url + "api/v1/stats", headers={"Authorization": f"Bearer {keys['planner']}"}).json()
        assert 1_500 <= stats["organisations"] <= 3_000
        leader = httpx.get(url + "api/v1/me", headers={"Authorization": f"Bearer {keys['chain_leader']}"}).json()
        own = leader["chain_ids"][0]
        network = httpx.get(f"{url}api/v1/chains/{own}/network",
                            headers={"Authorization": f"Bearer {keys['chain_leader']}"})
        assert network.status_code == 200 and len(network.json()["nodes"]) > 10
        assert httpx.get(url).status_code == 200  # the UI's page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_keys_are_created_listed_and_revoked_from_the_cli(tmp_path: Path) -> None:
    keys_file = str(tmp_path / "keys.db")
    made = runner.invoke(app, ["keys", "create", "--name", "长安", "--role", "chain_leader", "--chain", "c1",
                               "--keys", keys_file])
    assert made.exit_code == 0, made.output
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("sg_")
    key_id = key.split("_")[1]
    listed = runner.invoke(app, ["keys", "list", "--keys", keys_file])
    assert key_id[:8] in listed.stdout and key.split("_", 2)[2] not in listed.stdout  # never the secret
    assert runner.invoke(app, ["keys", "revoke", key_id, "--keys", keys_file]).exit_code == 0
    assert runner.invoke(app, ["keys", "revoke", key_id, "--keys", keys_file]).exit_code == 1
    unbound = runner.invoke(app, ["keys", "create", "--name", "x", "--role", "chain_leader", "--keys", keys_file])
    assert unbound.exit_code == 2 and "--chain" in unbound.output
    wrong = runner.invoke(app, ["keys", "create", "--name", "x", "--role", "mayor", "--keys", keys_file])
    assert wrong.exit_code == 2


def test_several_server_processes_are_refused_on_the_embedded_store(tmp_path: Path) -> None:
    # Each process would hold its own copy of the graph, and an upload to one would not reach the others.
    result = runner.invoke(app, ["serve", "--store", f"memory://{tmp_path / 'graph.db'}", "--workers", "2",
                                 "--keys", str(tmp_path / "keys.db")])
    assert result.exit_code == 2
    assert "2 workers need a Neo4j store" in result.output
