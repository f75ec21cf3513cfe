// A chain's network: its members coloured by link, the missing links called out, a node's detail on click.

import { api } from "./api.js";
import { lang, nameOf, t, word, words } from "./i18n.js";
import { entityDetail } from "./search.js";
import { el, errorBox, fmt, onLeave } from "./ui.js";

export const LINK_COLOURS = {
  industry: "#1f77b4",
  teaching: "#2ca02c",
  training: "#ff7f0e",
  evaluation: "#9467bd",
  employment: "#8c564b",
  none: "#9e9e9e",
};
const CENTRE_COLOUR = "#c62828";
const BIG = 300; // above this many nodes: a concentric layout, no labels until zoomed in
const RING = 150;

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
  const canvas = el("div", { id: "graph", class: "graph" });
  const detail = el("aside", { id: "detail", class: "detail card" }, el("p", { class: "hint" }, t("clickNode")));
  section.append(
    el("h2", {}, nameOf(coverage.chain)),
    banners(network, coverage),
    el("div", { class: "network" }, canvas, el("div", { class: "side" }, legend(coverage), coverageTable(coverage),
      detail)),
  );
  const started = performance.now();
  const cy = draw(canvas, network);
  // for tests and the curious: the drawn graph and how long building and laying it out took
  window.sgGraph = cy;
  window.sgRenderMs = Math.round(performance.now() - started);
  onLeave(() => {
    if (window.sgGraph === cy) window.sgGraph = undefined;
    cy.destroy();
  });
  cy.on("tap", "node", (event) => {
    cy.nodes(":selected").unselect();
    event.target.select();
    showDetail(detail, event.target.id());
  });
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

function banners(network, coverage) {
  const box = el("div", { class: "banners" });
  const missing = coverage.missing_links.map((l) => word("link_role", l)).join(lang() === "en" ? ", " : "、");
  box.append(coverage.missing_links.length
    ? el("div", { id: "missing-links", class: "banner missing" }, t("missingLinks", { links: missing }))
    : el("div", { class: "banner ok" }, t("noMissingLinks")));
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

function draw(container, network) {
  const big = network.nodes.length > BIG;
  const elements = [];
  // Concentric rings: the chain in the middle, then its members, then the rest; rings of at most RING nodes.
  const members = network.nodes.filter((n) => n.link_roles.length).length;
  const memberRings = Math.ceil(members / RING) || 1;
  const otherRings = Math.ceil((network.nodes.length - members) / RING) || 1;
  let m = 0;
  let o = 0;
  for (const n of network.nodes) {
    const centre = n.id === network.centre;
    const ring = centre ? 10000 : n.link_roles.length ? 1000 + (m++ % memberRings) : o++ % otherRings;
    elements.push({ data: { id: n.id, label: nameOf(n), kind: n.kind, centre, ring,
      colour: centre ? CENTRE_COLOUR : LINK_COLOURS[n.link_roles[0]] ?? LINK_COLOURS.none } });
  }
  network.edges.forEach((e, i) => elements.push({ data: { id: `e${i}`, source: e.start, target: e.end, type: e.type } }));
  return cytoscape({
    container,
    elements,
    pixelRatio: 1,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: big ? 10 : 18, height: big ? 10 : 18,
        label: big ? "" : "data(label)", "font-size": 9, "min-zoomed-font-size": 6, color: "#333" } },
      { selector: "node[?centre]", style: { width: 36, height: 36, label: "data(label)", "font-size": 12,
        "font-weight": "bold" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000", label: "data(label)" } },
      { selector: "edge", style: { width: 0.6, "line-color": "#c8c8c8", "curve-style": "haystack" } },
    ],
    layout: big
      ? { name: "concentric", concentric: (node) => node.data("ring"), levelWidth: () => 1, minNodeSpacing: 4,
          animate: false }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000, idealEdgeLength: () => 60 },
  });
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
