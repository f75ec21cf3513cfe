// A chain's network in lanes: the five links left to right, members grouped by link, partners, stations and platforms\n// last; missing links called out with the partners worth inviting drawn in their lane; filter by link, search inside\n// the chain, a node's detail on click.

import { api } from "./api.js";
import { lang, nameOf, t, word, words } from "./i18n.js";
import { entityDetail } from "./search.js";
import { downloads, el, errorBox, fmt, onLeave, reportButton } from "./ui.js";

export const LINK_COLOURS = {
  industry: "#1f77b4",
  teaching: "#2ca02c",
  training: "#ff7f0e",
  evaluation: "#9467bd",
  employment: "#8c564b",
  none: "#9e9e9e",
};
const CENTRE_COLOUR = "#c62828";

export async function renderNetwork(section, me, chainId) {
  const chains = (await api("/chains", { limit: 200 })).items;
  if (!chainId) {
    const first = chains[0]?.chain.id;
    if (!first) {
      section.append(el("p", {}, t("noChains")));
      return;
    }
    location.replace(`#/network/${encodeURIComponent(first)}`);
    return;
  }
  section.append(chainPicker(chains, chainId));
  // A chain outside the key's chains answers 404 like one that does not exist: show that answer.
  const [network, coverage] = await Promise.all([
    api(`/chains/${encodeURIComponent(chainId)}/network`),
    api(`/chains/${encodeURIComponent(chainId)}/coverage`),
  ]);
  // whom to invite for a missing teaching, training or evaluation link (drawn in that lane, dashed)
  const missing = new Set(coverage.missing_links);
  const invitable = ["teaching", "training", "evaluation"].some((l) => missing.has(l));
  const partners = invitable ? await api(`/partners/${encodeURIComponent(chainId)}`, { limit: 30 }).catch(() => null)
    : null;
  const suggested = suggestions(partners, missing);
  const canvas = el("div", { id: "graph", class: "graph" });
  const detail = el("aside", { id: "detail", class: "detail card" }, el("p", { class: "hint" }, t("clickNode")));
  const tools = el("div", { class: "toolbar", id: "network-tools" });
  section.append(
    el("h2", {}, nameOf(coverage.chain)),
    banners(network, coverage, suggested),
    tools,
    el("div", { class: "network" }, canvas, el("div", { class: "side" }, legend(coverage), coverageTable(coverage),
      el("div", {}, downloads(`/chains/${encodeURIComponent(chainId)}/coverage`), " ",
        reportButton(`/reports/chains/${encodeURIComponent(chainId)}`)), detail)),
  );
  const started = performance.now();
  const cy = draw(canvas, network, suggested);
  // for tests and the curious: the drawn graph and how long building and laying it out took
  window.sgGraph = cy;
  window.sgRenderMs = Math.round(performance.now() - started);
  onLeave(() => {
    if (window.sgGraph === cy) window.sgGraph = undefined;
    cy.destroy();
  });
  cy.on("tap", "node.entity, node.recommended", (event) => {
    cy.nodes(":selected").unselect();
    event.target.select();
    showDetail(detail, event.target.id());
  });
  tools.append(...toolbar(cy));
}

/** Up to three candidates per missing link a school, provider or evaluation body can fill. */
function suggestions(partners, missing) {
  const lane = { School: "teaching", TrainingProvider: "training", EvaluationBody: "evaluation" };
  const found = {};
  for (const p of partners?.items ?? []) {
    const link = lane[p.kind];
    if (!link || !missing.has(link)) continue;
    (found[link] ??= []).length < 3 && found[link].push(p);
  }
  return found;
}

/** Filter by link, the others shown or not, and a search inside the chain. */
function toolbar(cy) {
  const boxes = [...words("link_role"), "none"].map((link) => {
    const box = el("input", { type: "checkbox", checked: true, id: `show-${link}` });
    box.addEventListener("change", () => {
      cy.batch(() => cy.nodes(`[lane = "${link}"]`).style("display", box.checked ? "element" : "none"));
    });
    return el("label", { class: "layer" }, box, " ", link === "none" ? t("link_none") : word("link_role", link));
  });
  const input = el("input", { type: "search", id: "network-search", placeholder: t("searchInChain"), size: 18 });
  const count = el("span", { class: "hint", id: "network-matches" });
  input.addEventListener("input", () => {
    const text = input.value.trim().toLowerCase();
    cy.batch(() => cy.nodes(".match").removeClass("match"));
    if (!text) {
      count.textContent = "";
      return;
    }
    const hits = cy.nodes(".entity").filter((n) => n.data("label").toLowerCase().includes(text) ||
      n.id().toLowerCase().includes(text));
    cy.batch(() => hits.addClass("match"));
    count.textContent = t("matches", { n: hits.length });
    if (hits.length) {
      cy.zoom(Math.max(cy.zoom(), 1));
      cy.center(hits[0]);
    }
  });
  return [...boxes, " ", input, " ", count];
}

function chainPicker(chains, chainId) {
  const select = el("select", { id: "chain-picker", "aria-label": t("chooseChain") },
    chains.map((c) => el("option", { value: c.chain.id, selected: c.chain.id === chainId }, nameOf(c.chain))));
  if (!chains.some((c) => c.chain.id === chainId)) select.prepend(el("option", { value: chainId, selected: true }, chainId));
  select.addEventListener("change", () => {
    location.hash = `#/network/${encodeURIComponent(select.value)}`;
  });
  return el("div", { class: "toolbar" }, el("label", {}, t("chain"), " ", select));
}

function banners(network, coverage, suggested) {
  const box = el("div", { class: "banners" });
  const missing = coverage.missing_links.map((l) => word("link_role", l)).join(lang() === "en" ? ", " : "、");
  box.append(coverage.missing_links.length
    ? el("div", { id: "missing-links", class: "banner missing" }, t("missingLinks", { links: missing }))
    : el("div", { class: "banner ok" }, t("noMissingLinks")));
  const invite = Object.entries(suggested);
  if (invite.length) {
    box.append(el("div", { id: "invite", class: "banner invite" }, invite.map(([link, ps]) => el("div", {},
      `${word("link_role", link)} · ${t("invite")}: `,
      ps.map((p, i) => [i ? (lang() === "en" ? ", " : "、") : "", el("a", { href: `#/entity/${encodeURIComponent(p.id)}` },
        p.name_zh ?? p.id)])))));
  }
  if (network.truncated) {
    box.append(el("div", { id: "cut", class: "banner cut" },
      t("cut", { shown: fmt(network.nodes.length), total: fmt(network.total_nodes) })));
  }
  box.append(el("p", { class: "hint" }, t("nodes", { n: fmt(network.nodes.length), m: fmt(network.edges.length) })));
  return box;
}

function legend(coverage) {
  const missing = new Set(coverage.missing_links);
  const item = (colour, text, isMissing) => el("li", { class: isMissing ? "missing" : null },
    el("span", { class: "swatch", style: `background:${colour}` }), text);
  return el("div", { class: "card legend", id: "legend" }, el("h3", {}, t("legend")), el("ul", {},
    item(CENTRE_COLOUR, t("centre"), false),
    words("link_role").map((l) => item(LINK_COLOURS[l], word("link_role", l), missing.has(l))),
    item(LINK_COLOURS.none, t("link_none"), false)));
}

function coverageTable(coverage) {
  const rows = coverage.links.map((c) => el("tr", { class: c.members ? null : "missing" },
    el("td", {}, word("link_role", c.link_role)), el("td", { class: "num" }, fmt(c.members)),
    el("td", { class: "num" }, `${fmt(c.value * 100)}%`)));
  return el("div", { class: "card" }, el("h3", {}, `${t("coverage")} · ${t("score")} ${fmt(coverage.score * 100)}%`),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, t("link")), el("th", {}, t("members")),
      el("th", {}, "%"))), el("tbody", {}, rows)));
}

const LANES = ["industry", "teaching", "training", "evaluation", "employment", "none"];
const ROWS = 40; // members per column of a lane
const CELL_W = 190;
const CELL_H = 26;
const LANE_GAP = 70;
const FONT = 12; // px at zoom 1
const READABLE = 10; // px: the smallest label size the default view may show

/** The five links as lanes, left to right (partners, stations and platforms last), members in columns within their
 * lane, the chain above; membership is the lane, so the chain's MEMBER_OF/LEADS edges are not drawn. */
function draw(container, network, suggested) {
  const byLane = Object.fromEntries(LANES.map((l) => [l, []]));
  for (const n of network.nodes) {
    if (n.id !== network.centre) byLane[n.link_roles[0] ?? "none"].push(n);
  }
  const elements = [];
  let x = 0;
  let lastRight = 0;
  for (const lane of LANES) {
    const nodes = byLane[lane].sort((a, b) => (a.kind > b.kind) - (a.kind < b.kind) || nameOf(a).localeCompare(nameOf(b)));
    const extra = (suggested[lane] ?? []).map((p) => ({ ...p, recommended: true }));
    const all = [...nodes, ...extra];
    const missing = lane !== "none" && !nodes.length;
    if (lane === "none" && !all.length) continue;
    const title = lane === "none" ? t("link_none") : word("link_role", lane);
    elements.push({ data: { id: `lane-${lane}`, label: missing ? `${title} · ${t("missingShort")}` : `${title} · ${nodes.length}`,
      lane }, classes: missing ? "lane missing" : "lane", selectable: false, grabbable: false });
    const columns = Math.max(1, Math.ceil(all.length / ROWS));
    all.forEach((n, i) => {
      elements.push({
        data: { id: n.id, parent: `lane-${lane}`, label: nameOf(n), kind: n.kind, lane,
          colour: LINK_COLOURS[lane] ?? LINK_COLOURS.none },
        position: { x: x + Math.floor(i / ROWS) * CELL_W, y: (i % ROWS) * CELL_H },
        classes: n.recommended ? "recommended" : "entity",
        grabbable: false,
      });
    });
    if (!all.length) {
      elements.push({ data: { id: `empty-${lane}`, parent: `lane-${lane}`, label: "", lane }, classes: "placeholder",
        position: { x, y: 0 }, selectable: false, grabbable: false });
    }
    lastRight = x + (columns - 1) * CELL_W;
    x = lastRight + CELL_W + LANE_GAP;
  }
  const centre = network.nodes.find((n) => n.id === network.centre);
  if (centre) {
    elements.push({ data: { id: centre.id, label: nameOf(centre), kind: centre.kind, centre: true, lane: "centre",
      colour: CENTRE_COLOUR }, position: { x: lastRight / 2, y: -110 }, classes: "entity", grabbable: false });
  }
  network.edges.forEach((e, i) => {
    if (e.start === network.centre || e.end === network.centre) return;
    elements.push({ data: { id: `e${i}`, source: e.start, target: e.end, type: e.type } });
  });
  const cy = cytoscape({
    container,
    elements,
    layout: { name: "preset" },
    pixelRatio: 1,
    textureOnViewport: true,
    hideEdgesOnViewport: true,
    minZoom: 0.05,
    maxZoom: 4,
    autoungrabify: true,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: 12, height: 12, label: "data(label)",
        "font-size": FONT, "text-halign": "right", "text-valign": "center", "text-margin-x": 4, color: "#222",
        "min-zoomed-font-size": 6, "text-max-width": CELL_W - 24, "text-wrap": "ellipsis", "text-events": "yes" } },
      { selector: "node.lane", style: { "background-color": "#f6f8fb", "background-opacity": 1, "border-width": 1,
        "border-color": "#c5cdd8", shape: "round-rectangle", padding: 14, "text-valign": "top", "text-halign": "center",
        "font-size": 15, "font-weight": "bold", "text-margin-y": -6, "text-max-width": 400, "min-zoomed-font-size": 4 } },
      { selector: "node.lane.missing", style: { "border-style": "dashed", "border-width": 2, "border-color": "#c62828",
        color: "#c62828" } },
      { selector: "node.placeholder", style: { opacity: 0, width: 120, height: 40 } },
      { selector: "node.recommended", style: { "background-color": "#fff", "border-width": 2, "border-style": "dashed",
        "border-color": "data(colour)", color: "#555", "font-style": "italic" } },
      { selector: "node[?centre]", style: { width: 28, height: 28, "font-size": 16, "font-weight": "bold",
        "text-halign": "center", "text-valign": "top", "text-margin-x": 0, "text-margin-y": -4,
        "text-max-width": 600 } },
      { selector: "node.match", style: { "border-width": 3, "border-color": "#f9a825", "background-color": "#f9a825" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "edge", style: { width: 0.8, "line-color": "#b0b7c3", "curve-style": "haystack", opacity: 0.7 } },
    ],
  });
  defaultView(cy);
  return cy;
}

/** The whole chain if its labels stay readable; else the top of the lanes at the smallest readable zoom. */
function defaultView(cy) {
  cy.fit(undefined, 24);
  const readable = READABLE / FONT;
  if (cy.zoom() >= readable) return;
  const box = cy.elements().boundingBox();
  cy.zoom(readable);
  cy.pan({ x: 16 - box.x1 * readable, y: 16 - box.y1 * readable });
}

async function showDetail(panel, nodeId) {
  panel.replaceChildren(el("p", { class: "loading" }, t("loading")));
  panel.dataset.entity = "";
  try {
    const entity = await api(`/entities/${encodeURIComponent(nodeId)}`);
    panel.replaceChildren(entityDetail(entity, 15));
    panel.dataset.entity = entity.id;
    panel.scrollIntoView({ block: "nearest" });
  } catch (err) {
    panel.replaceChildren(errorBox(err));
  }
}
