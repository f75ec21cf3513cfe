// Small DOM helpers shared by the pages.

import { t } from "./i18n.js";

/** An element: el("div", {class: "x", onclick: f}, child, "text", …). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A plain error box saying what went wrong (an API problem's detail, as the server wrote it). */
export function errorBox(error) {
  const text = error instanceof Error ? error.message : String(error);
  const status = error && error.status ? ` (${error.status})` : "";
  return el("div", { class: "error", role: "alert" }, el("strong", {}, `${t("error")}${status}: `), text);
}

export function fmt(value, digits = 0) {
  if (value === null || value === undefined) return "–";
  return Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
}

const cleanups = [];

/** Run `fn` when the page is left (charts and graphs free their canvases). */
export function onLeave(fn) {
  cleanups.push(fn);
}

export function leavePage() {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch {
      // a view already gone
    }
  }
}
