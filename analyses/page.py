"""One shape for every list an analysis returns: a page of `items` out of `total`."""

from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel

from queries import ParameterError

T = TypeVar("T")

MAX_PAGE = 1000
"""The most items one page holds."""


class Page(BaseModel, Generic[T]):
    """One page of a list: `items[offset : offset + limit]` of `total`."""

    total: int
    limit: int
    offset: int
    items: list[T]


def check_page(limit: int, offset: int, most: int = MAX_PAGE) -> None:
    if not 1 <= limit <= most or offset < 0:
        raise ParameterError(f"limit must be 1–{most} and offset ≥ 0 (got limit={limit}, offset={offset})")


def page_fields(items: Sequence[T], limit: int, offset: int) -> dict[str, object]:
    """The page fields of `items` cut at `offset`/`limit`, to build a `Page` or a model extending it."""
    return {"total": len(items), "limit": limit, "offset": offset, "items": list(items[offset : offset + limit])}
