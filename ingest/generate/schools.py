"""Schools, the major catalogue (MAJOR, PREPARES_FOR) and the majors each school offers (OFFERS)."""

from functools import partial

from graph_model import reference as ref
from graph_model.enums import PROGRAMME_YEARS

from .common import district_short_en, district_short_zh, weighted_sample
from .state import Org, State
from .tables import (
    COUNTY_THEME_BOOST,
    GRADUATES_PER_MAJOR,
    MAJOR_THEMES,
    MAJORS_PER_SCHOOL,
    PLACES,
    SCHOOL_FIELDS,
    SCHOOL_ID_TAG,
    SCHOOL_TYPES,
    MajorTheme,
)


def generate_schools(state: State) -> None:
    """Schools with their majors (OFFERS), and the major catalogue with PREPARES_FOR."""
    state.progress.phase("schools and majors")
    rng = state.rng
    majors: dict[tuple[str, str], str] = {}  # (theme key, school type) → major id
    themes_by_type: dict[str, list[MajorTheme]] = {t.value: [] for t in SCHOOL_TYPES}
    major_codes: dict[str, tuple[str, ...]] = {}
    catalogue = ref.major_catalogue()
    for theme in MAJOR_THEMES:
        for stype, name in zip(SCHOOL_TYPES, theme.names, strict=True):
            if not name:
                continue
            major = catalogue[stype.value, name]  # the reference test checks every name is there
            major_id = f"major-{theme.key}-{SCHOOL_ID_TAG[stype.value]}"
            majors[theme.key, stype.value] = major_id
            themes_by_type[stype.value].append(theme)
            level_en = {"university": "", "higher_vocational": " (higher vocational)",
                        "secondary_vocational": " (secondary vocational)",
                        "technical_school": " (technical school)"}[stype.value]
            state.sink.write("major", {"id": major_id, "name_zh": name, "name_en": theme.name_en + level_en,
                                       "major_code": major.code, "education_level": stype.value})
            major_codes[major_id] = major.occupations
            for code in major.occupations:
                state.sink.write("prepares_for", {"start": major_id, "end": code})
    low_altitude_themes = {key for (key, _), major_id in majors.items()
                           if set(major_codes[major_id]) & set(state.low_altitude)}

    district_mult = {
        # 大学城 in Shapingba, the vocational-education city in Yongchuan
        "university": {"shapingba": 5.0, "nanan": 2.0, "banan": 2.0, "yuzhong": 1.5},
        "higher_vocational": {"yongchuan": 4.0, "shapingba": 2.0, "jiangjin": 2.0, "wanzhou": 2.0},
        "secondary_vocational": {d: 2.5 for d in state.county_12},
        "technical_school": {"yongchuan": 2.0, "jiulongpo": 1.5},
    }
    n_majors, graduates = MAJORS_PER_SCHOOL, GRADUATES_PER_MAJOR
    years = PROGRAMME_YEARS
    types = [t.value for t, n in zip(SCHOOL_TYPES, state.spec.schools, strict=True) for _ in range(n)]
    # The only schools with a low-altitude major (Chongqing reports just four): vocational ones.
    vocational = [i for i, t in enumerate(types) if t != "university"]
    low_altitude_schools = set(rng.sample(vocational, min(len(vocational), state.spec.low_altitude_schools)))
    for i, school_type in enumerate(types):
        district = state.pick_district(state.district_cum(district_mult[school_type]))
        zh, en = state.unique_name(partial(_school_name, state, school_type, district))
        available = [t for t in themes_by_type[school_type] if t.key not in low_altitude_themes]
        lo, hi = n_majors[school_type]
        boost = COUNTY_THEME_BOOST if district in state.county_12 else {}
        weights = [t.popularity * boost.get(t.key, 1.0) for t in available]
        chosen = weighted_sample(rng, available, weights, rng.randint(lo, hi))
        if i in low_altitude_schools:
            chosen += [t for t in themes_by_type[school_type] if t.key in low_altitude_themes][:1]
        school_id = f"sch-{i + 1:05d}"
        students = 0
        occupations: list[str] = []
        for theme in chosen:
            major_id = majors[theme.key, school_type]
            grads = rng.randint(*graduates[school_type])
            enrolment = round(grads * rng.uniform(1.0, 1.25))  # admitted a year (招生数): more than graduate
            students += enrolment * years[school_type]
            occupations += [c for c in major_codes[major_id] if c not in occupations]
            state.sink.write("offers", {"start": school_id, "end": major_id, "graduates_per_year": grads,
                                        "enrolment": enrolment})
        founded = state.founded(1930, 35.0)
        public = school_type != "university" or rng.random() < 0.75
        lat, lng = state.position(district, 0.03)
        state.sink.write("school", {
            "id": school_id, "name_zh": zh, "name_en": en,
            "uscc": state.uscc("12" if public else "52", district, founded), "district": district,
            "lat": lat, "lng": lng, "founded": founded, "school_type": school_type, "students": students,
            "discoverable": state.discoverable(),
        })
        state.schools.append(Org(school_id, "school", zh, en, district, size=students, school_type=school_type,
                                 occupations=tuple(occupations)))
    state.progress.tick(len(types))


def _school_name(state: State, school_type: str, district: str) -> tuple[str, str]:
    rng = state.rng
    d = state.districts[district]
    place, place_en = rng.choice(PLACES)
    fld, fld_en = rng.choice(SCHOOL_FIELDS)
    if school_type == "university":
        if rng.random() < 0.4:
            return f"重庆{place}{fld}大学", f"Chongqing {place_en} {fld_en} University"
        return f"重庆{place}{fld}学院", f"Chongqing {place_en} {fld_en} College"
    if school_type == "higher_vocational":
        if rng.random() < 0.35:
            return (f"重庆{district_short_zh(d)}职业技术学院",
                    f"Chongqing {district_short_en(d)} Vocational and Technical College")
        return f"重庆{place}{fld}职业学院", f"Chongqing {place_en} {fld_en} Vocational College"
    if school_type == "secondary_vocational":
        kind, kind_en = rng.choice((
            ("职业教育中心", "Vocational Education Centre"), ("职业中学", "Vocational School"),
            ("工业学校", "Industrial School"), ("商务职业学校", "Business Vocational School"),
        ))
        return f"重庆市{d['name_zh']}{kind}", f"Chongqing {district_short_en(d)} {kind_en}"
    if rng.random() < 0.5:
        return f"重庆市{d['name_zh']}技工学校", f"Chongqing {district_short_en(d)} Technical School"
    return f"重庆{place}{fld}技师学院", f"Chongqing {place_en} {fld_en} Technician College"
