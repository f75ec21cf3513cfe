"""Regions the analyses look at: the city, a district, the 12 counties, a chain or a cluster."""

from contextlib import suppress
from typing import Literal

from pydantic import BaseModel

from analyses.errors import NotFoundError
from graph_model.reference import resolve_district
from store.base import GraphStore

RegionKind = Literal["city", "district", "county_12", "chain", "cluster"]

CITY = "city"
COUNTY_12 = "county_12"

_KIND_BY_LABEL: dict[str, RegionKind] = {"District": "district", "Chain": "chain", "Cluster": "cluster"}


class Region(BaseModel):
    """A region as the region queries take it: `kind` plus the district, chain or cluster `id`."""

    kind: RegionKind | Literal["area"]
    """`area`: an area of 一区两群, which trends and forecasts (analyses.outlook) take besides the others."""
    id: str | None = None
    name_zh: str
    name_en: str | None = None

    def params(self) -> dict[str, str | None]:
        return {"region_kind": self.kind, "region_id": self.id}


CITY_REGION = Region(kind="city", name_zh="重庆市（全市）", name_en="Chongqing, the whole city")


def resolve_region(store: GraphStore, region: str) -> Region:
    """`city`, `county_12`, or the id of a district, chain or cluster (districts also by name or GB code)."""
    text = region.strip()
    if text == CITY:
        return CITY_REGION
    if text == COUNTY_12:
        # measure 10: "到我市12个县企业就业"
        return Region(kind="county_12", name_zh="12个县", name_en="the 12 counties (measure 10)")
    candidates = [text]
    with suppress(ValueError):  # not a district name: maybe a chain or cluster id
        candidates.append(resolve_district(text))
    for candidate in candidates:
        node = store.get_node(candidate)
        if node is not None and node.kind in _KIND_BY_LABEL:
            props = node.properties
            return Region(kind=_KIND_BY_LABEL[node.kind], id=candidate, name_zh=props.get("name_zh") or candidate,
                          name_en=props.get("name_en"))
    raise NotFoundError(
        f"no region {region!r}: expected 'city', 'county_12', or the id of a district (e.g. 'wanzhou'), "
        "a chain or a cluster in the graph"
    )
