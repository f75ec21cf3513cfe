"""What one caller may see: everything, or a set of ids plus the public reference nodes.

Who sees what is decided by the application (`app.api.access`); an analysis given a `Visibility`
applies it before it counts, ranks or pages anything, so an answer never depends on what the caller
may not see.
"""

from dataclasses import dataclass

PUBLIC_KINDS = frozenset({"District", "Cluster", "Occupation", "SkillLevel", "Major"})
"""Reference nodes every caller may see: districts, the 33618 clusters, the 2022 classification, the ladder, majors."""


@dataclass(frozen=True)
class Visibility:
    """The ids a caller may see besides public reference nodes (`scope`), or everything (`scope` None)."""

    scope: frozenset[str] | None = None
    chains: frozenset[str] = frozenset()
    """The chains whose scope this is (a chain leader's own chains)."""

    @property
    def everything(self) -> bool:
        return self.scope is None

    def sees(self, node_id: str, kind: str) -> bool:
        return self.scope is None or kind in PUBLIC_KINDS or node_id in self.scope

    def key(self) -> tuple[str, ...]:
        """What answers computed under this visibility depend on (for keeping answers)."""
        return ("everything",) if self.scope is None else ("chains", *sorted(self.chains))


EVERYTHING = Visibility()
