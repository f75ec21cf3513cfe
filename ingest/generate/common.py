"""The shared plumbing of a run: the CSV sink, weighted random draws, name and code helpers, progress."""

import csv
import datetime as dt
import heapq
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from .spec import LATEST_DATE, NODE_FILES, REL_FILES, ProgressFn

T = TypeVar("T")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class Sink:
    """One CSV writer per file, headers from the models, rows counted."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self._out = out
        self._handles: list[IO[str]] = []
        self._writers: dict[str, Any] = {}
        self._headers: dict[str, list[str]] = {}
        self.rows: dict[str, int] = {}
        self.kept: dict[str, list[dict[str, Any]]] | None = None
        """With `keep(...)`: the rows written to those files, for a later phase that derives others from them."""
        for name, model in [*NODE_FILES.items(), *REL_FILES.items()]:
            handle = (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles.append(handle)
            writer = csv.writer(handle, lineterminator="\n")
            header = list(model.model_fields)
            writer.writerow(header)
            self._writers[name] = writer
            self._headers[name] = header
            self.rows[name] = 0

    def add_file(self, name: str, kind: str) -> None:
        """Another file of a kind's columns (e.g. `demands-history`, which the ingest reads as demands)."""
        model = {**NODE_FILES, **REL_FILES}[kind]
        handle = (self._out / f"{name}.csv").open("w", encoding="utf-8", newline="")
        self._handles.append(handle)
        writer = csv.writer(handle, lineterminator="\n")
        self._headers[name] = list(model.model_fields)
        writer.writerow(self._headers[name])
        self._writers[name] = writer
        self.rows[name] = 0

    def keep(self, *names: str) -> None:
        """Keep the rows later written to these files (`kept`), besides those kept already."""
        if self.kept is None:
            self.kept = {}
        for name in names:
            self.kept.setdefault(name, [])

    def write(self, name: str, row: dict[str, Any]) -> None:
        self._writers[name].writerow([_cell(row.get(col)) for col in self._headers[name]])
        self.rows[name] += 1
        if self.kept is not None and name in self.kept:
            self.kept[name].append(row)

    def writer_for(self, name: str, columns: Sequence[str]) -> Callable[[Sequence[str]], None]:
        """A fast writer of ready-made cells in `columns` order, for the million-row files."""
        if list(columns) != self._headers[name]:
            raise RuntimeError(f"{name}.csv: the model's fields are now {self._headers[name]}, not {list(columns)}")
        writerow = self._writers[name].writerow

        def write(cells: Sequence[str]) -> None:
            writerow(cells)
            self.rows[name] += 1

        return write

    def close(self) -> None:
        for handle in self._handles:
            handle.close()


def weighted_sample(rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """k distinct items drawn with probability proportional to weight (Efraimidis–Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    return [items[i] for _, i in heapq.nlargest(k, keyed)]


def distinct_choices(rng: random.Random, population: Sequence[T], cum: Sequence[float], k: int) -> list[T]:
    """Up to k distinct weighted draws from a population with cumulative weights."""
    chosen = list(dict.fromkeys(rng.choices(population, cum_weights=cum, k=k)))
    for _ in range(20):  # redraw for the repeats; a population smaller than k ends the loop
        if len(chosen) >= k:
            break
        for x in rng.choices(population, cum_weights=cum, k=k - len(chosen)):
            if x not in chosen:
                chosen.append(x)
    return chosen[:k]


def pair(zh: str, en: str) -> tuple[str, str]:
    return zh, en


def random_date(rng: random.Random, start: dt.date, end: dt.date = LATEST_DATE) -> dt.date:
    end = min(end, LATEST_DATE)
    start = min(start, end)
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return min(hi, max(lo, round(rng.lognormvariate(math.log(median), sigma))))


def largest_remainder(weights: dict[str, float], n: int) -> dict[str, int]:
    """Split n into integers proportional to weights (ties broken by insertion order)."""
    total = sum(weights.values())
    exact = {k: n * w / total for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    order = sorted(exact, key=lambda k: -(exact[k] - counts[k]))
    for k in order[: n - sum(counts.values())]:
        counts[k] += 1
    return counts


def district_short_zh(d: dict[str, Any]) -> str:
    name: str = d["name_zh"]
    if d.get("type") == "autonomous_county":
        return name[:2]
    if d.get("type") in ("district", "county") and len(name) > 2:
        return name[:-1]
    return name


_SPECIAL_ZONE_EN = {
    "liangjiang_new_area": "Liangjiang New Area",
    "western_science_city_chongqing_hitech_zone": "Chongqing Hi-tech Zone",
    "wansheng_economic_development_zone": "Wansheng ETDZ",
}


def district_short_en(d: dict[str, Any]) -> str:
    return _SPECIAL_ZONE_EN.get(d["id"]) or str(d["name_en"]).split(" ")[0]


def gb11714_code(rng: random.Random) -> str:
    """A pre-2015 style organisation code: 8 digits and its GB 11714 check character."""
    digits = [rng.randrange(10) for _ in range(8)]
    c = 11 - sum(d * w for d, w in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    check = "X" if c == 10 else "0" if c == 11 else str(c)
    return "".join(map(str, digits)) + check


class Progress:
    """Turns units of work done into the fraction of the run that the caller's ProgressFn is told."""

    def __init__(self, report: ProgressFn | None, total: float) -> None:
        self._report = report
        self._total = total
        self._done = 0.0
        self.label = ""

    def phase(self, label: str) -> None:
        self.label = label
        self.tick(0)

    def tick(self, units: float) -> None:
        self._done += units
        if self._report is not None:
            self._report(self.label, min(1.0, self._done / self._total))

    def finish(self) -> None:
        self.label = "done"
        self.tick(self._total)
