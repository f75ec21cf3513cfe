"""A job killed half-way (SIGKILL) and run again ends with exactly the graph a clean run makes."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from ingest.job import PAUSE_ENV
from store import GraphStore
from tests.ingest.support import Backend, added_counts, snapshot

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DISTRICTS = ("wanzhou", "jiulongpo", "jiangjin", "nanan", "shapingba", "banan")
OCCUPATIONS = ("6-22-02-01", "6-22-02-02", "2-02-10-03", "4-04-05-01", "4-04-05-02")
LEVELS = ("junior_worker", "intermediate_worker", "senior_worker", "technician", "senior_technician")
N_ENTERPRISES, N_SCHOOLS, N_CHAINS = 1_500, 100, 5
BATCH = 200
REPO = Path(__file__).resolve().parents[2]


def credit_code(n: int) -> str:
    """A valid credit code: 17 characters, then the GB 32100 check character (weights 3^i mod 31)."""
    body = f"915001{n:011d}"
    total = sum(ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + ALPHABET[(31 - total % 31) % 31]


def write_corpus(folder: Path) -> dict[str, int]:
    """A few thousand rows in five files, two of them bad on purpose; returns rows per file."""
    folder.mkdir(parents=True)
    rows = {}
    lines = ["id,name_zh,uscc,district"]
    lines += [f"E{n},重庆企业{n}有限公司,{credit_code(n)},{DISTRICTS[n % 6]}" for n in range(N_ENTERPRISES)]
    lines.append(f"E7,重庆另一家企业,{credit_code(7)},wanzhou")  # conflicts with row 9: rejected
    rows["enterprise.csv"] = len(lines) - 1
    (folder / "enterprise.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["id,name_zh,district,school_type"]
    lines += [f"S{n},重庆学校{n},{DISTRICTS[n % 6]},higher_vocational" for n in range(N_SCHOOLS)]
    rows["school.csv"] = len(lines) - 1
    (folder / "school.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["id,name_zh"] + [f"CH{n},示例生态链{n}" for n in range(N_CHAINS)]
    rows["chain.csv"] = len(lines) - 1
    (folder / "chain.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["start,end,link_role"]
    lines += [f"E{n},CH{n % N_CHAINS},industry" for n in range(N_ENTERPRISES)]
    lines += [f"S{n},CH{n % N_CHAINS},teaching" for n in range(N_SCHOOLS)]
    lines.append("E99999,CH0,industry")  # no such enterprise: rejected
    rows["member_of.csv"] = len(lines) - 1
    (folder / "member_of.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["start,end,headcount,skill_level,year"]
    lines += [
        f"E{n % N_ENTERPRISES},{OCCUPATIONS[n % 5]},{n % 50 + 1},{LEVELS[(n // 5) % 5]},{2024 + n // N_ENTERPRISES}"
        for n in range(3_000)
    ]
    rows["demands.csv"] = len(lines) - 1
    (folder / "demands.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def run_job(folder: Path, backend: Backend, label: str, pause: float = 0) -> tuple[subprocess.Popen[str], Path]:
    """`skillgraph ingest` in a process of its own, logging each committed batch; its report goes to a file."""
    env = backend.env() | {PAUSE_ENV: str(pause)}
    report = folder.parent / f"report-{label}-{time.monotonic_ns()}.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", str(folder), "--store", backend.uri(label),
         "--batch-size", str(BATCH), "--verbose", "--report", str(report)],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    return proc, report


def kill_after(proc: subprocess.Popen[str], marker: str, times: int, timeout: float = 300) -> None:
    """SIGKILL the job once `marker` has appeared `times` times in its log of committed batches."""
    assert proc.stderr is not None
    seen, deadline, log = 0, time.monotonic() + timeout, []
    while seen < times:
        line = proc.stderr.readline()
        log.append(line)
        assert line, f"the job ended before it was killed:\n{''.join(log)}"
        assert time.monotonic() < deadline, "the job did not get far enough in time"
        seen += marker in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def finish(job: tuple[subprocess.Popen[str], Path]) -> dict[str, int]:
    proc, report = job
    _, errors = proc.communicate(timeout=600)
    assert proc.returncode == 1, errors  # two rows are bad on purpose
    summary: dict[str, int] = json.loads(report.read_text(encoding="utf-8"))["summary"]
    return summary


def test_a_killed_ingest_rerun_to_completion_equals_a_clean_run(backend: Backend, tmp_path: Path) -> None:
    rows = write_corpus(tmp_path / "data")
    total = sum(rows.values())

    killed, _ = run_job(tmp_path / "data", backend, "crashed", pause=0.1)
    kill_after(killed, "member_of.csv: rows", times=3)
    half: GraphStore = backend.open("crashed")
    try:
        partial = added_counts(half)
    finally:
        half.close()
    # Really half-way: every enterprise is in, the demands file was never reached.
    assert partial.get("Enterprise") == N_ENTERPRISES
    assert partial.get("MEMBER_OF", 0) < N_ENTERPRISES + N_SCHOOLS
    assert partial.get("DEMANDS", 0) == 0

    resumed_summary = finish(run_job(tmp_path / "data", backend, "crashed"))
    resumed = backend.open("crashed")
    try:
        resumed_state = snapshot(resumed)
        if backend.name == "neo4j":
            resumed.clear()  # Neo4j Community has one database: the clean run starts from it emptied
    finally:
        resumed.close()

    clean_summary = finish(run_job(tmp_path / "data", backend, "clean"))
    clean = backend.open("clean")
    try:
        clean_state = snapshot(clean)
        counts = added_counts(clean)
    finally:
        clean.close()

    assert resumed_summary == clean_summary == {
        "files": 5, "files_rejected": 0, "rows_read": total, "rows_loaded": total - 2, "rows_rejected": 2,
    }
    assert counts == {
        "Enterprise": N_ENTERPRISES, "School": N_SCHOOLS, "Chain": N_CHAINS,
        "LOCATED_IN": N_ENTERPRISES + N_SCHOOLS, "MEMBER_OF": N_ENTERPRISES + N_SCHOOLS, "DEMANDS": 3_000,
    }
    assert resumed_state[0] == clean_state[0]
    assert resumed_state[1] == clean_state[1]
