"""Property-based tests generated from the OpenAPI document (schemathesis): no input makes a 5xx.

Runs on the embedded store with the fixture graph, through the ASGI app in process, once as an
admin (every endpoint open to it, uploads included) and once as a chain leader (every refusal path);
and every query of the named library with arbitrary JSON parameters: rows, or a 400 naming the parameter.
Besides "no server error", each response must have a status code and content type the document
declares for that operation.
"""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from app.api import create_app
from app.api.access import StoreGate
from app.api.auth import KeyStore
from app.settings import Settings
from queries import PARAMETERS
from store import MemoryStore
from tests.api.conftest import load_api_fixture

# schemathesis gives the test of every API operation the same node id, and pytest-xdist tells tests apart by their ids:
# it would run one operation of each test. scripts/test.sh runs this module after the others, in one process.
pytestmark = pytest.mark.one_process

_tmp = tempfile.TemporaryDirectory(prefix="skillgraph-schemathesis-")
_store = MemoryStore()
load_api_fixture(_store)
_keys = KeyStore(Path(_tmp.name) / "keys.db")
KEYS = {"admin": _keys.create("admin", "admin")[0], "chain_leader": _keys.create("leader", "chain_leader", ["c1"])[0]}

app = create_app(store=_store, keys=_keys)
# schemathesis calls the ASGI app without running its lifespan: set what the lifespan would.
app.state.store, app.state.keys, app.state.gate = _store, _keys, StoreGate(exclusive_writes=True)
app.state.settings = Settings(max_upload_mb=1)

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


def _call(case: schemathesis.Case, role: str) -> None:
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {KEYS[role]}"}
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_from_an_admin_makes_a_server_error(case: schemathesis.Case) -> None:
    _call(case, "admin")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_from_a_chain_leader_makes_a_server_error(case: schemathesis.Case) -> None:
    _call(case, "chain_leader")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)


@st.composite
def library_calls(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A query of the library and arbitrary JSON for some of its own parameters (and now and then another)."""
    name = draw(st.sampled_from(sorted(PARAMETERS)))
    names = st.sampled_from(sorted(PARAMETERS[name])) if PARAMETERS[name] else st.just("x")
    params = draw(st.dictionaries(names | st.text(max_size=6), JSON, max_size=4))
    return name, params


@given(call=library_calls())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_library_queries_answer_any_json_parameters_with_rows_or_a_clear_refusal(
    call: tuple[str, dict[str, object]]
) -> None:
    name, params = call
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.post(f"/api/v1/queries/{name}", json={"params": params},
                        headers={"Authorization": f"Bearer {KEYS['admin']}"})
    assert r.status_code in (200, 400), (name, params, r.text)
    if r.status_code == 400:
        assert r.json()["type"] == "/problems/bad-parameter"
