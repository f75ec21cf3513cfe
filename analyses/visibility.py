"""What one caller may see: everything, or a set of ids — its chains' scopes and the public reference nodes.

Who sees what is decided by the application (`app.api.access`); an analysis given a `Visibility`
applies it before it counts, ranks or pages anything, so an answer never depends on what the caller
may not see. The check is by id alone: it never asks the store whether an id exists, so an id that is
hidden and one that does not exist take the same path.
"""

from dataclasses import dataclass

PUBLIC_KINDS = frozenset({"District", "Cluster", "Occupation", "SkillLevel", "Major", "Metric"})
"""Reference nodes every caller may see (`reference_ids.cypher`): districts, the 33618 clusters, the 2022
classification's occupations, the skill ladder, majors."""


@dataclass(frozen=True)
class Visibility:
    """The ids a caller may see (`ids`), or everything (`ids` None)."""

    ids: frozenset[str] | None = None
    chains: frozenset[str] = frozenset()
    """The chains whose scopes these are (a chain leader's own chains)."""
    members: frozenset[str] = frozenset()
    """Those chains' member organisations: whom the caller may act for (e.g. ask partners for)."""

    @property
    def everything(self) -> bool:
        return self.ids is None

    def sees(self, node_id: str) -> bool:
        return self.ids is None or node_id in self.ids

    def key(self) -> tuple[str, ...]:
        """What answers computed under this visibility depend on (for keeping answers)."""
        return ("everything",) if self.ids is None else ("chains", *sorted(self.chains))


EVERYTHING = Visibility()
