"""The forecasting engine of measure 13: a trend is followed, a short series refused, districts add up."""

import random

import pytest

from analyses.forecast import LEVEL, MIN_POINTS, add_up, forecast


def test_a_known_linear_trend_is_forecast_within_two_percent_at_horizon_one() -> None:
    history = {"welders": {year: 200 + 15 * (year - 2019) for year in range(2019, 2026)}}  # 2025: 290
    found = forecast(history, 3).found["welders"]
    first = found.points[0]
    assert first.year == 2026
    assert abs(first.mean - 305) / 305 <= 0.02
    assert [p.year for p in found.points] == [2026, 2027, 2028]


def test_a_noisy_trend_gets_an_interval_around_it_that_widens_with_the_horizon() -> None:
    noise = [3, -4, 2, -1, 4, -3, 1]
    history = {"s": {2019 + i: 100 + 10 * i + e for i, e in enumerate(noise)}}
    points = forecast(history, 3).found["s"].points
    assert all(p.lo <= p.mean <= p.hi for p in points)
    widths = [p.hi - p.lo for p in points]
    assert widths[0] > 0 and widths == sorted(widths)
    assert LEVEL == 80


def test_a_two_point_series_is_refused_with_its_reason_and_the_others_still_forecast() -> None:
    history = {"new": {2024: 5, 2025: 9}, "old": {y: 40 for y in range(2019, 2026)}}
    result = forecast(history, 1)
    assert "new" not in result.found and "old" in result.found
    refused = result.too_short["new"]
    assert refused.points == 2
    assert f"at least {MIN_POINTS}" in refused.reason and "not forecast" in refused.reason


def test_a_series_that_skips_a_year_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="skips a year"):
        forecast({"gap": {2019: 1, 2020: 2, 2022: 3, 2023: 4}}, 1)
    with pytest.raises(ValueError, match="1 to 3 years"):
        forecast({"s": {y: 1 for y in range(2019, 2026)}}, 4)


def test_districts_add_up_to_the_city() -> None:
    districts = {
        "wanzhou": {y: 30 + 2 * (y - 2019) for y in range(2019, 2026)},
        "yuzhong": {y: 80 - (y - 2019) + (3 if y % 2 else -3) for y in range(2019, 2026)},
        "fuling": {y: 12 for y in range(2019, 2026)},
    }
    parts = forecast(districts, 3).found
    city = add_up(parts.values(), "city")
    for i, point in enumerate(city.points):
        assert point.mean == pytest.approx(sum(p.points[i].mean for p in parts.values()))
        assert point.lo <= point.mean <= point.hi
    assert city.method == "bottom_up"


def test_the_method_is_chosen_per_group_from_all_its_series_backtests() -> None:
    rng = random.Random(5)
    years = range(2019, 2026)
    history: dict[tuple[str, int], dict[int, float]] = {}
    for district in range(12):  # a growing occupation: every district's series climbs 12 % a year, noisily
        history["grows", district] = {y: 50 * 1.12 ** (y - 2019) * rng.lognormvariate(0, 0.03) for y in years}
    for district in range(12):  # a flat one: noise around a level
        history["flat", district] = {y: 50 * rng.lognormvariate(0, 0.1) for y in years}
    found = forecast(history, 1, group=lambda key: key[0]).found  # type: ignore[index]
    grows = {found["grows", d].method for d in range(12)}
    # one method for the whole group, one that follows a trend
    assert grows in ({"drift"}, {"growth"}, {"damped_growth"})
    assert {found["flat", d].method for d in range(12)} == {"naive"}


def test_the_growth_rate_is_pooled_over_the_group_and_a_start_from_zero_is_no_growth() -> None:
    history = {
        ("nurses", "a"): {2019: 100, 2020: 110, 2021: 121, 2022: 133.1},
        ("nurses", "b"): {2019: 0, 2020: 0, 2021: 50, 2022: 55},  # firms came in 2021: not growth of the others
        ("nurses", "c"): {2019: 20, 2020: 22, 2021: 24.2, 2022: 26.62},
    }
    found = forecast(history, 2, methods=("growth",), group=lambda key: key[0]).found  # type: ignore[index]
    b = found["nurses", "b"]
    assert b.method == "growth"
    assert [round(p.mean, 6) for p in b.points] == [60.5, 66.55]  # 10 % a year, the group's rate


def test_intervals_are_calibrated_on_backtests_to_cover_about_eighty_percent() -> None:
    rng = random.Random(11)
    history = {n: {2019 + i: 100 + rng.gauss(0, 10) for i in range(7)} for n in range(400)}
    points = forecast(history, 1, methods=("naive",)).found
    inside = [points[n].points[0].lo <= 100 + rng.gauss(0, 10) <= points[n].points[0].hi for n in range(400)]
    assert 0.72 <= sum(inside) / len(inside) <= 0.88
    widths = [p.hi - p.lo for p in forecast(history, 3, methods=("naive",)).found[0].points]
    assert widths[1] == pytest.approx(2 * widths[0]) and widths[2] == pytest.approx(3 * widths[0])
