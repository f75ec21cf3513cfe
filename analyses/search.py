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


def search(
    store: GraphStore, text: str, kinds: Sequence[str] | None = None, *, visibility: Visibility = EVERYTHING,
    limit: int = 20, offset: int = 0,
) -> Page[SearchHit]:
    """Nodes matching `text` among those the caller sees (searched among them, not filtered after): exact id or
    credit-code matches first, then shorter names, then id; `total` counts the matches, at most MAX_LIMIT."""
    if not 1 <= limit <= MAX_LIMIT or not 0 <= offset <= MAX_LIMIT:
        raise ParameterError(f"limit must be 1–{MAX_LIMIT} and offset 0–{MAX_LIMIT} (got {limit}, {offset})")
    unknown = sorted(set(kinds or ()) - set(NODE_KINDS))
    if unknown:
        raise ParameterError(f"unknown node kind(s) {', '.join(unknown)}; known: {', '.join(NODE_KINDS)}")
    hits: list[SearchHit] = []
    if tokens(text):
        among = None if visibility.ids is None else sorted(visibility.ids)
        rows = run(store, "search_entities",
                   {"text": text.strip(), "kinds": list(kinds) if kinds else None, "ids": among, "limit": MAX_LIMIT})
        hits = [SearchHit(kind_zh=NODE_KINDS[r["kind"]].name_zh_label, **r) for r in rows]
    return Page[SearchHit](**page_fields(hits, limit, offset))
