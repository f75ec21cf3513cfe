// Small DOM helpers shared by the pages.

import { apiHeaders, apiUrl, keepBookmark } from "./api.js";
import { lang, t } from "./i18n.js";

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
  // the problem in the UI's language; the server's detail (in English) after it
  const meaning = error && error.kind ? t(`problem_${error.kind}`) : null;
  const said = meaning && meaning !== `problem_${error.kind}` ? meaning : null;
  return el("div", { class: "error", role: "alert" }, el("strong", {}, `${t("error")}${status}: `),
    said ? el("span", { class: "problem" }, said, " ") : null, said ? el("small", { class: "detail" }, text) : text);
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

/** Buttons that download `path` with `params` as XLSX and CSV (headers in the UI's language). */
export function downloads(path, params = {}) {
  const button = (format) => downloadButton(t(`download_${format}`), { class: "download", dataset: { format } },
    path, { ...params, format }, `skillgraph.${format}`);
  return el("span", { class: "downloads" }, button("xlsx"), " ", button("csv"));
}

/** A button that downloads a printable report (PDF) in the UI's language. */
export function reportButton(path) {
  return downloadButton(t("printReport"), { class: "download report" }, path, {}, "skillgraph.pdf");
}

function downloadButton(label, attrs, path, params, fallbackName) {
  const b = el("button", { type: "button", ...attrs }, label);
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await download(apiUrl(path, { ...params, lang: lang() }), fallbackName);
    } catch (err) {
      b.after(errorBox(err));
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** Save what `url` answers under the name its Content-Disposition gives. */
async function download(url, fallbackName) {
  const response = await fetch(url, { headers: apiHeaders() });
  keepBookmark(response);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const disposition = response.headers.get("content-disposition") || "";
  const name = decodeURIComponent((disposition.match(/filename\*=UTF-8''([^;]+)/) || [])[1] || fallbackName);
  const blob = URL.createObjectURL(await response.blob());
  const a = el("a", { href: blob, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blob), 10000);
}
