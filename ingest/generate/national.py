"""A national shortage list for the demo (ShortageList and its LISTS): synthetic, and labelled so."""

from .state import State
from .tables import NATIONAL_LIST_LENGTH, NATIONAL_SERVICE_TRADES

LIST_ID = "national-demo-2025q3"


def generate_national_list(state: State) -> None:
    """The quarterly 100 most-short occupations of the whole country, as the demo imagines them: the city's own
    demand reordered by noise (the country is not Chongqing), with the service trades that lead the real lists and
    that the demo's sectors do not hire. Never the published list: its name and source say so."""
    state.progress.phase("national shortage list")
    rng = state.rng
    scores = {code: heads * rng.lognormvariate(0.0, 0.8) for code, heads in sorted(state.demanded.items())}
    top = max(scores.values(), default=1.0)
    for i, code in enumerate(NATIONAL_SERVICE_TRADES):
        scores[code] = top * (2.0 - 0.1 * i)
    ranked = sorted(scores, key=lambda c: (-scores[c], c))[:NATIONAL_LIST_LENGTH]
    state.sink.write("shortage_list", {
        "id": LIST_ID,
        "name_zh": "全国招聘大于求职“最缺工”的100个职业排行（演示数据，合成）",
        "name_en": "The 100 occupations most short nationally (demo data, synthetic)",
        "edition": "2025年第三季度", "year": 2025, "quarter": 3, "publisher": "人力资源和社会保障部（演示）",
        "source": "SkillGraph demo generator: synthetic, in the published list's columns; not the published list",
    })
    for rank, code in enumerate(ranked, start=1):
        state.sink.write("lists", {"start": LIST_ID, "end": code, "rank": rank})
