"""Search: find nodes by a Chinese name fragment, English words, an id or a credit code."""

from collections.abc import Sequence

from pydantic import BaseModel

from analyses.page import Page, page_fields
from analyses.visibility import EVERYTHING, Visibility
from graph_model.nodes import NODE_KINDS
from queries import ParameterError, run
from queries.text import tokens
from store.base import GraphStore

MAX_LIMIT = 200


class SearchHit(BaseModel):
    id: str
    kind: str
    kind_zh: str
    name_zh: str | None = None
    name_en: str | None = None


class SearchPage(Page[SearchHit]):
    """A page of search hits; `total` counts the matches up to MAX_LIMIT, and `more` says there are more."""

    more: bool


def search(
    store: GraphStore, text: str, kinds: Sequence[str] | None = None, *, visibility: Visibility = EVERYTHING,
    limit: int = 20, offset: int = 0,
) -> SearchPage:
    """Nodes matching `text` among those the caller sees (searched among them, not filtered after): exact id or
    credit-code matches first, then shorter names, then id; `total` counts the matches up to MAX_LIMIT, `more`
    says whether there are more than that."""
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_LIMIT:
        raise ParameterError(f"limit must be 1–{MAX_LIMIT} and offset 0–{MAX_LIMIT} (got {limit}, {offset})")
    unknown = sorted(set(kinds or ()) - set(NODE_KINDS))
    if unknown:
        raise ParameterError(f"unknown node kind(s) {', '.join(unknown)}; known: {', '.join(NODE_KINDS)}")
    hits: list[SearchHit] = []
    if tokens(text):
        among = None if visibility.ids is None else sorted(visibility.ids)
        rows = run(store, "search_entities",
                   {"text": text.strip(), "kinds": list(kinds) if kinds else None, "ids": among,
                    "limit": MAX_LIMIT + 1})
        hits = [SearchHit(kind_zh=NODE_KINDS[r["kind"]].name_zh_label, **r) for r in rows]
    more = len(hits) > MAX_LIMIT
    return SearchPage(more=more, **page_fields(hits[:MAX_LIMIT], limit, offset))
