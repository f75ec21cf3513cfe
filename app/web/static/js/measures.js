// The 13 measures (技能强企13条): a region's indicators, measure by measure, with the policy's goal, a published
// figure to compare with and the data's coverage; a planner opens one indicator per district, cluster or chain.

import { api } from "./api.js";
import { lang, nameOf, t, word } from "./i18n.js";
import { downloads, el, fmt } from "./ui.js";

/** An indicator's value as a person reads it, by its unit. */
export function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  if (unit === "ratio") return `${(100 * value).toFixed(1)}%`;
  if (unit === "yuan") return `¥${fmt(value)}`;
  if (unit === "per 100 enterprises" || unit === "per 10,000 workers") return fmt(value, 1);
  return fmt(value, Number.isInteger(value) ? 0 : 2);
}

export async function renderMeasures(section, principal, arg) {
  const city = principal.role !== "chain_leader";
  const [years, chains, districts] = await Promise.all([
    api("/years"),
    api("/chains", { limit: 500 }),
    city ? api("/gaps/totals", { by: "district" }) : Promise.resolve({ items: [] }),
  ]);
  const regions = [
    ...(city ? [["city", t("wholeCity")], ["county_12", t("counties12")]] : []),
    ...chains.items.map((c) => [c.chain.id, nameOf(c.chain)]),
    ...districts.items.map((d) => [d.id, nameOf(d)]),
  ];
  const state = { region: arg || regions[0]?.[0], year: years.current };
  const regionSelect = el("select", { id: "measure-region", name: "region" },
    regions.map(([id, name]) => el("option", { value: id, selected: id === state.region }, name)));
  const yearSelect = el("select", { id: "measure-year", name: "year" },
    [...years.years].reverse().map((y) => el("option", { value: y, selected: y === state.year }, y)));
  const board = el("div", { id: "measure-board" });
  const breakdown = el("div", { id: "measure-breakdown" });
  for (const [select, key] of [[regionSelect, "region"], [yearSelect, "year"]]) {
    select.addEventListener("change", () => {
      state[key] = key === "year" ? Number(select.value) : select.value;
      draw();
    });
  }
  section.append(el("h2", {}, t("measures")), el("p", { class: "hint" }, t("measuresHelp")),
    el("div", { class: "toolbar" }, el("label", {}, t("region"), " ", regionSelect), " ",
      el("label", {}, t("year"), " ", yearSelect)), board, breakdown);

  async function draw() {
    board.replaceChildren(el("p", { class: "loading" }, t("loading")));
    breakdown.replaceChildren();
    const params = { region: state.region, ...(state.year ? { year: state.year } : {}) };
    const answer = await api("/measures", params);
    const byMeasure = new Map();
    for (const item of answer.items) {
      if (!byMeasure.has(item.measure)) byMeasure.set(item.measure, []);
      byMeasure.get(item.measure).push(item);
    }
    board.replaceChildren(
      el("p", { class: "summary" }, t("measuresOf", { region: nameOf(answer.region), year: answer.year,
        organisations: fmt(answer.organisations), enterprises: fmt(answer.enterprises) }), " ",
      downloads("/measures", params)),
      ...[...byMeasure].map(([measure, items]) => measureCard(measure, items)),
    );
  }

  function measureCard(measure, items) {
    const title = lang() === "en" ? items[0].measure_name_en : items[0].measure_name_zh;
    return el("div", { class: "card wide measure", dataset: { measure } },
      el("h3", {}, t("measureNo", { n: measure }), " ", title),
      el("table", { class: "indicators" },
        el("thead", {}, el("tr", {}, [t("indicator"), t("value"), t("goal"), t("reference"), t("reporting"),
          t("detail")].map((h) => el("th", {}, h)))),
        el("tbody", {}, items.map(indicatorRow))));
  }

  function indicatorRow(item) {
    const name = city
      ? el("button", { type: "button", class: "link indicator", dataset: { indicator: item.id },
        onclick: () => showBreakdown(item, "district") }, nameOf(item))
      : nameOf(item);
    const goal = item.goal === null || item.goal === undefined ? "–"
      : `≥ ${formatValue(item.goal, item.unit)} ${item.meets_goal === null ? "" : item.meets_goal ? "✓" : "✗"}`;
    const coverage = item.reported != null ? (item.of ? `${fmt(item.reported)} / ${fmt(item.of)}` : fmt(item.reported))
      : item.of ? t("ofPopulation", { n: fmt(item.of) }) : "–";
    return el("tr", { dataset: { indicator: item.id }, class: item.meets_goal === false ? "below-goal" : null },
      el("td", {}, name, item.city_wide ? el("small", { class: "hint" }, ` (${t("cityWide")})`) : null),
      el("td", { class: "num value" }, formatValue(item.value, item.unit), " ",
        item.unit === "ratio" ? null : el("small", { class: "hint" }, word("unit", item.unit))),
      el("td", { class: "num", title: item.goal_source ?? "" }, goal),
      el("td", { class: "num", title: item.reference_note ?? "" }, item.reference == null ? "–"
        : formatValue(item.reference, item.unit)),
      el("td", { class: "num" }, coverage),
      el("td", {}, (item.detail ?? []).join(lang() === "en" ? ", " : "、")));
  }

  async function showBreakdown(item, by) {
    breakdown.replaceChildren(el("p", { class: "loading" }, t("loading")));
    const params = { indicator: item.id, by, ...(state.year ? { year: state.year } : {}) };
    const answer = await api("/measures/breakdown", params);
    const tabs = ["district", "cluster", "chain"].map((b) => el("button", { type: "button",
      class: b === by ? "current" : null, dataset: { by: b }, onclick: () => showBreakdown(item, b) },
      t(`by_${b}`)));
    breakdown.replaceChildren(el("div", { class: "card wide", id: "breakdown-card" },
      el("h3", {}, nameOf(item), " · ", t("breakdown")),
      el("div", { class: "toolbar" }, tabs, " ", downloads("/measures/breakdown", params)),
      answer.city == null ? null : el("p", {}, t("cityValue"), ": ", formatValue(answer.city, answer.unit)),
      el("table", {}, el("thead", {}, el("tr", {}, [t(`by_${by}`), t("value"), t("reporting")]
        .map((h) => el("th", {}, h)))),
      el("tbody", {}, answer.items.map((r) => el("tr", { dataset: { id: r.id } },
        el("td", {}, nameOf(r)), el("td", { class: "num" }, formatValue(r.value, answer.unit)),
        el("td", { class: "num" }, r.of ? `${fmt(r.reported)} / ${fmt(r.of)}` : "–")))))));
    breakdown.scrollIntoView({ block: "nearest" });
  }

  await draw();
}
