// Calls to /api/v1 with the user's key; a failed call throws an ApiError carrying the problem's `detail`.

const KEY = "sg-api-key";

export class ApiError extends Error {
  /** `kind`: the problem type's last part (`not-found`, `forbidden`, …), which the UI says in its own words. */
  constructor(status, detail, kind = null) {
    super(detail);
    this.status = status;
    this.kind = kind;
  }
}

export function getKey() {
  return sessionStorage.getItem(KEY);
}

export function setKey(key) {
  sessionStorage.setItem(KEY, key.trim());
}

export function clearKey() {
  sessionStorage.removeItem(KEY);
}

// The bookmarks of the data the last answer had seen: sent back with every call, so that whichever API process
// answers next never shows older data than this tab has seen (X-SkillGraph-Bookmark, app/api/edges.py).
const BOOKMARK = "sg-bookmark";
const BOOKMARK_HEADER = "X-SkillGraph-Bookmark";

/** The headers of a call to /api/v1: the key, and the bookmark to read after. */
export function apiHeaders(extra = {}) {
  const headers = { Authorization: `Bearer ${getKey() ?? ""}`, ...extra };
  const bookmark = sessionStorage.getItem(BOOKMARK);
  if (bookmark) headers[BOOKMARK_HEADER] = bookmark;
  return headers;
}

/** Keep the bookmark an answer carries. */
export function keepBookmark(response) {
  const bookmark = response.headers.get(BOOKMARK_HEADER);
  if (bookmark) sessionStorage.setItem(BOOKMARK, bookmark);
}

/** GET /api/v1`path` with `params` (arrays repeat the parameter); resolves to the JSON body. */
export async function api(path, params = {}) {
  const url = apiUrl(path, params);
  let response;
  try {
    response = await fetch(url, { headers: apiHeaders({ Accept: "application/json" }) });
  } catch (err) {
    throw new ApiError(0, `the server cannot be reached (${err.message})`, "unreachable");
  }
  keepBookmark(response);
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    let kind = null;
    try {
      const body = await response.json();
      detail = body.detail || body.title || detail;
      kind = typeof body.type === "string" ? body.type.split("/").pop() : null;
    } catch {
      // not problem+json: keep the status line
    }
    throw new ApiError(response.status, detail, kind);
  }
  return response.json();
}

/** `/api/v1<path>?<params>`: empty values left out, arrays repeat the parameter. */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, String(v));
  }
  return `/api/v1${path}${query.toString() ? `?${query}` : ""}`;
}

let openapi = null;

/** Whether the server offers this GET path (asked of /openapi.json once), so the UI never calls a missing one. */
export async function offers(path) {
  if (openapi === null) {
    try {
      const response = await fetch("/openapi.json");
      openapi = response.ok ? await response.json() : { paths: {} };
    } catch {
      openapi = { paths: {} };
    }
  }
  return Boolean(openapi.paths?.[`/api/v1${path}`]?.get);
}
