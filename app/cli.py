"""The `skillgraph` command: the product's front door."""

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from app.settings import Settings
from app.tuning import gc_paused, ingest_tuned, quiet_highs_banner
from store import GraphStore, StoreError, open_store

if TYPE_CHECKING:
    from app.api.auth import KeyStore

app = typer.Typer(help="SkillGraph — Chongqing's skills ecosystem knowledge graph (产教评技能生态链知识图谱).",
                  no_args_is_help=True, add_completion=False)
keys_app = typer.Typer(help="API keys: create, list, revoke (secrets are stored hashed).", no_args_is_help=True)
neo4j_app = typer.Typer(help="A real local Neo4j without Docker (built with Maven, run with Java).",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(keys_app, name="keys")
loads_app = typer.Typer(help="The load history: what each ingest brought (files, hashes, counts).",
                        no_args_is_help=True)
app.add_typer(loads_app, name="loads")

console = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    str | None, typer.Option("--store", help="Store URI (default: SKILLGRAPH_STORE or the embedded store).")
]
DataDirOption = Annotated[
    Path | None, typer.Option("--data", help="Neo4j data folder (default: SKILLGRAPH_NEO4J_DATA or ~/.local/share).")
]


def _open(store_uri: str | None) -> GraphStore:
    settings = Settings()
    with gc_paused():  # an embedded store's graph is millions of objects to unpickle
        return open_store(store_uri or settings.store, auth=settings.neo4j_auth(), database=settings.neo4j_database)


@contextmanager
def _opened(
    store_uri: str | None, *, failing: tuple[type[Exception], ...] = (), what: str = ""
) -> Iterator[GraphStore]:
    """The store, closed after the block; an error of a `failing` kind ends the command with exit 1 and its message."""
    s = _open(store_uri)
    try:
        yield s
    except failing as exc:
        err.print(f"[red]{what}{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        s.close()


HostOption = Annotated[str | None, typer.Option("--host", help="Interface to listen on (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option("--port", help="Port to listen on (default 8000).")]
KeysOption = Annotated[
    Path | None, typer.Option("--keys", help="API keys file (default: SKILLGRAPH_KEYS or ~/.local/share/…/keys.db).")
]


@app.command()
def demo(
    host: HostOption = None,
    port: PortOption = None,
    home: Annotated[Path, typer.Option(help="Folder for the demo store, data and keys.")] = Path(
        "~/.local/share/skillgraph/demo"
    ),
    fresh: Annotated[bool, typer.Option("--fresh", help="Regenerate and reload the demo data.")] = False,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare data and keys, then exit.")] = False,
) -> None:
    """Load the small demo data into an embedded store, print a demo key per role, and start the server."""
    from app.serve import demo_settings, prepare_demo, serve

    folder = home.expanduser()
    with console.status("generating and loading the demo data (first run: under a minute)…"), ingest_tuned():
        _, keys = prepare_demo(folder, fresh=fresh, progress=False)
    settings = demo_settings(folder, host or "127.0.0.1", port or 8000)
    url = f"http://{settings.host}:{settings.port}/"
    # Plain lines, never a table that a narrow terminal would cut: the keys must copy whole.
    typer.echo("demo keys (演示密钥) — paste one into the UI, or send it as `Authorization: Bearer <key>`:")
    for k in keys:
        chains = f"  (chains: {', '.join(k.chain_ids)})" if k.chain_ids else ""
        typer.echo(f"  {k.role.value:<13} {k.key}{chains}")
    console.print(f"store: {settings.store}")
    console.print(f"API docs: {url}docs")
    typer.echo(f"SkillGraph demo: {url}")
    if not no_serve:
        serve(settings)


@app.command()
def generate(
    scale: Annotated[str, typer.Option(
        metavar="small|city|metro",
        help="small: ≈2,000 organisations in a second or two; city: ≈50,000 and over a million relationships; "
             "metro: five cities' worth (≈250,000, over 5 million).",
    )] = "small",
    factor: Annotated[float, typer.Option(
        min=0.01, max=50, help="Times as many of everything the scale counts (chains keep their size): sizes "
                               "between and beyond the presets, e.g. --scale city --factor 2.5.",
    )] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same bytes.")] = 1,
    out: Annotated[Path, typer.Option(help="Folder for the CSV files (created if missing).")] = Path("demo-data"),
    history: Annotated[bool, typer.Option(
        "--history", help="Also write the firms' demand and the supply of 2019–2024 (demands-, offers-, trains-, "
                          "evaluates-history.csv).",
    )] = False,
    truth: Annotated[Path | None, typer.Option(
        help="With --history: write the ground truth's expected demand 2019–2028 to this file (keep it out of OUT).",
    )] = None,
) -> None:
    """Write realistic synthetic Chongqing source files, one CSV per node kind and relationship type."""
    from typing import cast

    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from ingest.generate import SCALES, Scale
    from ingest.generate import generate as write_demo_data

    if scale not in SCALES:
        raise typer.BadParameter(f"{scale!r} is not a scale: use small, city or metro", param_hint="'--scale'")
    if truth is not None and not history:
        raise typer.BadParameter("the ground truth comes with the history: add --history", param_hint="'--truth'")
    if truth is not None and truth.resolve().parent == out.resolve():
        raise typer.BadParameter("keep the ground truth out of the data folder (it would load as data)",
                                 param_hint="'--truth'")
    if SCALES[scale].enterprises * factor > 10_000:
        columns = (TextColumn("{task.description:<45}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("generating", total=1.0)
            summary = write_demo_data(
                cast(Scale, scale), seed, out,
                progress=lambda label, done: bar.update(task, description=label, completed=done),
                history=history, truth=truth, factor=factor,
            )
    else:
        summary = write_demo_data(cast(Scale, scale), seed, out, history=history, truth=truth, factor=factor)
    table = Table("file", "rows", title=f"{summary.scale} demo data, seed {seed} → {out}")
    for name, n in summary.rows.items():
        table.add_row(f"{name}.csv", f"{n:,}")
    table.add_section()
    table.add_row("organisations", f"{summary.organisations:,}")
    table.add_row("relationship rows", f"{summary.relationship_rows:,}")
    console.print(table)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Source files or folders (searched recursively).", exists=True)],
    store: StoreOption = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the full JSON report to this file.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and report; write nothing.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, hidden=True,
                                            help="Rows per committed batch (tests use small batches).")] = 5_000,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each committed batch on stderr.")] = False,
    replace: Annotated[list[str] | None, typer.Option(
        "--replace", metavar="KIND",
        help="This load's files of KIND (e.g. enterprise, demands) are the complete register: what earlier loads "
             "brought of KIND and they no longer list is retired. Repeatable.")] = None,
    initial: Annotated[bool, typer.Option(
        "--initial", help="A first load of the local Neo4j of --data: validated as always, then built with Neo4j's "
                          "offline importer and put in place of the database it had (which is not kept).")] = False,
    data: DataDirOption = None,
) -> None:
    """Validate and load source files (CSV, XLSX, JSON Lines) into the store; exit 1 if any row or file was rejected."""
    from ingest.job import check_replace, print_report, run_ingest

    if initial:
        _ingest_initial(paths, store=store, dry_run=dry_run, replace=replace, data=data, report=report,
                        batch_size=batch_size)
        return
    if data is not None:
        err.print("[red]--data names the local Neo4j of an initial load: add --initial, or use --store[/red]")
        raise typer.Exit(2)
    try:
        check_replace(replace or [])
    except ValueError as exc:
        err.print(f"[red]--replace: {exc}[/red]")
        raise typer.Exit(2) from exc

    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    try:
        s = _open(store)
    except StoreError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    try:
        with ingest_tuned():
            result = run_ingest(paths, s, dry_run=dry_run, report_path=report, batch_size=batch_size,
                                replace=replace or [])
    except StoreError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        s.close()
    print_report(result, console)
    if report is not None:
        console.print(f"report written to {report}")
    raise typer.Exit(0 if result.ok else 1)


def _ingest_initial(paths: list[Path], *, store: str | None, dry_run: bool, replace: list[str] | None,
                    data: Path | None, report: Path | None, batch_size: int) -> None:
    """`ingest --initial`: the offline import into the local Neo4j of `data` (`app.initial`)."""
    from app.initial import run_initial_ingest
    from ingest.job import print_report
    from neo4j_launcher.manager import default_data_dir

    for given, name, why in ((store, "--store", "it builds the database of the local Neo4j of --data"),
                             (dry_run, "--dry-run", "a dry run writes nothing: drop --initial"),
                             (replace, "--replace", "an initial load replaces the whole database")):
        if given:
            err.print(f"[red]--initial cannot take {name}: {why}[/red]")
            raise typer.Exit(2)
    folder = data or default_data_dir()
    try:
        with ingest_tuned():
            done = run_initial_ingest(paths, folder, report_path=report, batch_size=batch_size)
    except (StoreError, OSError, RuntimeError) as exc:  # RuntimeError: LauncherError, another load running
        err.print(f"[red]initial load of {folder}: {exc}[/red]")
        raise typer.Exit(1) from exc
    print_report(done.report, console)
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in done.steps.items())
    console.print(f"initial load into {folder}: {steps}")
    if done.server is not None:
        console.print(f"Neo4j serves it again at {done.server.uri}")
    else:
        console.print(f"start it with: skillgraph neo4j start --data {folder}")
    if report is not None:
        console.print(f"report written to {report}")
    raise typer.Exit(0 if done.report.ok else 1)


@app.command()
def serve(
    store: StoreOption = None, host: HostOption = None, port: PortOption = None, keys: KeysOption = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, max=64, help="Server processes sharing the port (Neo4j only; default 1).")] = None,
) -> None:
    """Serve the API (/api/v1, docs at /docs) and the web UI (/) on the configured store."""
    from app.serve import ServeError
    from app.serve import serve as run

    settings = Settings()
    updates = {"store": store, "host": host, "port": port, "keys": keys, "workers": workers}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v is not None})
    typer.echo(f"SkillGraph on http://{settings.host}:{settings.port}/ (store {settings.store}, "
               f"{settings.workers} worker{'s' if settings.workers > 1 else ''})")
    try:
        run(settings)
    except ServeError as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'{exc.option}'") from None


def _keys(path: Path | None) -> "KeyStore":
    from app.api.auth import KeyStore

    return KeyStore(path or Settings().keys)


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who the key is for, e.g. 'planning office'.")],
    role: Annotated[str, typer.Option(metavar="planner|chain_leader|analyst|admin", help="What the key may do.")],
    chain: Annotated[list[str] | None, typer.Option("--chain", help="A chain the chain_leader key sees (repeat).")]
    = None,
    expires: Annotated[str | None, typer.Option(
        "--expires", metavar="DATE|DAYSd",
        help="When the key stops working: a date (2027-06-30) or days from now (90d).",
    )] = None,
    keys: KeysOption = None,
) -> None:
    """Create an API key and print it once (only its hash is kept)."""
    from app.api.auth import KeyAdminError, Role

    if role not in Role.__members__:
        raise typer.BadParameter(f"{role!r} is not a role: use {', '.join(Role.__members__)}", param_hint="'--role'")
    try:
        key, info = _keys(keys).create(name, role, chain or [], expires_at=_expiry(expires))
    except KeyAdminError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    until = f", until {info.expires_at}" if info.expires_at else ""
    err.print(f"key {info.key_id} for {info.name!r} ({info.role.value}{until}) — shown once, keep it safe:")
    typer.echo(key)


def _expiry(text: str | None) -> datetime | None:
    """`--expires`: a date or date-time (UTC unless it says), or a number of days from now (`90d`)."""
    if text is None:
        return None
    try:
        if text.endswith("d") and text[:-1].isdigit():
            return datetime.now(UTC) + timedelta(days=int(text[:-1]))
        return datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is neither a date (2027-06-30) nor a number of days (90d)",
                                 param_hint="'--expires'") from None


@keys_app.command("list")
def keys_list(
    all_keys: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False, keys: KeysOption = None
) -> None:
    """List API keys (never their secrets)."""
    table = Table("key id", "name", "role", "chains", "created", "expires", "revoked")
    for k in _keys(keys).list(include_revoked=all_keys):
        table.add_row(k.key_id, k.name, k.role.value, ", ".join(k.chain_ids), k.created_at, k.expires_at or "",
                      k.revoked_at or "")
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key id (see `keys list`).")],
                keys: KeysOption = None) -> None:
    """Revoke a key: it stops working at once, even on a running server."""
    from app.api.auth import KeyAdminError

    try:
        _keys(keys).revoke(key_id)
    except KeyAdminError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"key {key_id} revoked")


@app.command()
def retire(
    ids: Annotated[list[str], typer.Argument(help="Ids of the organisations that closed.")],
    closed_on: Annotated[datetime | None, typer.Option("--closed-on", formats=["%Y-%m-%d"],
                                                       help="When they closed (YYYY-MM-DD).")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why, kept with each record.")] = None,
    store: StoreOption = None,
) -> None:
    """Retire organisations by id: they leave every analysis; their record stays (`GET /api/v1/retired`)."""
    from ingest.retire import retire_organisations

    with _opened(store) as s:
        outcome = retire_organisations(s, ids, closed_on=closed_on.date() if closed_on else None, reason=reason)
    if outcome.retired:
        console.print(f"retired {', '.join(outcome.retired)} (load {outcome.load})")
    for node_id in outcome.not_found:
        err.print(f"[red]no organisation with id {node_id!r}[/red]")
    for node_id, kind in outcome.not_organisations.items():
        err.print(f"[red]{node_id!r} is a {kind}, not an organisation: load its register with --replace[/red]")
    raise typer.Exit(0 if not outcome.not_found and not outcome.not_organisations else 1)


@loads_app.command("list")
def loads_list(store: StoreOption = None) -> None:
    """Every load, newest first: when, by whom, files and what it wrote."""
    from analyses.loads import list_loads
    from analyses.page import MAX_PAGE

    with _opened(store) as s:
        page = list_loads(s, limit=MAX_PAGE)
    for r in page.items:  # one line per load: a table of nine columns does not fit a terminal
        c = r.counts
        console.print(f"[bold]{r.id}[/bold]  {r.finished_at}  {r.by}  {len(r.files)} file(s)  "
                      f"nodes +{c.nodes_added:,} ~{c.nodes_changed:,}  relationships +{c.relationships_written:,} "
                      f"−{c.relationships_removed:,}  retired {c.retired:,}  rejected rows {c.rows_rejected:,}"
                      + ("  initial (offline importer)" if r.initial else ""),
                      soft_wrap=True, highlight=False)
    console.print(f"{page.total} load(s)")


@loads_app.command("revert")
def loads_revert(load_id: Annotated[str, typer.Argument(help="The last load's id (see `loads list`).")],
                 store: StoreOption = None) -> None:
    """Bring the store back exactly to its state before the last load (embedded store; Neo4j says why not)."""
    from ingest.retire import revert_load

    with _opened(store, failing=(LookupError, StoreError), what=f"cannot revert {load_id}: ") as s:
        record = revert_load(s, load_id)
    console.print(f"{record['notes'][0]} (recorded as load {record['id']})")


@loads_app.command("show")
def loads_show(load_id: Annotated[str, typer.Argument(help="The load id (see `loads list`).")],
               store: StoreOption = None) -> None:
    """One load: its files with their hashes (the `load_id` its nodes and relationships carry) and counts."""
    from analyses.errors import NotFoundError
    from analyses.loads import get_load

    with _opened(store, failing=(NotFoundError,)) as s:
        record = get_load(s, load_id)
    console.print(f"load {record.id} by {record.by}, {record.started_at} → {record.finished_at}"
                  + (" — an initial load: Neo4j's offline importer built the database" if record.initial else ""))
    if record.steps:
        console.print("  steps: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in record.steps.items()),
                      soft_wrap=True, highlight=False)
    for f in record.files:
        rows = f"{f.rows_read:,} read, {f.rows_loaded:,} loaded, {f.rows_rejected:,} rejected"
        console.print(f"  {f.file} ({f.kind or '?'}, load_id {f.load_id or '—'}): {rows}"
                      + (f" — [red]{f.error}[/red]" if f.error else ""), soft_wrap=True, highlight=False)
    for key, value in record.counts.model_dump().items():
        console.print(f"  {key.replace('_', ' ')}: {value:,}")
    for note in record.notes:
        console.print(f"  [cyan]i[/cyan] {note}", soft_wrap=True)
    console.print("What it wrote and nothing has rewritten since carries its files' load_id: "
                  "MATCH (n {load_id: $load_id}) RETURN n")


@app.command()
def schema(store: StoreOption = None) -> None:
    """Create the constraints and indexes (idempotent)."""
    with _opened(store) as s:
        s.apply_schema()
    console.print("schema applied")


@app.command()
def stats(store: StoreOption = None) -> None:
    """Count nodes by kind and relationships by type."""
    with _opened(store, failing=(StoreError,)) as s:
        counts = s.counts()
    table = Table("kind / type", "count")
    for name, n in [*counts.nodes.items(), *counts.relationships.items()]:
        table.add_row(name, f"{n:,}")
    console.print(table)


@app.command()
def stations(
    k: Annotated[int, typer.Option("--k", help="How many new stations to place.")] = 5,
    radius_km: Annotated[float, typer.Option("--radius-km", help="A station's reach in km (haversine).")] = 10.0,
    rule: Annotated[str, typer.Option(help="'radius', or 'district': a station serves its own district.")] = "radius",
    region: Annotated[str, typer.Option(help="city, county_12, or a district, chain or cluster id.")] = "city",
    year: Annotated[int | None, typer.Option(help="Demand year (default: all years).")] = None,
    minimum: Annotated[bool, typer.Option("--minimum", help="The fewest stations covering all unmet demand.")] = False,
    store: StoreOption = None,
) -> None:
    """Where to open the next service stations: the sites that cover the most unmet demand, with reasons."""
    from analyses.errors import NotFoundError
    from analyses.stations import minimum_stations, recommend_stations
    from queries import ParameterError

    quiet_highs_banner()
    s = _open(store)
    try:
        if minimum:
            plan = minimum_stations(s, radius_km=radius_km, rule=rule, region=region, year=year)  # type: ignore[arg-type]
        else:
            plan = recommend_stations(s, k, radius_km=radius_km, rule=rule, region=region, year=year)  # type: ignore[arg-type]
    except (ParameterError, NotFoundError, StoreError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    finally:
        s.close()
    for site in plan.items:
        console.print(f"{site.rank}. {site.id}  +{site.marginal_gain:,.0f}  {site.reason_zh}", soft_wrap=True)
        console.print(f"   {site.reason_en}", soft_wrap=True)
    console.print(f"unmet demand {plan.unmet_total:,.0f} posts at {plan.demand_points:,} firms; covered by the "
                  f"{len(plan.existing_stations)} existing stations {plan.covered_before:,.0f} "
                  f"({_share(plan.share_before)}), after {plan.covered_after:,.0f} ({_share(plan.share_after)}); "
                  f"{plan.candidate_sites:,} candidate sites; solver {plan.solver.method} {plan.solver.status} "
                  f"in {plan.solver.seconds:.2f} s", soft_wrap=True)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


@neo4j_app.command("start")
def neo4j_start(
    data: DataDirOption = None,
    port: Annotated[int, typer.Option(help="Bolt port.")] = 7687,
    password: Annotated[str | None, typer.Option(help="Turn auth on with this password for user neo4j.")] = None,
    heap: Annotated[str, typer.Option(help="Java heap size.")] = "1g",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 300,
) -> None:
    """Build (first time: downloads Neo4j Community from Maven Central) and start Neo4j; print its URI."""
    from neo4j_launcher import LauncherError, default_data_dir, start

    folder = data or default_data_dir()
    try:
        with console.status("building and starting Neo4j…"):
            running = start(folder, port=port, password=password, heap=heap, timeout=timeout)
    except LauncherError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"Neo4j is running (pid {running.pid}, data {folder})")
    typer.echo(running.uri)


@neo4j_app.command("stop")
def neo4j_stop(data: DataDirOption = None) -> None:
    """Stop the local Neo4j cleanly."""
    from neo4j_launcher import default_data_dir, stop

    folder = data or default_data_dir()
    if stop(folder):
        console.print(f"Neo4j stopped (data {folder})")
    else:
        console.print(f"Neo4j was not running (data {folder})")


@neo4j_app.command("status")
def neo4j_status(data: DataDirOption = None) -> None:
    """Say whether the local Neo4j is running, and where."""
    from neo4j_launcher import default_data_dir, status

    folder = data or default_data_dir()
    running = status(folder)
    if running is None:
        console.print(f"Neo4j is not running (data {folder})")
        raise typer.Exit(3)
    console.print(f"Neo4j is running: {running.uri} (pid {running.pid}, data {folder})")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
