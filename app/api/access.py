"""Who sees what: role checks, and a chain-leader firm kept to its own chains' networks.

Neo4j Community has no role-based access control, so this module is where the rule lives:
- planners, analysts and admins see everything; only admins write;
- a chain leader sees its chains (their members, partners, stations, hosted platforms — the
  `chain_scope` query) and public reference nodes; anything else answers 404, exactly as if it did
  not exist, so a chain leader cannot even learn which other chains there are.

The rule becomes one `Visibility` per request (`Access.visibility`), which every analysis applies
before it counts, ranks or pages.
"""

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from analyses.visibility import EVERYTHING, Visibility
from app.api.auth import Principal, Role
from app.api.problems import ApiProblem
from queries import run
from store import GraphStore

READ_ROLES = (Role.planner, Role.chain_leader, Role.analyst, Role.admin)
CITY_ROLES = (Role.planner, Role.analyst, Role.admin)
"""City-wide analyses: not for a chain-leader firm, which sees its own chains only."""
LIBRARY_ROLES = (Role.analyst, Role.admin)
WRITE_ROLES = (Role.admin,)


def require(principal: Principal, roles: tuple[Role, ...]) -> None:
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise ApiProblem(403, "forbidden", f"a {principal.role.value} key may not do this; it needs one of: {allowed}")


def not_found(what: str, node_id: str) -> ApiProblem:
    return ApiProblem(404, "not-found", f"no {what} with id {node_id!r}")


class Access:
    """One request's view of the graph for one caller: its principal, the store, and what it sees."""

    def __init__(self, principal: Principal, store: GraphStore, visibility: Visibility = EVERYTHING) -> None:
        self.principal = principal
        self.store = store
        self.visibility = visibility

    @property
    def restricted(self) -> bool:
        return self.principal.role is Role.chain_leader

    def chain(self, chain_id: str) -> None:
        """404 unless the caller may see this chain (the analysis itself 404s for a chain that does not exist)."""
        if self.restricted and chain_id not in self.principal.chain_ids:
            raise not_found("chain", chain_id)

    def own_chain_or_member(self, node_id: str) -> None:
        """404 unless the caller may act for this id: for a chain leader, one of its chains or one of their members."""
        if self.restricted and node_id not in self.principal.chain_ids and node_id not in self.visibility.members:
            raise not_found("enterprise or chain", node_id)

    def region(self, region: str) -> None:
        """A chain leader may ask about the regions that are its own chains; any other region — a district, the
        city, another chain, one that does not exist — is refused alike, without asking the store."""
        if self.restricted and region not in self.principal.chain_ids:
            raise ApiProblem(
                403, "forbidden",
                "a chain_leader key sees the analyses of its own chains only: use region=<your chain id> "
                f"({', '.join(self.principal.chain_ids)})",
            )


def chain_visibility(store: GraphStore, chain_ids: Sequence[str]) -> Visibility:
    """What a chain leader of these chains sees: their scopes (`chain_scope`) and the public reference nodes."""
    scope: set[str] = {r["id"] for r in run(store, "reference_ids")}
    members: set[str] = set()
    for chain_id in chain_ids:
        scope.update(r["id"] for r in run(store, "chain_scope", {"chain_id": chain_id}))
        members.update(r["id"] for r in run(store, "chain_members", {"chain_id": chain_id}))
    return Visibility(frozenset(scope), frozenset(chain_ids), frozenset(members))


class StoreGate:
    """Readers share the store; a writer has it alone. Needed for the embedded store, whose networkx graph
    may not change while another thread walks it (a load writes to a copy and holds the store alone only to
    publish it); Neo4j isolates transactions itself."""

    def __init__(self, exclusive_writes: bool) -> None:
        self.exclusive_writes = exclusive_writes
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._load = threading.Lock()

    @contextmanager
    def loading(self) -> Iterator[None]:
        """One load at a time (a second upload waits for the first); readers are not held by it."""
        with self._load:
            yield

    @contextmanager
    def read(self) -> Iterator[None]:
        self.acquire_read()
        try:
            yield
        finally:
            self.release_read()

    def acquire_read(self) -> None:
        """Wait until no writer has the store or waits for it (at once unless writes are exclusive)."""
        if not self.exclusive_writes:
            return
        with self._cond:
            # A waiting writer goes first, so a steady stream of readers cannot starve it.
            self._cond.wait_for(lambda: not self._writing and self._writers_waiting == 0)
            self._readers += 1

    def release_read(self) -> None:
        if not self.exclusive_writes:
            return
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        if not self.exclusive_writes:
            yield
            return
        with self._cond:
            self._writers_waiting += 1
            self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
