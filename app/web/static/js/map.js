// The map of Chongqing's districts (Leaflet, no tiles: the shapes are the map). A planner switches what colours the
// districts — unmet demand, the 求人倍率-style ratio, evaluation deserts, the forecast gap — and sees existing stations
// and recommended sites with their reach; hovering shows a district's numbers, a click opens its gap table. A chain
// leader sees the districts and its own chain's organisations only (what the API lets it read).

import { api, offers } from "./api.js";
import { lang, nameOf, t, word, words } from "./i18n.js";
import { downloads, el, errorBox, fmt, onLeave, reportButton } from "./ui.js";

const SCALE = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#e6550d", "#a63603"];
const NONE = "#eeeeee";
const LINK_COLOURS = { industry: "#c62828", teaching: "#1565c0", training: "#2e7d32", evaluation: "#6a1b9a",
  employment: "#ef6c00" };
const LAYERS = [
  ["unmet_demand", "layerUnmet"],
  ["vacancy_ratio", "layerRatio"],
  ["desert_headcount", "layerDeserts"],
  ["forecast_gap", "layerForecast"],
];

/** Five classes by quantile of the positive values; 0 and missing values get the lightest and grey. */
function classes(values) {
  const sorted = values.filter((v) => v != null && v > 0).sort((a, b) => a - b);
  if (!sorted.length) return [];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

function colour(value, breaks) {
  if (value == null) return NONE;
  if (value <= 0) return SCALE[0];
  let i = 1;
  while (i < SCALE.length - 1 && value > breaks[i - 1]) i += 1;
  return SCALE[i];
}

export async function renderMap(section, principal, arg) {
  const city = principal.role !== "chain_leader";
  const shapes = await api("/map/shapes");
  const holder = el("div", { id: "district-map", class: "map-canvas" });
  const side = el("div", { id: "map-side" });
  const toolbar = el("div", { class: "toolbar", id: "map-layers" });
  const detail = el("div", { id: "district-detail", class: "card wide" }, el("p", { class: "hint" }, t("clickDistrict")));
  section.append(el("h2", {}, t("map")), toolbar, el("div", { class: "map-row" }, holder, side), detail);

  const map = L.map(holder, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
  onLeave(() => map.remove());
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t("shapesSource"));
  const districtLayer = L.geoJSON(shapes.districts, {
    style: () => ({ color: "#555", weight: 1, fillColor: NONE, fillOpacity: 0.85 }),
    onEachFeature: (feature, layer) => {
      layer.options.className = `district district-${feature.properties.id}`;
    },
  }).addTo(map);
  L.geoJSON(shapes.areas, {
    interactive: false,
    style: () => ({ color: "#222", weight: 3, dashArray: "8 5", fill: false, className: "area-outline" }),
  }).addTo(map);
  map.fitBounds(districtLayer.getBounds(), { padding: [8, 8] });
  const byId = {};
  districtLayer.eachLayer((layer) => {
    byId[layer.feature.properties.id] = layer;
  });
  const districtOf = (id) => byId[id]?.feature.properties ?? { id };
  // the special zones: points only (no published boundaries), named with the districts they span
  L.layerGroup((shapes.special_zones ?? []).filter((z) => z.lat != null).map((z) => L.marker([z.lat, z.lng], {
    icon: L.divIcon({ className: "zone-marker", html: "◆", iconSize: [14, 14] }), keyboard: false,
  }).bindTooltip(`${escape(nameOf(z))}<br>${escape(t("specialZone", { districts: (z.parent_district_ids ?? [])
    .map((id) => nameOf(districtOf(id))).join(lang() === "en" ? ", " : "、") }))}`))).addTo(map);
  const centreOf = (id) => {
    const p = byId[id]?.feature.properties;
    return p && p.lat != null ? [p.lat, p.lng] : null;
  };

  if (!city) {
    await chainLeaderMap({ map, byId, centreOf, side, detail, toolbar, principal, arg });
    return;
  }

  const years = await api("/years");
  const params = years.current ? { year: years.current } : {};
  const [totals, forecast] = await Promise.all([
    api("/gaps/totals", { by: "district", ...params }),
    years.current ? api("/gaps/totals", { by: "district", horizon: 1 }).catch(() => null) : null,
  ]);
  const rows = Object.fromEntries(totals.items.map((r) => [r.id, r]));
  if (forecast) for (const r of forecast.items) if (rows[r.id]) rows[r.id].forecast_gap = r.forecast_gap;
  const state = { layer: "unmet_demand" };
  const legend = el("div", { id: "map-legend", class: "legend" });

  function paint() {
    const values = Object.keys(byId).map((id) => rows[id]?.[state.layer]);
    const breaks = classes(values);
    for (const [id, layer] of Object.entries(byId)) {
      const row = rows[id];
      const value = row ? row[state.layer] : null;
      const fill = state.layer === "vacancy_ratio" && row && row.demand > 0 && row.supply === 0
        ? SCALE[SCALE.length - 1] : colour(value, breaks);
      layer.setStyle({ fillColor: fill });
      layer.getElement()?.setAttribute("data-value", value ?? "");
    }
    const digits = state.layer === "vacancy_ratio" ? 2 : 0;
    const bounds = [0, ...breaks];
    legend.replaceChildren(el("strong", {}, t(LAYERS.find(([k]) => k === state.layer)[1])),
      ...SCALE.map((c, i) => (i === 0 || (bounds[i - 1] !== undefined && (i === 1 || bounds[i - 1] > bounds[i - 2]))
        ? el("span", { class: "swatch-row" }, el("i", { class: "swatch", style: `background:${c}` }),
          i === 0 ? "0" : `> ${fmt(bounds[i - 1], digits)}`) : null)).filter(Boolean),
      state.layer === "vacancy_ratio" ? el("span", { class: "swatch-row" },
        el("i", { class: "swatch", style: `background:${SCALE[SCALE.length - 1]}` }), `∞ · ${word("shortage_reason", "no_supply")}`) : "",
      el("span", { class: "swatch-row" }, el("i", { class: "swatch", style: `background:${NONE}` }), t("noData")),
      el("span", { class: "swatch-row" }, el("i", { class: "swatch outline" }), t("areas")));
  }

  for (const [key, label] of LAYERS) {
    if (key === "forecast_gap" && !forecast) continue;
    const input = el("input", { type: "radio", name: "map-layer", value: key, id: `layer-${key}`,
      checked: key === state.layer });
    input.addEventListener("change", () => {
      state.layer = key;
      paint();
    });
    toolbar.append(el("label", { class: "layer" }, input, " ", t(label)));
  }

  for (const [id, layer] of Object.entries(byId)) {
    const row = rows[id];
    const name = nameOf({ ...layer.feature.properties });
    layer.bindTooltip(() => tooltip(name, row), { sticky: true });
    layer.on("click", () => districtGaps(detail, id, name, params));
  }

  // existing stations and recommended sites with their reach
  const stations = L.layerGroup(totals.stations.filter((s) => s.lat != null).map((s) =>
    L.circleMarker([s.lat, s.lng], { radius: 5, color: "#0d47a1", fillColor: "#1565c0", fillOpacity: 1,
      className: "station" }).bindTooltip(`${t("stations")}: ${nameOf(s)}`))).addTo(map);
  const overlays = { [t("stations")]: stations };
  if (await offers("/stations/recommendations")) {
    try {
      const reco = await api("/stations/recommendations", { k: 5, ...params });
      const sites = L.layerGroup(reco.items.flatMap((s) => [
        L.circle([s.lat, s.lng], { radius: (reco.radius_km ?? 0) * 1000, color: "#f9a825", weight: 1,
          fillOpacity: 0.08, interactive: false }),
        L.circleMarker([s.lat, s.lng], { radius: 8, color: "#000", weight: 1, fillColor: "#f9a825", fillOpacity: 1,
          className: "site" }).bindTooltip(`${t("recommended")} ${s.rank}: ${nameOf(s)} · ${t("gain")} ${fmt(s.marginal_gain)}`),
      ])).addTo(map);
      overlays[t("recommendedReach", { km: fmt(reco.radius_km) })] = sites;
      side.append(el("div", { class: "card" }, el("h3", {}, t("recommended")),
        el("p", {}, t("coveredBefore", { before: fmt(reco.covered_before), after: fmt(reco.covered_after),
          total: fmt(reco.unmet_total) })),
        el("ol", { id: "sites" }, reco.items.map((s) => el("li", {}, nameOf(s), ` · ${t("gain")} ${fmt(s.marginal_gain)}`))),
        downloads("/stations/recommendations", { k: 5, ...params })));
    } catch (err) {
      side.append(errorBox(err));
    }
  }
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);
  side.prepend(legend);
  paint();
  if (arg && byId[arg]) await districtGaps(detail, arg, nameOf(byId[arg].feature.properties), params);
}

function tooltip(name, row) {
  if (!row) return `<strong>${escape(name)}</strong><br>${escape(t("noData"))}`;
  const line = (key, value, digits = 0) => `${escape(t(key))}: ${escape(fmt(value, digits))}`;
  return [`<strong>${escape(name)}</strong>`, line("demand", row.demand), line("graduates", row.graduates),
    line("trainingCapacity", row.training_capacity), line("unmet", row.unmet_demand),
    `${escape(t("vacancyRatio"))}: ${row.vacancy_ratio == null ? (row.demand ? "∞" : "–") : escape(fmt(row.vacancy_ratio, 2))}`,
    line("layerDeserts", row.desert_headcount),
    row.forecast_gap != null ? line("layerForecast", row.forecast_gap) : null].filter(Boolean).join("<br>");
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** A district's gap table under the map, with its downloads. */
async function districtGaps(card, id, name, params) {
  card.replaceChildren(el("h3", {}, t("gapTableOf", { name })), el("p", { class: "loading" }, t("loading")));
  let page;
  try {
    page = await api("/gaps", { region: id, limit: 20, ...params });
  } catch (err) {
    card.replaceChildren(el("h3", {}, name), errorBox(err));
    return;
  }
  const headers = ["occupation", "demand", "graduates", "trainingCapacity", "evaluationCapacity", "vacancyRatio",
    "reason"];
  card.replaceChildren(
    el("h3", {}, t("gapTableOf", { name })),
    el("table", { id: "district-gap-table", dataset: { district: id } },
      el("thead", {}, el("tr", {}, headers.map((k) => el("th", { class: ["occupation", "reason"].includes(k) ? null : "num" },
        t(k))))),
      el("tbody", {}, page.items.map((g) => el("tr", {},
        el("td", {}, el("a", { href: `#/entity/${encodeURIComponent(g.occupation_id)}` },
          nameOf({ ...g, id: g.occupation_id }))),
        el("td", { class: "num" }, fmt(g.demand)),
        el("td", { class: "num" }, fmt(g.graduates)),
        el("td", { class: "num" }, fmt(g.training_capacity)),
        el("td", { class: "num" }, fmt(g.evaluation_capacity)),
        el("td", { class: "num" }, g.no_supply ? "∞" : fmt(g.vacancy_ratio, 2)),
        el("td", {}, g.shortage_reason ? word("shortage_reason", g.shortage_reason) : ""))))),
    el("p", { class: "hint" }, t("pageOf", { from: page.items.length ? 1 : 0, to: page.items.length, total: page.total })),
    el("div", { class: "toolbar" }, downloads("/gaps", { region: id, limit: 1000, ...params }), " ",
      reportButton(`/reports/districts/${encodeURIComponent(id)}`)),
  );
}

/** A chain leader's map: its chain's organisations by link, at their place (or their district's centre). */
async function chainLeaderMap({ map, byId, centreOf, side, detail, toolbar, principal, arg }) {
  const chains = principal.chain_ids;
  const chainId = chains.includes(arg) ? arg : chains[0];
  if (!chainId) {
    side.append(el("p", { class: "hint" }, t("noChains")));
    return;
  }
  if (chains.length > 1) {
    const select = el("select", { id: "map-chain" }, chains.map((c) => el("option", { value: c, selected: c === chainId }, c)));
    select.addEventListener("change", () => {
      location.hash = `#/map/${encodeURIComponent(select.value)}`;
    });
    toolbar.append(el("label", {}, t("chain"), " ", select));
  }
  const coverage = await api(`/chains/${encodeURIComponent(chainId)}/coverage`);
  const perDistrict = {};
  const markers = [];
  const placedAround = {};
  for (const [link, members] of Object.entries(coverage.members_by_link)) {
    for (const m of members) {
      if (m.district) (perDistrict[m.district] ??= []).push({ ...m, link });
      const at = m.lat != null ? [m.lat, m.lng] : centreOf(m.district);
      if (!at) continue;
      // members without coordinates ring their district's centre, so that each stays visible
      const n = m.lat != null ? 0 : (placedAround[m.district] = (placedAround[m.district] ?? 0) + 1);
      const ring = 0.06 * (1 + Math.floor((n - 1) / 12));
      const spread = n ? [ring * Math.sin((n - 1) * Math.PI / 6), ring * Math.cos((n - 1) * Math.PI / 6)] : [0, 0];
      markers.push(L.circleMarker([at[0] + spread[0], at[1] + spread[1]], {
        radius: m.is_leader ? 8 : 5, color: "#000", weight: m.is_leader ? 2 : 0.5, fillColor: LINK_COLOURS[link],
        fillOpacity: 0.9, className: "member",
      }).bindTooltip(`${m.name_zh ?? m.id} · ${word("link_role", link)}`));
    }
  }
  const group = L.featureGroup(markers).addTo(map);
  for (const [id, layer] of Object.entries(byId)) {
    const here = perDistrict[id] ?? [];
    layer.setStyle({ fillColor: here.length ? SCALE[1] : NONE });
    const name = nameOf(layer.feature.properties);
    layer.bindTooltip(`<strong>${escape(name)}</strong><br>${escape(t("members"))}: ${here.length}`, { sticky: true });
    layer.on("click", () => {
      detail.replaceChildren(el("h3", {}, `${name} · ${coverage.chain.name_zh ?? chainId}`),
        here.length ? el("ul", { id: "district-members" }, here.map((m) => el("li", {},
          el("a", { href: `#/entity/${encodeURIComponent(m.id)}` }, m.name_zh ?? m.id), ` · ${word("link_role", m.link)}`)))
          : el("p", { class: "hint" }, t("noMembersHere")));
    });
  }
  if (markers.length) map.fitBounds(group.getBounds(), { padding: [60, 60], maxZoom: 9 });
  side.append(el("div", { class: "card legend", id: "map-legend" }, el("strong", {}, nameOf(coverage.chain)),
    ...words("link_role").map((l) => el("span", { class: "swatch-row" },
      el("i", { class: "swatch", style: `background:${LINK_COLOURS[l]}` }), word("link_role", l))),
    el("p", { class: "hint" }, t("membersPlaced"))));
}
