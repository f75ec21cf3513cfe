// The shell: login with an API key, navigation by role, hash routing, the language switch.

import { ApiError, api, clearKey, getKey, setKey } from "./api.js";
import { renderDashboard } from "./dashboard.js";
import { lang, setLang, setVocabulary, t } from "./i18n.js";
import { renderNetwork } from "./network.js";
import { renderMap } from "./map.js";
import { renderMeasures } from "./measures.js";
import { renderEntity, renderSearch } from "./search.js";
import { el, errorBox, leavePage } from "./ui.js";

let me = null;

function isCity(principal) {
  return principal.role !== "chain_leader";
}

function home(principal) {
  if (isCity(principal)) return "#/dashboard";
  return principal.chain_ids.length ? `#/network/${encodeURIComponent(principal.chain_ids[0])}` : "#/search";
}

function renderHeader() {
  document.title = `SkillGraph · ${t("title")}`;
  document.getElementById("title").textContent = t("title");
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  const logout = document.getElementById("logout");
  document.getElementById("lang").textContent = t("switchLang");
  logout.textContent = t("logout");
  logout.hidden = !me;
  nav.replaceChildren();
  who.textContent = "";
  if (!me) return;
  const links = isCity(me)
    ? [["dashboard", "#/dashboard"], ["map", "#/map"], ["measures", "#/measures"], ["network", "#/network"],
      ["search", "#/search"]]
    : [["myNetwork", "#/network"], ["map", "#/map"], ["measures", "#/measures"], ["search", "#/search"]];
  const page = location.hash.split("/")[1] || "";
  for (const [word, href] of links) {
    const current = href.split("/")[1] === page;
    nav.append(el("a", { href, id: `nav-${word}`, class: current ? "current" : null }, t(word)));
  }
  who.textContent = `${me.name} · ${t(`role_${me.role}`)}`;
}

function renderLogin(view, problem) {
  const input = el("input", { id: "key", type: "password", autocomplete: "off", placeholder: "sg_…", size: 48 });
  const form = el(
    "form",
    { id: "login", class: "card" },
    el("h2", {}, t("loginTitle")),
    el("p", {}, t("loginHelp")),
    el("label", {}, t("key"), " ", input),
    " ",
    el("button", { type: "submit" }, t("login")),
    problem ? errorBox(problem) : null,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    setKey(input.value);
    me = null;
    await route();
  });
  view.replaceChildren(form);
  input.focus();
}

async function whoAmI() {
  if (me || !getKey()) return me;
  try {
    me = await api("/me");
    setVocabulary(await api("/vocabulary"));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) clearKey();
    throw err;
  }
  return me;
}

let generation = 0;

async function route() {
  const mine = ++generation;
  leavePage();
  const view = document.getElementById("view");
  let principal;
  try {
    principal = await whoAmI();
  } catch (err) {
    renderHeader();
    renderLogin(view, err);
    return;
  }
  if (mine !== generation) return;
  renderHeader();
  if (!principal) {
    renderLogin(view);
    return;
  }
  const [, page = "", ...rest] = location.hash.split("/");
  const arg = decodeURIComponent(rest.join("/"));
  // Each page draws into its own section; a page left before it finished draws into a detached one.
  const section = el("section", { id: `page-${page || "home"}`, class: "page", dataset: { page } });
  view.replaceChildren(section);
  const status = el("p", { class: "loading" }, t("loading"));
  section.append(status);
  try {
    if (page === "dashboard") {
      if (!isCity(principal)) throw new Error(t("notForRole"));
      await renderDashboard(section, principal);
    } else if (page === "map") {
      await renderMap(section, principal, arg);
    } else if (page === "measures") {
      await renderMeasures(section, principal, arg);
    } else if (page === "network") {
      await renderNetwork(section, principal, arg);
    } else if (page === "search") {
      await renderSearch(section, principal, arg);
    } else if (page === "entity" && arg) {
      await renderEntity(section, principal, arg);
    } else {
      location.replace(home(principal));
      return;
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      // the key was revoked while in use: ask for another
      clearKey();
      me = null;
      renderHeader();
      renderLogin(view, err);
      return;
    }
    section.append(errorBox(err));
  } finally {
    status.remove();
    section.dataset.ready = "true";
  }
}

document.getElementById("lang").addEventListener("click", () => {
  setLang(lang() === "zh" ? "en" : "zh");
  route();
});
document.getElementById("logout").addEventListener("click", () => {
  clearKey();
  me = null;
  location.hash = "";
  route();
});
window.addEventListener("hashchange", route);
setLang(lang());
route();
