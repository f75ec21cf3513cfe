"""The demo-data generator: synthetic but plausible Chongqing source files in the documented format.

One CSV per node kind and relationship type (`docs/data-format.md`), built on the packaged
reference data (districts, clusters, occupations, skill levels). Deterministic for a seed: one
`random.Random(seed)`, no clock, no iteration over sets. Organisations are held in memory as light
records because relationships are wired between them; relationship rows are streamed to disk.

Conventions a reader of the files should know:
- PARTNERS_WITH runs from the enterprise to the school or training provider it works with.
- Chain leaders are also MEMBER_OF their own chain in the industry link.
- Gaps are deliberate: few schools, trainers and evaluators for low-altitude-economy occupations,
  no evaluator in the 12 counties above senior worker, some chains missing a whole link.

Layout: `generate` below runs the phases in order; each phase is a module named after what it
generates, and they share one `state.State`. `spec` holds the files and scales, `tables` the static
vocabulary, `sectors` the occupation pools of each sector, `common` the CSV sink and random helpers.
"""

from pathlib import Path

from .chains import generate_chains
from .common import Sink
from .consortia import generate_consortia
from .demand import generate_demands
from .enterprises import generate_enterprises
from .evaluation import generate_evaluation_bodies
from .history import generate_demand_history, generate_supply_history
from .measures import generate_measures
from .national import generate_national_list
from .partnerships import generate_partnerships
from .platforms import generate_platforms
from .schools import generate_schools
from .services import generate_services
from .spec import (
    LATEST_DATE,
    NODE_FILES,
    ORGANISATION_FILES,
    REL_FILES,
    SCALES,
    GenerateSummary,
    ProgressFn,
    Scale,
    ScaleSpec,
)
from .state import State
from .stations import generate_stations
from .training import generate_enterprise_training, generate_training_providers

__all__ = [
    "LATEST_DATE",
    "NODE_FILES",
    "ORGANISATION_FILES",
    "REL_FILES",
    "SCALES",
    "GenerateSummary",
    "ProgressFn",
    "Scale",
    "ScaleSpec",
    "generate",
]


def generate(
    scale: Scale,
    seed: int,
    out: Path,
    progress: ProgressFn | None = None,
    *,
    history: bool = False,
    truth: Path | None = None,
    factor: float = 1.0,
) -> GenerateSummary:
    """Write the demo data set of `scale` for `seed` into the folder `out`; the same seed gives the same bytes.

    With `history`, also `demands-history.csv`: the firms' stated demand for 2019–2024 (`history.py`), and with
    `truth` the ground truth's expected demand 2019–2028 into that file (outside `out`: it is not data). `factor`
    multiplies the scale's counts (`ScaleSpec.times`): sizes between and beyond the presets."""
    spec = SCALES[scale] if factor == 1.0 else SCALES[scale].times(factor)
    sink = Sink(out)
    try:
        state = State(spec, seed, sink, progress)
        sink.keep("evaluates", "member_of", "platform", "hosts")  # what the measures derive from
        if history:
            state.stated = []
            sink.keep("offers", "trains", "evaluates", "prepares_for")
        # Every phase draws from the one random stream and later phases pick from the organisations
        # earlier ones made: this order is part of what a seed means.
        generate_enterprises(state)
        generate_schools(state)
        generate_training_providers(state)
        generate_evaluation_bodies(state)
        generate_services(state)
        generate_enterprise_training(state)
        generate_chains(state)
        generate_demands(state)
        generate_partnerships(state)
        generate_platforms(state)
        generate_stations(state)
        generate_consortia(state)
        generate_national_list(state)
        generate_measures(state)
        if history:
            generate_demand_history(state, truth)
            generate_supply_history(state)
        state.progress.finish()
    finally:
        sink.close()
    return GenerateSummary(scale=scale if factor == 1.0 else f"{scale} × {factor:g}", seed=seed, out=out,
                           rows=dict(sink.rows),
                           sectors={e.id: e.sector for e in state.enterprises})
