"""`skillgraph stations` prints the recommended sites, their reasons and coverage before and after."""

from pathlib import Path

from typer.testing import CliRunner

from app.cli import app
from store import MemoryStore
from tests.queries.stations_fixture import load_meridian

runner = CliRunner()


def test_the_stations_command_prints_sites_with_reasons(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    store = MemoryStore(db)
    load_meridian(store)
    store.close()
    result = runner.invoke(app, ["stations", "--k", "2", "--radius-km", "10", "--store", f"memory://{db}"])
    assert result.exit_code == 0, result.output
    # the meridian fixture: s1 then p1, 10 → 71 of 83 (see tests/queries/test_stations.py)
    assert "重庆沙坪坝职业技术学院" in result.output and "沙坪坝技能人才生态园区" in result.output
    assert "unmet demand 83 posts at 6 firms" in result.output
    assert "after 71 (85.5%)" in result.output
    minimum = runner.invoke(app, ["stations", "--minimum", "--radius-km", "10", "--store", f"memory://{db}"])
    assert minimum.exit_code == 0 and "after 83 (100.0%)" in minimum.output
    bad = runner.invoke(app, ["stations", "--k", "0", "--store", f"memory://{db}"])
    assert bad.exit_code == 1 and "k must be" in bad.output
