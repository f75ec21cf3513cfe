"""Search: find nodes by a Chinese name fragment, English words, an id or a credit code."""

from collections.abc import Sequence

from pydantic import BaseModel

from graph_model.nodes import NODE_KINDS
from queries import QueryParameterError
from queries.text import tokens
from store.base import GraphStore

MAX_LIMIT = 200


class SearchHit(BaseModel):
    id: str
    kind: str
    kind_zh: str
    name_zh: str | None = None
    name_en: str | None = None


def search(store: GraphStore, text: str, kinds: Sequence[str] | None = None, limit: int = 20) -> list[SearchHit]:
    """Nodes matching `text`: exact id or credit-code matches first, then shorter names, then id."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryParameterError(f"limit must be 1–{MAX_LIMIT} (got {limit})")
    unknown = sorted(set(kinds or ()) - set(NODE_KINDS))
    if unknown:
        raise QueryParameterError(f"unknown node kind(s) {', '.join(unknown)}; known: {', '.join(NODE_KINDS)}")
    if not tokens(text):
        return []
    rows = store.run_query(
        "search_entities", {"text": text.strip(), "kinds": list(kinds) if kinds else None, "limit": limit}
    )
    return [SearchHit(kind_zh=NODE_KINDS[r["kind"]].name_zh_label, **r) for r in rows]
