// The planners' dashboard: the shortage ranking, gaps by district and by cluster, service stations on a map.

import { api, offers } from "./api.js";
import { lang, nameOf, t, word, words } from "./i18n.js";
import { el, errorBox, fmt, onLeave } from "./ui.js";

const PAGE = 20;
const COLOURS = { demand: "#c62828", supply: "#2e7d32", unmet: "#ef6c00", district: "rgba(198, 40, 40, 0.45)", station: "#1565c0",
  site: "#f9a825" };

export async function renderDashboard(section) {
  const [districts, clusters] = await Promise.all([
    api("/gaps/totals", { by: "district" }),
    api("/gaps/totals", { by: "cluster" }),
  ]);
  const ranking = el("div", { id: "shortages", class: "card wide" });
  const mapCard = el("div", { id: "station-map", class: "card wide" }, el("h3", {}, t("stationMap")));
  section.append(
    el("h2", {}, t("dashboard")),
    ranking,
    el("div", { class: "grid" },
      chartCard("district-chart", t("gapsByDistrict"), districts.items),
      chartCard("cluster-chart", t("gapsByCluster"), clusters.items)),
    mapCard,
  );
  await Promise.all([shortageRanking(ranking, clusters.items), stationMap(mapCard, districts)]);
}

// ---------------------------------------------------------------- the shortage ranking

async function shortageRanking(card, clusters) {
  const filters = { cluster: "", priority_field: "", skill_levels: "", offset: 0 };
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
      select("skill_levels", t("allLevels"), words("skill_level").map((l) => [l, word("skill_level", l)]))),
    body,
  );

  async function load() {
    let page;
    try {
      page = await api("/shortages", { ...filters, limit: PAGE });
    } catch (err) {
      body.replaceChildren(errorBox(err));
      return;
    }
    if (!page.items.length) {
      body.replaceChildren(el("p", { class: "hint" }, t("noRows")));
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
    body.replaceChildren(
      el("table", { id: "shortage-table" },
        el("thead", {}, el("tr", {}, ["rank", "occupation", "demand", "supply", "vacancyRatio", "reason"]
          .map((k) => el("th", { class: ["occupation", "reason"].includes(k) ? null : "num" }, t(k))))),
        el("tbody", {}, page.items.map((e) => el("tr", {},
          el("td", { class: "num" }, e.rank),
          el("td", {}, el("a", { href: `#/entity/${encodeURIComponent(e.occupation_id)}` },
            nameOf({ ...e, id: e.occupation_id }))),
          el("td", { class: "num" }, fmt(e.demand)),
          el("td", { class: "num" }, fmt(e.supply)),
          el("td", { class: "num" }, e.no_supply ? "∞" : fmt(e.vacancy_ratio, 2)),
          el("td", {}, e.shortage_reason ? t(`reason_${e.shortage_reason}`) : ""))))),
      el("div", { class: "pager" }, prev, " ",
        el("span", {}, t("pageOf", { from: page.offset + 1, to: page.offset + page.items.length,
          total: page.total })), " ", next),
    );
  }

  await load();
}

// ---------------------------------------------------------------- gaps as bar charts

function chartCard(id, title, regions) {
  const shown = regions.filter((r) => r.demand > 0).slice(0, 20);
  const canvas = el("canvas", { id });
  const card = el("div", { class: "card" }, el("h3", {}, title), el("div", { class: "chart" }, canvas));
  if (!shown.length) {
    card.append(el("p", { class: "hint" }, t("noRows")));
    return card;
  }
  const chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: shown.map((r) => nameOf(r)),
      datasets: [
        { label: t("demand"), data: shown.map((r) => r.demand), backgroundColor: COLOURS.demand },
        { label: t("supply"), data: shown.map((r) => r.supply), backgroundColor: COLOURS.supply },
        { label: t("unmet"), data: shown.map((r) => r.unmet_demand), backgroundColor: COLOURS.unmet },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, indexAxis: "y", plugins: { legend: { position: "top" } } },
  });
  onLeave(() => chart.destroy());
  return card;
}

// ---------------------------------------------------------------- stations on a plot of the districts

async function stationMap(card, districts) {
  const canvas = el("canvas", { id: "map-canvas" });
  const note = el("div", { id: "recommendations" });
  card.append(el("div", { class: "chart map" }, canvas), note);
  let reco = null;
  if (await offers("/stations/recommendations")) {
    try {
      reco = await api("/stations/recommendations", { k: 5 });
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
  const chart = new Chart(canvas, {
    type: "bubble",
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: t("lng") } }, y: { title: { display: true, text: t("lat") } } },
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.raw.name} ${ctx.raw.extra}` } } },
    },
  });
  onLeave(() => chart.destroy());
}

function reasonOf(site) {
  return (lang() === "en" ? site.reason_en || site.reason_zh : site.reason_zh || site.reason_en) || "";
}
