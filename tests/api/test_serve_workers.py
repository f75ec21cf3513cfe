"""`skillgraph serve --workers N` on Neo4j: every worker process listens on a socket of its own (one
SO_REUSEPORT group), so the kernel spreads new connections over all of them; with one shared socket
it hands most of them to the same warm process, and keep-alive clients stay where they landed."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.conftest import Neo4jServer, free_port

pytestmark = pytest.mark.neo4j


def _listening_sockets(port: int) -> int:
    """How many TCP sockets listen on `port` (IPv4), from the kernel's table: a shared socket counts once."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A")


def test_two_server_processes_each_take_a_share_of_new_connections(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SKILLGRAPH_STORE": neo4j_server.uri, "SKILLGRAPH_KEYS": str(tmp_path / "keys.db")}
    if neo4j_server.auth is not None:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = neo4j_server.auth
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--workers", "2", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.3)
        while _listening_sockets(port) < 2:  # the first worker may have answered /ready alone
            assert time.monotonic() < deadline, "the second worker did not start listening"
            time.sleep(0.3)
        assert _listening_sockets(port) == 2  # one per worker, not one shared by both
        answered: Counter[str] = Counter()
        for _ in range(32):  # each client a new connection, as 32 browsers or load-test clients would be
            with httpx.Client() as client:
                answered[client.get(f"http://127.0.0.1:{port}/health").json()["worker"]] += 1
        assert len(answered) == 2, answered
        # Spread by the connections' address hash: fewer than 4 of 32 on one process has odds ~1e-6.
        assert min(answered.values()) >= 4, answered
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_port_already_taken_is_refused_with_a_clear_message(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "SKILLGRAPH_STORE": neo4j_server.uri, "SKILLGRAPH_KEYS": str(tmp_path / "keys.db")}
        result = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--workers", "2", "--port", str(port)],
                                env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Invalid value for '--port'" in result.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
