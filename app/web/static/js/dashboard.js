// The planners' dashboard: a year to read, the shortage ranking (today's or by forecast gap), gaps by district and
// by cluster, a trend with its forecast fan, service stations on a map.

import { api, offers } from "./api.js";
import { lang, nameOf, t, word, words } from "./i18n.js";
import { downloads, el, errorBox, fmt, onLeave } from "./ui.js";

const PAGE = 20;
const COLOURS = { demand: "#c62828", supply: "#2e7d32", unmet: "#ef6c00", district: "rgba(198, 40, 40, 0.45)", station: "#1565c0",
  site: "#f9a825", forecast: "#6a1b9a", band: "rgba(106, 27, 154, 0.18)", plan: "#00838f" };

const live = [];

/** Keep a chart to destroy when the dashboard is redrawn or left. */
function track(chart) {
  live.push(chart);
  return chart;
}

function dropCharts() {
  while (live.length) live.pop().destroy();
}

/** Destroy one kept chart now (a chart redrawn in place). */
function drop(chart) {
  if (!chart) return;
  const at = live.indexOf(chart);
  if (at >= 0) {
    live.splice(at, 1);
    chart.destroy();
  }
}

export async function renderDashboard(section) {
  const years = await api("/years");
  const state = { year: years.current };
  const content = el("div", { id: "dashboard-content" });
  const yearSelect = el("select", { id: "filter-year", name: "year" },
    [...years.years].reverse().map((y) => el("option", { value: y, selected: y === state.year }, y)),
    years.plan_years.map((y) => el("option", { value: y }, t("planYear", { year: y }))));
  yearSelect.addEventListener("change", () => {
    state.year = Number(yearSelect.value);
    draw();
  });
  section.append(el("h2", {}, t("dashboard")),
    el("div", { class: "toolbar" }, el("label", {}, t("year"), " ", yearSelect)), content);
  onLeave(dropCharts);

  async function draw() {
    dropCharts();
    content.replaceChildren(el("p", { class: "loading" }, t("loading")));
    const params = state.year ? { year: state.year } : {};
    const [districts, clusters] = await Promise.all([
      api("/gaps/totals", { by: "district", ...params }),
      api("/gaps/totals", { by: "cluster", ...params }),
    ]);
    const ranking = el("div", { id: "shortages", class: "card wide" });
    const trend = el("div", { id: "trend-card", class: "card wide" }, el("h3", {}, t("trendTitle")));
    const mapCard = el("div", { id: "station-map", class: "card wide" }, el("h3", {}, t("stationMap")));
    content.replaceChildren(
      ranking,
      el("div", { class: "grid" },
        chartCard("district-chart", t("gapsByDistrict"), districts.items, { by: "district", ...params }),
        chartCard("cluster-chart", t("gapsByCluster"), clusters.items, { by: "cluster", ...params })),
      trend,
      mapCard,
    );
    await Promise.all([
      shortageRanking(ranking, clusters.items, state.year, years.current),
      trendCard(trend, districts.items),
      stationMap(mapCard, districts, params),
    ]);
  }

  await draw();
}

// ---------------------------------------------------------------- the shortage ranking

async function shortageRanking(card, clusters, year, current) {
  const filters = { cluster: "", priority_field: "", skill_levels: "", horizon: "", offset: 0 };
  const select = (name, all, options) => {
    const s = el("select", { id: `filter-${name}`, name },
      el("option", { value: "" }, all), options.map(([value, label]) => el("option", { value }, label)));
    s.addEventListener("change", () => {
      filters[name] = s.value;
      filters.offset = 0;
      load();
    });
    return s;
  };
  const body = el("div");
  card.append(
    el("h3", {}, t("shortages")),
    el("div", { class: "toolbar" },
      select("cluster", t("allClusters"), clusters.map((c) => [c.id, nameOf(c)])),
      select("priority_field", t("allFields"), words("priority_field").map((f) => [f, word("priority_field", f)])),
      select("skill_levels", t("allLevels"), words("skill_level").map((l) => [l, word("skill_level", l)])),
      // forecasts run from the current year: offered when that is the year shown
      year === current && current
        ? select("horizon", t("now"), [1, 2, 3].map((n) => [String(n), t("inYears", { n, year: current + n })]))
        : null),
    body,
  );

  async function load() {
    let page;
    try {
      // today's ranking by unmet headcount, so that the first page says where most people are missing; occupations
      // nothing supplies are flagged in their row rather than all tied at the top
      page = await api("/shortages", { ...filters, year: filters.horizon ? "" : year, limit: PAGE,
        order: filters.horizon ? "" : "unmet" });
    } catch (err) {
      body.replaceChildren(errorBox(err));
      return;
    }
    const notForecast = page.horizon && page.too_short
      ? el("p", { class: "hint", id: "too-short" }, t("tooShortCount", { n: page.too_short })) : null;
    if (!page.items.length) {
      body.replaceChildren(el("p", { class: "hint" }, t(page.horizon ? "noForecastRows" : "noRows")), notForecast ?? "");
      return;
    }
    const prev = el("button", { type: "button", id: "prev", disabled: page.offset === 0 }, t("previous"));
    const next = el("button", { type: "button", id: "next", disabled: page.offset + page.limit >= page.total },
      t("next"));
    prev.addEventListener("click", () => {
      filters.offset = Math.max(0, page.offset - PAGE);
      load();
    });
    next.addEventListener("click", () => {
      filters.offset = page.offset + PAGE;
      load();
    });
    const table = page.horizon ? forecastTable(page) : el("table", { id: "shortage-table" },
        el("thead", {}, el("tr", {}, ["rank", "occupation", "demand", "graduates", "trainingCapacity", "unmet",
          "vacancyRatio", "reason"]
          .map((k) => el("th", { class: ["occupation", "reason"].includes(k) ? null : "num" }, t(k))))),
        el("tbody", {}, page.items.map((e) => el("tr", {},
          el("td", { class: "num" }, e.rank),
          el("td", {}, el("a", { href: `#/entity/${encodeURIComponent(e.occupation_id)}` },
            nameOf({ ...e, id: e.occupation_id }))),
          el("td", { class: "num" }, fmt(e.demand)),
          el("td", { class: "num" }, fmt(e.graduates)),
          el("td", { class: "num" }, fmt(e.training_capacity)),
          el("td", { class: "num" }, el("strong", {}, fmt(e.unmet))),
          el("td", { class: "num" }, e.no_supply ? el("span", { class: "badge no-supply" }, word("shortage_reason", "no_supply"))
            : fmt(e.vacancy_ratio, 2)),
          el("td", {}, e.shortage_reason ? word("shortage_reason", e.shortage_reason) : "")))));
    body.replaceChildren(
      table,
      notForecast ?? "",
      downloads("/shortages", { ...filters, year: filters.horizon ? "" : year, offset: 0, limit: 1000,
        order: filters.horizon ? "" : "unmet" }),
      el("div", { class: "pager" }, prev, " ",
        el("span", {}, t("pageOf", { from: page.offset + 1, to: page.offset + page.items.length,
          total: page.total })), " ", next),
    );
  }

  await load();
}

function occupationLink(e) {
  return el("a", { href: `#/entity/${encodeURIComponent(e.occupation_id)}` }, nameOf({ ...e, id: e.occupation_id }));
}

function range(mean, lo, hi) {
  return `${fmt(mean)} (${fmt(lo)}–${fmt(hi)})`;
}

/** The ranking by forecast gap: forecast demand and gap with their intervals, projected supply. */
function forecastTable(page) {
  return el("table", { id: "shortage-table", class: "forecast" },
    el("thead", {}, el("tr", {}, ["rank", "occupation", "forecastDemand", "projectedSupply", "forecastGap",
      "shortageFlag"].map((k) => el("th", { class: k === "occupation" ? null : "num" }, t(k))))),
    el("tbody", {}, page.items.map((e) => el("tr", {},
      el("td", { class: "num" }, e.rank),
      el("td", {}, occupationLink(e)),
      el("td", { class: "num" }, range(e.demand, e.demand_lo, e.demand_hi)),
      el("td", { class: "num" }, fmt(e.supply)),
      el("td", { class: "num" }, range(e.gap, e.gap_lo, e.gap_hi)),
      el("td", { class: "num" }, e.shortage ? (e.no_supply ? word("shortage_reason", "no_supply") : "✓") : "")))));
}

// ---------------------------------------------------------------- a trend and its forecast fan

async function trendCard(card, districtItems) {
  const regions = [["city", t("city")], ...["main_city", "yudongbei", "yudongnan"].map((a) => [a, t(`area_${a}`)]),
    ...districtItems.map((d) => [d.id, nameOf(d)])];
  const regionSelect = el("select", { id: "trend-region" }, regions.map(([v, label]) => el("option", { value: v }, label)));
  const occupationSelect = el("select", { id: "trend-occupation" });
  const canvas = el("canvas", { id: "trend-chart" });
  const note = el("div", { id: "trend-note" });
  card.append(el("div", { class: "toolbar" }, el("label", {}, t("region"), " ", regionSelect), " ",
    el("label", {}, t("occupation"), " ", occupationSelect)), el("div", { class: "chart" }, canvas), note);
  let chart = null;

  async function occupations() {
    let trends;
    try {
      trends = await api("/trends", { region: regionSelect.value, limit: 50 });
    } catch (err) {
      note.replaceChildren(errorBox(err));
      return;
    }
    occupationSelect.replaceChildren(...trends.items.map((r) => el("option", { value: r.occupation_id },
      `${nameOf({ ...r, id: r.occupation_id })} · ${word("trend", r.trend)}`)));
    if (!trends.items.length) {
      drop(chart);
      chart = null;
      note.replaceChildren(el("p", { class: "hint" }, t("noHistory")));
      return;
    }
    await drawTrend();
  }

  async function drawTrend() {
    const params = { region: regionSelect.value, occupation: occupationSelect.value };
    let trends;
    let forecasts;
    try {
      [trends, forecasts] = await Promise.all([api("/trends", params), api("/forecasts", { ...params, horizon: 3 })]);
    } catch (err) {
      note.replaceChildren(errorBox(err));
      return;
    }
    const trend = trends.items[0];
    const found = forecasts.items[0];
    const points = found ? found.points : [];
    const labels = [...trends.years, ...points.map((p) => p.year)];
    const pad = (values, before) => [...Array(before).fill(null), ...values];
    const n = trends.years.length;
    const last = trend ? trend.demand[n - 1] : null;
    // the fan starts at the last year had, so the band and the forecast line join the history
    const joined = (key) => pad([last, ...points.map((p) => p[key])], n - 1);
    const datasets = [
      { label: t("actualDemand"), data: trend ? trend.demand : [], borderColor: COLOURS.demand,
        backgroundColor: COLOURS.demand },
      { label: t("band"), data: joined("lo"), borderColor: "transparent", backgroundColor: COLOURS.band, pointRadius: 0,
        fill: false },
      { label: t("band"), data: joined("hi"), borderColor: "transparent", backgroundColor: COLOURS.band, pointRadius: 0,
        fill: "-1" },
      { label: t("forecastMean"), data: joined("demand"), borderColor: COLOURS.forecast,
        backgroundColor: COLOURS.forecast, borderDash: [6, 4] },
      { label: t("supplyNow"), data: [...(trend ? trend.supply : Array(n).fill(null)), ...points.map((p) => p.supply)],
        borderColor: COLOURS.supply, backgroundColor: COLOURS.supply, stepped: true, pointRadius: 0 },
      { label: t("plans"), data: pad(points.map((p) => p.planned), n), borderColor: COLOURS.plan,
        backgroundColor: COLOURS.plan, showLine: false, pointStyle: "rectRot", pointRadius: 6 },
    ];
    drop(chart);
    chart = track(new Chart(canvas, {
      type: "line",
      data: { labels, datasets },
      options: { animation: false, maintainAspectRatio: false, spanGaps: false,
        plugins: { legend: { position: "top", labels: { filter: (item) => item.datasetIndex !== 1 } } } },
    }));
    const short = forecasts.too_short[0];
    note.replaceChildren(
      trend ? el("p", { id: "trend-flag" }, `${t("trend")}: `, el("strong", {}, word("trend", trend.trend)),
        ` — ${lang() === "en" ? trends.rule : trends.rule_zh}`) : "",
      short ? el("p", { class: "hint", id: "trend-too-short" }, t("tooShort", { reason: short.reason })) : "",
      el("p", { class: "hint" }, t("forecastNote")));
  }

  regionSelect.addEventListener("change", occupations);
  occupationSelect.addEventListener("change", drawTrend);
  await occupations();
}

// ---------------------------------------------------------------- gaps as bar charts

function chartCard(id, title, regions, query) {
  // demand against each part of supply in one unit (people a year), most unmet first; a log scale on request,
  // since graduates can be many times the demand
  const shown = regions.filter((r) => r.demand > 0).sort((a, b) => b.unmet_demand - a.unmet_demand || b.demand - a.demand)
    .slice(0, 15);
  const canvas = el("canvas", { id });
  const log = el("input", { type: "checkbox", id: `${id}-log` });
  const card = el("div", { class: "card" }, el("h3", {}, title),
    el("div", { class: "toolbar" }, el("label", { class: "hint" }, log, " ", t("logScale")), " ",
      downloads("/gaps/totals", query)),
    el("div", { class: "chart" }, canvas));
  if (!shown.length) {
    card.append(el("p", { class: "hint" }, t("noRows")));
    return card;
  }
  const chart = track(new Chart(canvas, {
    type: "bar",
    data: {
      labels: shown.map((r) => nameOf(r)),
      datasets: [
        { label: t("demand"), data: shown.map((r) => r.demand), backgroundColor: COLOURS.demand },
        { label: t("unmet"), data: shown.map((r) => r.unmet_demand), backgroundColor: COLOURS.unmet },
        { label: t("graduates"), data: shown.map((r) => r.graduates), backgroundColor: COLOURS.supply },
        { label: t("trainingCapacity"), data: shown.map((r) => r.training_capacity), backgroundColor: COLOURS.plan },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { position: "top" } },
      scales: { x: { type: "linear", title: { display: true, text: t("peoplePerYear") } } } },
  }));
  log.addEventListener("change", () => {
    chart.options.scales.x.type = log.checked ? "logarithmic" : "linear";
    chart.update();
  });
  return card;
}

// ---------------------------------------------------------------- stations on a plot of the districts

async function stationMap(card, districts, params) {
  const canvas = el("canvas", { id: "map-canvas" });
  const note = el("div", { id: "recommendations" });
  card.append(el("div", { class: "chart map" }, canvas), note);
  let reco = null;
  if (await offers("/stations/recommendations")) {
    try {
      reco = await api("/stations/recommendations", { k: 5, ...params });
    } catch (err) {
      note.append(errorBox(err));
    }
  } else {
    note.append(el("p", { class: "hint", id: "reco-unavailable" }, t("recommendationsUnavailable")));
  }
  const placed = districts.items.filter((r) => r.lat != null && r.lng != null);
  const largest = Math.max(1, ...placed.map((r) => r.unmet_demand));
  const datasets = [
    { label: t("districtsSized"), backgroundColor: COLOURS.district,
      data: placed.map((r) => ({ x: r.lng, y: r.lat, r: 3 + 22 * Math.sqrt(r.unmet_demand / largest), name: nameOf(r),
        extra: `${t("unmet")} ${fmt(r.unmet_demand)}` })) },
    { label: t("stations"), backgroundColor: COLOURS.station, pointStyle: "triangle",
      data: districts.stations.filter((s) => s.lat != null).map((s) => ({ x: s.lng, y: s.lat, r: 7, name: nameOf(s),
        extra: "" })) },
  ];
  if (reco) {
    datasets.push({ label: t("recommended"), backgroundColor: COLOURS.site, pointStyle: "star", borderColor: "#000",
      data: reco.items.map((s) => ({ x: s.lng, y: s.lat, r: 10, name: nameOf(s),
        extra: `${t("gain")} ${fmt(s.marginal_gain)}` })) });
    note.append(
      el("p", {}, t("coveredBefore", { before: fmt(reco.covered_before), after: fmt(reco.covered_after),
        total: fmt(reco.unmet_total) })),
      el("ol", { id: "sites" }, reco.items.map((s) => el("li", {}, el("strong", {}, nameOf(s)),
        ` · ${t("gain")} ${fmt(s.marginal_gain)} · `, reasonOf(s)))),
    );
  }
  track(new Chart(canvas, {
    type: "bubble",
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: t("lng") } }, y: { title: { display: true, text: t("lat") } } },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.raw.name} ${ctx.raw.extra}` } } },
    },
  }));
}

function reasonOf(site) {
  return (lang() === "en" ? site.reason_en || site.reason_zh : site.reason_zh || site.reason_en) || "";
}
