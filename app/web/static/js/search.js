// Search by name, id or credit code; one entity's properties and neighbours.

import { api } from "./api.js";
import { nameOf, t } from "./i18n.js";
import { el } from "./ui.js";

export async function renderSearch(section, me, query) {
  const input = el("input", { id: "q", type: "search", value: query, placeholder: t("searchPlaceholder"), size: 40 });
  const form = el("form", { id: "search", class: "toolbar" }, input, " ", el("button", { type: "submit" },
    t("searchButton")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) location.hash = `#/search/${encodeURIComponent(text)}`;
  });
  section.append(el("h2", {}, t("search")), form);
  if (!query.trim()) return;
  const page = await api("/search", { q: query, limit: 50 });
  if (!page.items.length) {
    section.append(el("p", { id: "results", class: "hint" }, t("noResults")));
    return;
  }
  section.append(el("p", { class: "hint" }, t("results", { total: page.more ? `${page.total}+` : page.total })), el("table", { id: "results" },
    el("thead", {}, el("tr", {}, el("th", {}, t("name")), el("th", {}, t("kind")),
      el("th", {}, t("id")))),
    el("tbody", {}, page.items.map((hit) => el("tr", {},
      el("td", {}, el("a", { href: `#/entity/${encodeURIComponent(hit.id)}`, class: "hit" }, nameOf(hit))),
      el("td", {}, hit.kind_zh), el("td", { class: "mono" }, hit.id))))));
}

export async function renderEntity(section, me, nodeId) {
  const entity = await api(`/entities/${encodeURIComponent(nodeId)}`);
  section.append(el("div", { id: "entity", class: "card", dataset: { entity: entity.id } }, entityDetail(entity, 200)));
}

const HIDDEN = new Set(["name_zh", "name_en"]);

/** An entity's name, kind, properties and its first `max` neighbours (each a link to its own page). */
export function entityDetail(entity, max) {
  const props = entity.properties;
  const rows = Object.entries(props).filter(([k]) => !HIDDEN.has(k)).map(([k, v]) => el("tr", {},
    el("th", {}, k), el("td", {}, Array.isArray(v) ? v.join(", ") : typeof v === "object" && v ? JSON.stringify(v)
      : String(v))));
  const shown = entity.neighbours.slice(0, max);
  return el("div", { class: "entity" },
    el("h3", {}, nameOf({ ...props, id: entity.id })),
    el("p", { class: "hint" }, `${entity.kind_zh} · ${entity.kind} · `, el("span", { class: "mono" }, entity.id)),
    el("h4", {}, t("properties")), el("table", { class: "props" }, el("tbody", {}, rows)),
    el("h4", {}, t("neighbours", { shown: shown.length, total: entity.neighbours_total })),
    el("ul", { class: "neighbours" }, shown.map((n) => el("li", {},
      el("span", { class: "rel" }, n.direction === "out" ? `—${n.relationship}→ ` : `←${n.relationship}— `),
      el("a", { href: `#/entity/${encodeURIComponent(n.id)}` }, nameOf(n)), ` (${n.kind})`))));
}
