"""Enterprises' PARTNERS_WITH schools and training providers: internships, apprenticeships, classes, colleges."""

import datetime as dt
from itertools import accumulate

from graph_model.enums import EnterpriseRole, PartnershipKind

from .spec import LATEST_DATE
from .state import Org, State
from .tables import APPRENTICE_SHARE_CAP, PARTNERSHIP_KINDS


def generate_partnerships(state: State) -> None:
    state.progress.phase("partnerships")
    rng = state.rng
    kinds = [k for k, *_ in PARTNERSHIP_KINDS]
    kind_cum = list(accumulate(w for _, w, *_ in PARTNERSHIP_KINDS))
    trainees = {k: t for k, _, t, _ in PARTNERSHIP_KINDS}
    # ISO dates from each kind's first year to the end of 2025, drawn by index (a million-row hot path).
    days = [dt.date.fromordinal(o).isoformat()
            for o in range(dt.date(min(y for *_, y in PARTNERSHIP_KINDS), 1, 1).toordinal(),
                           LATEST_DATE.toordinal() + 1)]
    first_day = {k: days.index(f"{y}-01-01") for k, _, _, y in PARTNERSHIP_KINDS}
    form_of = {PartnershipKind.INTERNSHIP: "internship", PartnershipKind.INDUSTRY_COLLEGE: "college",
               PartnershipKind.ORDER_CLASS: "class", PartnershipKind.NAMED_CLASS: "class"}
    # Counterpart weights by school type for each cooperation form; same district ×4.
    forms: dict[str, tuple[list[Org], list[float]]] = {
        "internship": (state.schools, [{"university": 3, "higher_vocational": 3}.get(s.school_type, 1.5)
                                       for s in state.schools]),
        "class": (state.schools, [{"university": 0.3, "higher_vocational": 3}.get(s.school_type, 2.0)
                                  for s in state.schools]),
        "college": (state.schools, [{"university": 1.0, "higher_vocational": 2.0}.get(s.school_type, 0.0)
                                    for s in state.schools]),
        "apprentice_school": (state.schools, [{"technical_school": 3.0, "secondary_vocational": 1.0,
                                               "higher_vocational": 1.0}.get(s.school_type, 0.0)
                                              for s in state.schools]),
        "apprentice_tp": (state.trainers, [1.0] * len(state.trainers)),
    }
    cums: dict[tuple[str, str], list[float]] = {}
    for form, (orgs, weights) in forms.items():
        for d in state.district_ids:
            cums[form, d] = list(accumulate(w * (4.0 if o.district == d else 1.0) for o, w in zip(orgs, weights,
                                                                                                    strict=True)))
    write = state.sink.writer_for("partners_with", ("start", "end", "kind", "trainees", "since"))
    for n_done, ent in enumerate(state.enterprises):
        if EnterpriseRole.CHAIN_LEADER in ent.roles:
            n = rng.randint(30, 80)
        elif EnterpriseRole.INDUSTRY_LEADER in ent.roles:
            n = rng.randint(10, 30)
        elif EnterpriseRole.LITTLE_GIANT in ent.roles:
            n = rng.randint(5, 14)
        elif ent.roles:
            n = rng.randint(4, 10)
        else:
            n = rng.choice((0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 8, 10))
        seen: set[tuple[str, str]] = set()
        big = ent.size >= 500
        for _ in range(n):
            kind = rng.choices(kinds, cum_weights=kind_cum)[0]
            if kind == PartnershipKind.INDUSTRY_COLLEGE and not big:
                kind = PartnershipKind.ORDER_CLASS
            if kind == PartnershipKind.APPRENTICESHIP:
                # New apprenticeships run with a training provider or a (technical) school.
                form = "apprentice_tp" if rng.random() < 0.5 else "apprentice_school"
            else:
                form = form_of[kind]
            orgs = forms[form][0]
            if not orgs:
                continue
            partner = rng.choices(orgs, cum_weights=cums[form, ent.district])[0]
            if (partner.id, kind.value) in seen:
                continue
            seen.add((partner.id, kind.value))
            first = first_day[kind]
            count = rng.randint(*trainees[kind])
            if kind == PartnershipKind.APPRENTICESHIP:  # apprentices are a small share of a firm's staff
                count = min(count, max(1, round(ent.size * APPRENTICE_SHARE_CAP)))
            since = days[first + int(rng.random() * (len(days) - first))]
            write((ent.id, partner.id, kind.value, str(count), since))
            if kind == PartnershipKind.APPRENTICESHIP:
                state.apprenticeships.append((ent, count, since))
        if n_done % 1000 == 999:
            state.progress.tick(3000)
