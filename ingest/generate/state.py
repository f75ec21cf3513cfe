"""What one run's phases share: the random stream, the sink, reference lookups, the organisations made so far."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from graph_model import reference as ref
from graph_model.enums import PriorityField
from graph_model.uscc import ALPHABET, uscc_check_character

from .common import Progress, Sink, gb11714_code, random_date
from .sectors import build_sectors, sector_shares, supply_pool
from .spec import ProgressFn, ScaleSpec
from .tables import BRANDS, DISTRICT_WEIGHT, REAL_BRANDS


@dataclass(slots=True, eq=False)  # identity: two records are never the same organisation
class Org:
    """What later phases need to know about a generated organisation."""

    id: str
    kind: str
    short: str  # name without company suffix, for composing platform and chain names
    short_en: str
    district: str
    sector: str = ""
    clusters: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    size: int = 0
    school_type: str = ""
    filed: bool = False
    occupations: tuple[str, ...] = ()
    founded: int = 0  # the year
    cross_track: bool = False  # evaluates skill levels and professional titles together (贯通评价)
    body_type: str = ""  # an evaluation body's
    host: str = ""  # the school a school's evaluation station belongs to


class ChainRef(NamedTuple):
    id: str
    leader: Org
    clusters: tuple[str, ...]
    focus_zh: str  # the cluster or priority field it is about, for naming its service station


DISCOVERABLE_SHARE = 0.25
"""Of the schools, training providers and evaluation bodies, the share that agreed to be discoverable (an
assumption: a platform would ask each one; a quarter saying yes at first)."""


class State:
    """The state of one run, and the draws of places, names and codes that several phases make.

    Every draw comes from the one `rng`, so the phases must run in a fixed order (see `generate`).
    """

    def __init__(self, spec: ScaleSpec, seed: int, sink: Sink, progress: ProgressFn | None) -> None:
        self.spec = spec
        self.seed = seed
        self.rng = random.Random(seed)
        # A stream of its own: which suppliers agreed to be discoverable changes no other draw.
        self.consent = random.Random(f"discoverable-{seed}")
        self.sink = sink
        # Units of work: one per organisation, three per enterprise for demands and partnerships.
        self.progress = Progress(progress, spec.organisations + 6 * spec.enterprises + spec.platforms)
        self.districts = {d["id"]: d for d in ref.districts()}
        self.county_12 = frozenset(d["id"] for d in ref.districts() if d.get("is_county_12"))
        self.levels = [s["id"] for s in ref.skill_levels()]
        self.occupation_names = {code: o.name_zh for code, o in ref.occupations().items() if o.level == 4}
        # The low-altitude economy's own occupations: in its curated table and in no other sector's.
        self.low_altitude = tuple(
            code for code, sectors in ref.occupation_sectors().items()
            if sectors == (PriorityField.LOW_ALTITUDE_ECONOMY.value,)
        )
        self.clusters = {c["id"]: c for c in ref.clusters()}
        self.cluster_ids = list(self.clusters)
        self.used_uscc: set[str] = set()
        self.used_names: set[str] = set()
        self.sectors = build_sectors()
        self.sector_share = sector_shares()
        self.district_ids = list(self.districts)
        self.supply_codes, self.supply_cum = supply_pool(self.rng, self.sectors, self.sector_share, self.low_altitude)
        self.enterprises: list[Org] = []
        self.schools: list[Org] = []
        self.trainers: list[Org] = []
        self.evaluators: list[Org] = []
        self.employment: list[Org] = []
        self.institutes: list[Org] = []
        self.chains: list[ChainRef] = []
        self.stated: list[tuple[Org, str, str, int]] | None = None
        """This year's demand rows (firm, occupation, level, headcount), kept when a history is to be written."""
        self.demanded: Counter[str] = Counter()
        """This year's demanded headcount by occupation, as the demand phase wrote it."""
        self.firm_demand: dict[str, dict[str, int]] = {}
        """This year's demanded headcount of each firm by occupation (firm id → code → headcount)."""
        self.apprenticeships: list[tuple[Org, int, str]] = []
        """Each apprenticeship partnership as written: the firm, its trainees, the ISO date it began."""

    # -- places, names, codes ------------------------------------------------------------------

    def district_cum(self, multipliers: dict[str, float] | None = None, county_factor: float = 1.0) -> list[float]:
        weights = []
        for d in self.district_ids:
            w = DISTRICT_WEIGHT.get(d, 0.5) * (multipliers or {}).get(d, 1.0)
            weights.append(w * county_factor if d in self.county_12 else w)
        return list(accumulate(weights))

    def pick_district(self, cum: Sequence[float]) -> str:
        return self.rng.choices(self.district_ids, cum_weights=cum)[0]

    def discoverable(self) -> bool:
        """Whether a school, training provider or evaluation body agreed to be recommended beyond its chains."""
        return self.consent.random() < DISCOVERABLE_SHARE

    def position(self, district: str, spread: float = 0.05) -> tuple[str, str]:
        d = self.districts[district]
        lat = d.get("seat_lat") or d["lat"]
        lng = d.get("seat_lng") or d["lng"]
        if self.rng.random() < 0.3:  # some sit out of town, around the district's centroid
            lat, lng, spread = d["lat"], d["lng"], spread * 2
        lat = min(32.4, max(27.6, lat + self.rng.gauss(0, spread)))
        lng = min(110.4, max(105.1, lng + self.rng.gauss(0, spread)))
        return f"{lat:.5f}", f"{lng:.5f}"

    def uscc(self, kind: str, district: str, founded: dt.date) -> str:
        """A unique, valid GB 32100 code; `kind` is the two-character registration prefix (91, 12, 52)."""
        code_region = self.districts[district].get("code") or "500000"
        while True:
            # Firms often register with the municipal bureau (500000) rather than the district's.
            region = "500000" if self.rng.random() < 0.2 else code_region
            if founded.year >= 2016 and kind == "91":
                body = "MA" + self.rng.choice(("5U", "60", "61", "5Y", "62"))
                body += "".join(self.rng.choice(ALPHABET) for _ in range(5))
            else:
                body = gb11714_code(self.rng)
            first17 = kind + region + body
            code = first17 + uscc_check_character(first17)
            if code not in self.used_uscc:
                self.used_uscc.add(code)
                return code

    def brand(self) -> tuple[str, str]:
        """Two brand syllables that do not spell a real firm's brand."""
        while True:
            a, b = self.rng.sample(BRANDS, 2)
            if a[0] + b[0] not in REAL_BRANDS:
                return a[0] + b[0], a[1] + b[1].lower()

    def unique_name(self, make: Callable[[], tuple[str, str]]) -> tuple[str, str]:
        for _ in range(200):
            zh, en = make()
            if zh not in self.used_names:
                self.used_names.add(zh)
                return zh, en
        zh, en = make()
        n = 2
        while f"{zh}（{n}）" in self.used_names:
            n += 1
        self.used_names.add(f"{zh}（{n}）")
        return f"{zh}（{n}）", f"{en} ({n})"

    def founded(self, oldest: int, median_age: float) -> dt.date:
        year = max(oldest, 2025 - int(self.rng.expovariate(1 / median_age)))
        return random_date(self.rng, dt.date(year, 1, 1), dt.date(year, 12, 31))

    # -- skill levels trained and evaluated ------------------------------------------------------

    def level_range(self, lo: int, hi: int) -> list[str]:
        return self.levels[lo - 1 : hi]

    def top_rank(self, district: str, weights: tuple[float, ...], ranks: tuple[int, ...]) -> int:
        top = self.rng.choices(ranks, weights=weights)[0]
        # The 12 counties' bodies stop at intermediate or senior worker: the evaluation desert.
        return min(top, self.rng.choice((3, 3, 4))) if district in self.county_12 else top
