"""The folders are the architecture: layers only point down, and process-wide tuning stays in entry points.

graph_model ← store ← queries ← analyses ← app, with ingest beside analyses (it loads through the store
and rebuilds the library's summaries). Every import counts, those inside functions too.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

MAY_IMPORT: dict[str, set[str]] = {
    "graph_model": {"graph_model"},
    "store": {"graph_model", "store"},
    "queries": {"graph_model", "store", "queries"},
    "analyses": {"graph_model", "store", "queries", "analyses"},
    "ingest": {"graph_model", "store", "queries", "ingest"},
    "neo4j_launcher": {"neo4j_launcher"},
    "app": {"graph_model", "store", "queries", "analyses", "ingest", "neo4j_launcher", "app"},
}
"""What each package may import of ours."""

OURS = set(MAY_IMPORT)

ENTRY_POINTS = {"app/cli.py", "app/serve.py", "app/tuning.py"}
"""The modules that own the process: the `skillgraph` commands, the server, and the tuning they apply."""

TUNING = re.compile(r"gc\.(disable|freeze|set_threshold)\(|setswitchinterval\(|os\.dup2\(|os\.environ\[[^\]]+\]\s*=")
PRIVATE_NETWORKX = re.compile(r"\._succ\b|\._pred\b|_clear_cache\(")


def _modules() -> list[Path]:
    return sorted(p for package in OURS for p in (ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_the_layers_below_it(path: Path) -> None:
    package = path.relative_to(ROOT).parts[0]
    upward = _imports(path) - MAY_IMPORT[package]
    assert not upward, f"{path.relative_to(ROOT)} ({package}) imports {sorted(upward)}: layers only point down"


def test_only_the_entry_points_import_the_process_tuning() -> None:
    importers = {str(p.relative_to(ROOT)) for p in _modules() if "app.tuning" in p.read_text(encoding="utf-8")}
    assert importers <= ENTRY_POINTS


def test_process_wide_tuning_happens_only_in_entry_points() -> None:
    tuned = {str(p.relative_to(ROOT)) for p in _modules() if TUNING.search(p.read_text(encoding="utf-8"))}
    assert tuned <= ENTRY_POINTS, f"process-wide tuning outside the entry points: {sorted(tuned - ENTRY_POINTS)}"


def test_networkx_is_used_through_its_public_api() -> None:
    users = {str(p.relative_to(ROOT)) for p in _modules() if PRIVATE_NETWORKX.search(p.read_text(encoding="utf-8"))}
    assert not users, f"networkx's private parts used in {sorted(users)}"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from app.api import create_app\n    import queries.runner\n", encoding="utf-8")
    assert _imports(bad) == {"app", "queries"}
