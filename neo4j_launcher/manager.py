"""Build, start, stop and inspect a local embedded Neo4j Community DBMS (Bolt only)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from neo4j import Driver

LAUNCHER_DIR = Path(__file__).resolve().parent
JAVA_MAIN = "skillgraph.launcher.Launcher"
JAR_NAME = "skillgraph-neo4j-launcher.jar"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_USER = "neo4j"
MIN_JAVA = 17

BUILD_DIR_ENV = "SKILLGRAPH_LAUNCHER_BUILD_DIR"
DATA_DIR_ENV = "SKILLGRAPH_NEO4J_DATA"
# Read by Launcher.java; keeps the password out of the process list.
PASSWORD_ENV = "SKILLGRAPH_NEO4J_PASSWORD"

PID_FILE = "launcher.pid"
STATE_FILE = "launcher.json"
LOG_FILE = "launcher.log"
LOCK_FILE = "launcher.lock"

# Neo4j 5 reflects into JDK internals (page cache, Netty); without the opens it logs warnings
# and falls back to slower paths. The opens, native-access and JMX flags are the ones Neo4j
# 5.26's own config migrator adds to server.jvm.additional; the rest mirror its neo4j.conf.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
)

SERVING_COLLECTOR = "-XX:+UseG1GC"
"""The garbage collector of a DBMS that answers readers: short pauses (Neo4j's own default)."""

BATCH_COLLECTOR = "-XX:+UseParallelGC"
"""The garbage collector of a DBMS that only runs a batch job no one waits on a single answer of (`start(batch=True)`),
and of the offline importer: the most work per CPU second, in longer pauses (docs/benchmarks.md, 2026-12-05)."""

# Popen objects of JVMs started by this process: holding them avoids "still running"
# ResourceWarnings on GC and lets poll() reap them when they exit.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}

_READY_RE = re.compile(rb"^READY (bolt://\S+)", re.MULTILINE)
_MVN_TIMEOUT = 1800.0
_LOG_TAIL_LINES = 40


class LauncherError(RuntimeError):
    """Raised when the launcher cannot build, start or stop Neo4j."""


@dataclass(frozen=True)
class LocalNeo4j:
    """Connection details of a running local Neo4j."""

    uri: str
    pid: int
    port: int
    data_dir: Path
    auth: tuple[str, str] | None = None
    heap: str = "1g"
    pagecache: str = "256m"
    host: str = DEFAULT_HOST

    @property
    def log_path(self) -> Path:
        """Path of the launcher's stdout/stderr log."""
        return self.data_dir / LOG_FILE

    def driver(self, **config: Any) -> Driver:
        """Open a `neo4j` driver for this instance (caller closes it)."""
        from neo4j import GraphDatabase

        return GraphDatabase.driver(self.uri, auth=self.auth, **config)


def default_data_dir() -> Path:
    """Data dir from $SKILLGRAPH_NEO4J_DATA, else ~/.local/share/skillgraph/neo4j."""
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).expanduser() if env else Path.home() / ".local/share/skillgraph/neo4j"


def build_dir() -> Path:
    """Maven work dir from $SKILLGRAPH_LAUNCHER_BUILD_DIR, else ~/.cache/skillgraph/neo4j-launcher."""
    env = os.environ.get(BUILD_DIR_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache/skillgraph/neo4j-launcher"


def java_bin() -> str:
    """Path of the `java` executable, preferring $JAVA_HOME."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise LauncherError(f"java not found: install a JDK {MIN_JAVA}+ (e.g. openjdk-17-jdk) or set JAVA_HOME")
    return found


def mvn_bin() -> str:
    """Path of the `mvn` executable."""
    for home_var in ("MAVEN_HOME", "M2_HOME"):
        home = os.environ.get(home_var)
        if home and (Path(home) / "bin" / "mvn").is_file():
            return str(Path(home) / "bin" / "mvn")
    found = shutil.which("mvn")
    if not found:
        raise LauncherError("mvn not found: install Maven 3.6.3+ (e.g. the `maven` package)")
    return found


@lru_cache(maxsize=8)
def java_major_version(java: str) -> int:
    """Major version of the given java executable (17, 21, ...)."""
    proc = subprocess.run(
        [java, "-XshowSettings:properties", "-version"],
        capture_output=True,
        text=True,
        check=False,
    )
    match = re.search(r"java\.specification\.version = (\d+)", proc.stderr)
    if not match:
        raise LauncherError(f"cannot determine the version of {java}:\n{proc.stderr[-2000:]}")
    return int(match.group(1))


def classpath(target: Path) -> str:
    """Java classpath for a build's target dir (launcher jar + copied dependencies)."""
    return os.pathsep.join([str(target / JAR_NAME), str(target / "lib" / "*")])


def _sources() -> list[Path]:
    """Files that define the Java build."""
    files = [LAUNCHER_DIR / "pom.xml"]
    files += sorted(p for p in (LAUNCHER_DIR / "src").rglob("*") if p.is_file())
    return files


def _is_fresh(jar: Path) -> bool:
    """Whether the built jar and its lib dir are newer than every source file."""
    if not jar.is_file() or not (jar.parent / "lib").is_dir():
        return False
    built = jar.stat().st_mtime
    return all(src.stat().st_mtime <= built for src in _sources())


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock so parallel callers don't race (pytest-xdist, two shells)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    """Last `lines` lines of text."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def build(force: bool = False) -> Path:
    """Build the launcher jar with Maven in the build dir (if stale) and return its target dir."""
    work = build_dir()
    target = work / "target"
    jar = target / JAR_NAME
    with _file_lock(work / ".build.lock"):
        if not force and _is_fresh(jar):
            return target
        mvn = mvn_bin()
        java_bin()  # fail with a clear message before Maven fails with a vague one
        # Build from a copy so the package folder never gets a target/ dir.
        shutil.copy2(LAUNCHER_DIR / "pom.xml", work / "pom.xml")
        shutil.rmtree(work / "src", ignore_errors=True)
        shutil.copytree(LAUNCHER_DIR / "src", work / "src")
        # copy-dependencies never deletes, so a version bump would leave old jars on the classpath;
        # only a pom change can do that, and keeping lib/ otherwise spares JVMs running from it.
        if not jar.is_file() or (LAUNCHER_DIR / "pom.xml").stat().st_mtime > jar.stat().st_mtime:
            shutil.rmtree(target / "lib", ignore_errors=True)
        if force:
            shutil.rmtree(target, ignore_errors=True)
        cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "-DskipTests", "package"]
        try:
            proc = subprocess.run(
                cmd,
                cwd=work,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=_MVN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            output = exc.output if isinstance(exc.output, str) else ""
            raise LauncherError(
                f"`{' '.join(cmd)}` timed out after {_MVN_TIMEOUT:.0f}s in {work}:\n{_tail(output)}"
            ) from exc
        if proc.returncode != 0 or not jar.is_file():
            raise LauncherError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}) in {work}:\n{_tail(proc.stdout)}")
        # maven-jar-plugin may keep an up-to-date jar untouched; bump it so the freshness check holds.
        jar.touch()
        return target


def _pid_alive(pid: int) -> bool:
    """Whether pid is a live (non-zombie) launcher JVM."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del _CHILDREN[pid]
        return False
    with contextlib.suppress(ChildProcessError):
        # Reap it if it is our own exited child; a zombie would otherwise look alive.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # someone else's process reusing the pid
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.parent.exists():
        try:
            # Zombies have an empty cmdline; a recycled pid runs something else.
            return JAVA_MAIN.encode() in cmdline.read_bytes()
        except OSError:
            return False
    return True  # no procfs (macOS): trust kill(0)


def _read_pid(data_dir: Path) -> int | None:
    """Pid from the pid file, or None."""
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _clear_runtime_files(data_dir: Path) -> None:
    """Remove pid and state files."""
    for name in (PID_FILE, STATE_FILE):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()


def _write_state(info: LocalNeo4j) -> None:
    """Write the JSON state file (0600: it may hold the password) and then the pid file."""
    state = asdict(info)
    state["data_dir"] = str(info.data_dir)
    state["auth"] = {"user": info.auth[0], "password": info.auth[1]} if info.auth else None
    path = info.data_dir / STATE_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(state, handle, indent=2)
    (info.data_dir / PID_FILE).write_text(f"{info.pid}\n")


def _read_state(data_dir: Path, pid: int) -> LocalNeo4j:
    """LocalNeo4j from the state file of a running instance."""
    try:
        state = json.loads((data_dir / STATE_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise LauncherError(
            f"Neo4j pid {pid} is running but {data_dir / STATE_FILE} is unreadable ({exc}); use stop() and start again"
        ) from exc
    auth = state.get("auth")
    return LocalNeo4j(
        uri=state["uri"],
        pid=pid,
        port=int(state["port"]),
        data_dir=data_dir,
        auth=(auth["user"], auth["password"]) if auth else None,
        heap=state.get("heap", "1g"),
        pagecache=state.get("pagecache", "256m"),
        host=state.get("host", DEFAULT_HOST),
    )


def _resolve(data_dir: Path) -> Path:
    """Absolute, user-expanded data dir."""
    return Path(data_dir).expanduser().resolve()


def status(data_dir: Path) -> LocalNeo4j | None:
    """Info of the Neo4j running for data_dir, or None (stale pid files are removed)."""
    data_dir = _resolve(data_dir)
    pid = _read_pid(data_dir)
    if pid is None or not _pid_alive(pid):
        _clear_runtime_files(data_dir)
        return None
    return _read_state(data_dir, pid)


def _port_free(host: str, port: int) -> bool:
    """Whether host:port can be bound (SO_REUSEADDR, as the JVM does, so TIME_WAIT doesn't count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port on `host` nothing listens on now (the kernel's pick)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _log_tail(log_path: Path, offset: int = 0) -> str:
    """Tail of the launcher log written since offset."""
    try:
        with log_path.open("rb") as handle:
            handle.seek(offset)
            return _tail(handle.read().decode("utf-8", errors="replace"))
    except OSError:
        return "(no log)"


def _log_says_ready(log_path: Path, offset: int) -> bool:
    """Whether the launcher printed its READY line since offset."""
    try:
        with log_path.open("rb") as handle:
            handle.seek(offset)
            return _READY_RE.search(handle.read()) is not None
    except OSError:
        return False


def _bolt_ok(info: LocalNeo4j) -> str | None:
    """None if the driver can connect and run `RETURN 1`, else the error text."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with info.driver(connection_timeout=5.0) as driver:
            driver.verify_connectivity()
            records, _, _ = driver.execute_query("RETURN 1 AS ok")
            if records[0]["ok"] != 1:
                return f"unexpected RETURN 1 result: {records!r}"
    except (DriverError, Neo4jError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _kill(pid: int, timeout: float) -> None:
    """SIGTERM pid, wait up to timeout, then SIGKILL its process group."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if _wait_dead(pid, timeout):
        return
    # start_new_session made the JVM a group leader, so its group is exactly what we spawned.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if not _wait_dead(pid, 10.0):
        raise LauncherError(f"Neo4j pid {pid} survived SIGKILL")


def _wait_dead(pid: int, timeout: float) -> bool:
    """Wait until pid is gone; True if it went within timeout."""
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def start(
    data_dir: Path,
    port: int = 7687,
    password: str | None = None,
    heap: str = "1g",
    timeout: float = 180,
    host: str = DEFAULT_HOST,
    pagecache: str = "256m",
    batch: bool = False,
) -> LocalNeo4j:
    """Start Neo4j for data_dir (or return the running one) and wait until Bolt answers. `batch`: for a batch job
    no reader waits on (the throughput collector, `BATCH_COLLECTOR`)."""
    if importlib.util.find_spec("neo4j") is None:
        raise LauncherError("the `neo4j` Python driver is missing: pip install 'neo4j>=5,<6'")
    data_dir = _resolve(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(data_dir / LOCK_FILE):
        running = status(data_dir)
        if running is not None:
            return running
        _finish_install(data_dir)
        java = java_bin()
        if java_major_version(java) < MIN_JAVA:
            raise LauncherError(f"{java} is Java {java_major_version(java)}; Neo4j 5 needs {MIN_JAVA}+")
        if not _port_free(host, port):
            raise LauncherError(f"{host}:{port} is already in use")
        target = build()

        cmd = [
            java,
            # Neo4j warns unless the initial heap is set explicitly; it recommends Xms == Xmx.
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            BATCH_COLLECTOR if batch else SERVING_COLLECTOR,
            "-cp",
            classpath(target),
            JAVA_MAIN,
            "--data",
            str(data_dir),
            "--host",
            host,
            "--port",
            str(port),
            "--pagecache",
            pagecache,
        ]
        env = dict(os.environ)
        env.pop(PASSWORD_ENV, None)
        if password:
            env[PASSWORD_ENV] = password
        log_path = data_dir / LOG_FILE
        offset = log_path.stat().st_size if log_path.exists() else 0
        with log_path.open("ab") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=data_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the caller's Ctrl+C / exit
            )
        _CHILDREN[proc.pid] = proc
        info = LocalNeo4j(
            uri=f"bolt://{host}:{port}",
            pid=proc.pid,
            port=port,
            data_dir=data_dir,
            auth=(DEFAULT_USER, password) if password else None,
            heap=heap,
            pagecache=pagecache,
            host=host,
        )
        _write_state(info)
        try:
            _wait_ready(proc, info, offset, timeout)
        except BaseException:
            _kill(proc.pid, 30.0)
            _clear_runtime_files(data_dir)
            raise
        return info


def _wait_ready(proc: subprocess.Popen[bytes], info: LocalNeo4j, offset: int, timeout: float) -> None:
    """Block until READY is logged and the driver runs `RETURN 1`, or raise LauncherError."""
    deadline = time.monotonic() + timeout
    ready_logged = False
    last_error = "launcher has not printed READY yet"
    while True:
        code = proc.poll()
        if code is not None:
            raise LauncherError(
                f"Neo4j exited with code {code} during startup; {info.log_path} says:\n"
                f"{_log_tail(info.log_path, offset)}"
            )
        # Probe Bolt only after READY: the password is set then, and early wrong-password
        # attempts would trip Neo4j's failed-login lockout.
        if not ready_logged:
            ready_logged = _log_says_ready(info.log_path, offset)
        if ready_logged:
            error = _bolt_ok(info)
            if error is None:
                return
            last_error = error
        if time.monotonic() >= deadline:
            raise LauncherError(
                f"Neo4j not ready on {info.uri} after {timeout:.0f}s ({last_error}); "
                f"{info.log_path} says:\n{_log_tail(info.log_path, offset)}"
            )
        time.sleep(0.25)


def stop(data_dir: Path, timeout: float = 60) -> bool:
    """Stop the Neo4j running for data_dir (SIGTERM, then SIGKILL); True if one was running."""
    data_dir = _resolve(data_dir)
    pid = _read_pid(data_dir)
    if pid is None or not _pid_alive(pid):
        _clear_runtime_files(data_dir)
        return False
    _kill(pid, timeout)
    _clear_runtime_files(data_dir)
    return True


DATABASE = "neo4j"
"""The one user database of Neo4j Community, the one the offline import writes."""

_DATABASE_PARTS = ("databases", "transactions")
"""Where a Neo4j home keeps a database: its store under data/databases/, its transaction logs under
data/transactions/."""

INSTALL_FILE = "install.json"
"""Present while a database built elsewhere replaces the data dir's (`install_database`)."""

IMPORT_MAIN = "org.neo4j.cli.AdminTool"


def import_database(
    home: Path, arguments: list[str], *, heap: str = "1g", max_off_heap: str = "2g", timeout: float = 3600
) -> str:
    """Build the database of the Neo4j home `home` (a folder of its own: no DBMS runs there) with Neo4j's offline
    importer (`neo4j-admin database import full` of the same Neo4j version as the server, run from the launcher's
    classpath) from the CSV files `arguments` name; return the importer's summary. The importer dies with the caller
    (a killed load leaves no importer behind writing)."""
    home = _resolve(home)
    home.mkdir(parents=True, exist_ok=True)
    java = java_bin()
    target = build()
    log_path = home / "import.log"
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, BATCH_COLLECTOR, "-cp", classpath(target), IMPORT_MAIN,
           # The database first: a list option (--nodes=…) would take a name after it for one more file.
           "database", "import", "full", DATABASE, "--overwrite-destination=true",
           f"--max-off-heap-memory={max_off_heap}", f"--report-file={home / 'import.report'}", *arguments]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    (home / "conf").mkdir(exist_ok=True)
    with log_path.open("wb") as log:
        try:
            proc = subprocess.run(cmd, cwd=home, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                  stderr=subprocess.STDOUT, timeout=timeout, check=False,
                                  preexec_fn=_die_with_parent)
        except subprocess.TimeoutExpired as exc:
            raise LauncherError(f"the offline import ran past {timeout:.0f} s; {log_path} says:\n"
                                f"{_log_tail(log_path)}") from exc
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0 or "IMPORT DONE" not in output:
        raise LauncherError(f"the offline import failed (exit {proc.returncode}); {log_path} says:\n{_tail(output)}")
    return output[output.index("IMPORT DONE"):].strip()


def _die_with_parent() -> None:
    """In a child before it runs: SIGKILL it when the process that started it dies (Linux's PR_SET_PDEATHSIG). The
    function is looked up in the parent: a forked child of a threaded process must not load libraries."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)


def _prctl() -> Any:
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _prctl()


def install_database(data_dir: Path, home: Path, timeout: float = 180) -> LocalNeo4j | None:
    """Make the database of the Neo4j home `home` (built and closed: no DBMS runs there) the data dir's, in place of
    the one it has. A DBMS running for the data dir is stopped first and started again after, as it was (port,
    password, memory); returns it then.

    The swap cannot be left half-done: the new database is first moved beside the old one (`neo4j.new`), then
    `install.json` is written, and only then is the old one moved aside and the new one put in its place. Killed
    before `install.json` exists, the data dir keeps its database (the next start removes the stray `neo4j.new`);
    after, the next start (`start`) finishes the swap."""
    data_dir = _resolve(data_dir)
    home = _resolve(home)
    data_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(data_dir / LOCK_FILE):
        running = status(data_dir)
        if running is not None:
            _kill(running.pid, 60.0)
            _clear_runtime_files(data_dir)
        _finish_install(data_dir)  # an earlier install's, if one was cut short
        for part in _DATABASE_PARTS:
            source = home / "data" / part / DATABASE
            if not source.is_dir():
                raise LauncherError(f"{home} holds no database {DATABASE} ({source} is missing)")
            new = data_dir / "data" / part / f"{DATABASE}.new"
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(new, ignore_errors=True)
            os.rename(source, new)
            _sync_dir(new.parent)
        marker = data_dir / INSTALL_FILE
        partial = marker.with_suffix(".tmp")
        partial.write_text(json.dumps({"database": DATABASE, "from": str(home)}))
        os.replace(partial, marker)
        _sync_dir(data_dir)
        _finish_install(data_dir)
    if running is None:
        return None
    return start(data_dir, port=running.port, password=running.auth[1] if running.auth else None,
                 heap=running.heap, pagecache=running.pagecache, host=running.host, timeout=timeout)


def _finish_install(data_dir: Path) -> None:
    """Finish a swap `install_database` began (with the DBMS stopped, under the data dir's lock), or, if it had not
    got as far as `install.json`, drop its `neo4j.new`."""
    marker = data_dir / INSTALL_FILE
    parts = [(data_dir / "data" / part / DATABASE, data_dir / "data" / part / f"{DATABASE}.new",
              data_dir / "data" / part / f"{DATABASE}.old") for part in _DATABASE_PARTS]
    if marker.exists():
        for current, new, old in parts:
            if new.exists():
                if current.exists():
                    shutil.rmtree(old, ignore_errors=True)
                    os.rename(current, old)
                os.rename(new, current)
                _sync_dir(current.parent)
        marker.unlink()
        _sync_dir(data_dir)
    for _, new, old in parts:
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _sync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
