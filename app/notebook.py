"""Jupyter magics for analysts: Cypher and the query library on the configured Neo4j, answered as DataFrames.

    %load_ext app.notebook

    %%cypher --param district=wanzhou
    MATCH (o:Organisation)-[:LOCATED_IN]->(:District {id: $district})
    RETURN o.id AS id, o.name_zh AS name_zh ORDER BY id

    %cypher_library region_gap --param region_kind=district --param region_id=wanzhou
    %cypher_library                      # the library itself: name, purpose, parameters, columns

The database is the one `NEO4J_URI` names (default bolt://localhost:7687), with `NEO4J_USER` /
`NEO4J_PASSWORD` when it needs a login. Needs the `analyst` (or `test`) extra: pandas and IPython.
"""

import ast
import json
import os
import re
from collections.abc import Mapping
from typing import Any, LiteralString, cast

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from queries import PARAMETERS, REQUIRED, ParameterError, UnknownQueryError, cypher_for, library, prepare_params
from store.base import StoreUnavailableError
from store.neo4j_store import Neo4jStore

DEFAULT_URI = "bolt://localhost:7687"

# Literals and comments are dropped before looking for `$name`, so '$5' in a string is not a parameter.
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.DOTALL)
_PARAMETER = re.compile(r"\$(?:([A-Za-z_]\w*)|`([^`]+)`)")


def neo4j_settings() -> tuple[str, tuple[str, str] | None]:
    """The Neo4j URI and login from the environment: NEO4J_URI, NEO4J_USER (default neo4j), NEO4J_PASSWORD."""
    uri = os.environ.get("NEO4J_URI") or DEFAULT_URI
    password = os.environ.get("NEO4J_PASSWORD")
    auth = (os.environ.get("NEO4J_USER") or "neo4j", password) if password else None
    return uri, auth


def neo4j_store() -> Neo4jStore:
    """A store on the configured Neo4j (see `neo4j_settings`), checked to answer; the analyses take it."""
    uri, auth = neo4j_settings()
    store = Neo4jStore(uri, auth=auth)
    try:
        store.verify()
    except StoreUnavailableError as exc:
        store.close()
        raise UsageError(f"{exc}\nStart one with `skillgraph neo4j start`, or set NEO4J_URI.") from None
    return store


def cypher_parameters(cypher: str) -> list[str]:
    """The `$name` parameters a Cypher text uses, in order of first use (literals and comments skipped)."""
    code = _NOT_CODE.sub(" ", cypher)
    names = [plain or quoted for plain, quoted in _PARAMETER.findall(code)]
    return list(dict.fromkeys(names))


def parse_param(option: str) -> tuple[str, Any]:
    """`name=value` from a `--param` option; the value is read as JSON or a Python literal, else kept as text.

    `year=2025` gives 2025, `levels=["senior_worker"]` a list, `region_id=wanzhou` the text
    'wanzhou', `year=null` or `year=None` None; quote a number to keep it text: `code="500101"`, and
    quote the whole option if the value has spaces: `'kinds=["Chain", "School"]'`.
    """
    if len(option) > 1 and option[0] == option[-1] and option[0] in "'\"":
        option = option[1:-1]  # IPython splits magic lines without removing quotes
    name, sep, text = option.partition("=")
    name = name.strip().lstrip("$")
    if not sep or not name.isidentifier():
        raise UsageError(f"--param {option!r}: expected name=value, e.g. --param region_id=wanzhou")
    for read in (json.loads, ast.literal_eval):
        try:
            return name, read(text)
        except (ValueError, TypeError, SyntaxError, RecursionError):
            continue
    return name, text


def library_frame() -> pd.DataFrame:
    """The query library: one row per query with its purpose, parameters (and defaults) and columns."""
    rows = []
    for name, info in library().items():
        declared = PARAMETERS.get(name, {})
        params = ", ".join(p if d is REQUIRED else f"{p}={d!r}" for p, d in declared.items())
        rows.append({"name": name, "purpose": info.purpose, "parameters": params, "columns": info.columns})
    return pd.DataFrame(rows, columns=["name", "purpose", "parameters", "columns"])


def _plain(value: Any) -> Any:
    # numpy scalars and arrays, pandas Series and Index: the driver takes plain Python values.
    return value.tolist() if hasattr(value, "tolist") else value


@magics_class
class CypherMagics(Magics):
    """`%%cypher` and `%cypher_library`; one connection per kernel, reopened if NEO4J_URI changes."""

    def __init__(self, shell: InteractiveShell | None = None) -> None:
        super().__init__(shell)
        self._store: Neo4jStore | None = None
        self._settings: tuple[str, tuple[str, str] | None] | None = None

    def store(self) -> Neo4jStore:
        settings = neo4j_settings()
        if self._store is None or settings != self._settings:
            if self._store is not None:
                self._store.close()
            self._store, self._settings = neo4j_store(), settings
        return self._store

    @magic_arguments()
    @argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
              help="a parameter of the query; otherwise $name is the notebook variable `name`")
    @argument("--out", "-o", metavar="VARIABLE", help="also store the DataFrame in this notebook variable")
    @cell_magic
    def cypher(self, line: str, cell: str) -> pd.DataFrame:
        """Run the cell's Cypher on the configured Neo4j and return its rows as a DataFrame.

        Each `$name` in the Cypher takes its value from `--param name=value`, else from the notebook
        variable `name`. Reads and writes both run (in an auto-commit transaction).
        """
        args = parse_argstring(self.cypher, line)
        params: dict[str, Any] = dict(parse_param(p) for p in args.param)
        namespace: Mapping[str, Any] = self.shell.user_ns if self.shell is not None else {}
        missing = []
        for name in cypher_parameters(cell):
            if name in params:
                continue
            if name in namespace:
                params[name] = _plain(namespace[name])
            else:
                missing.append(name)
        if missing:
            names, hint = ", ".join(f"${m}" for m in missing), " ".join(f"--param {m}=…" for m in missing)
            raise UsageError(f"no value for {names}: set a notebook variable of that name or pass {hint}")
        return self._out(args.out, self._run(cell, params))

    @magic_arguments()
    @argument("name", nargs="?", help="a query of the library (see `queries.library()`); none lists the library")
    @argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
              help="a parameter of the query; those not given take the library's default")
    @argument("--out", "-o", metavar="VARIABLE", help="also store the DataFrame in this notebook variable")
    @line_magic
    def cypher_library(self, line: str) -> pd.DataFrame:
        """Run a named query of the library on the configured Neo4j and return its rows as a DataFrame.

        Parameters come only from `--param` (IPython expands `{expression}` in the line, so
        `--param region_id={district}` uses a notebook variable); the rest take the library defaults.
        """
        args = parse_argstring(self.cypher_library, line)
        if args.name is None:
            return self._out(args.out, library_frame())
        try:
            cypher = cypher_for(args.name)
            params = prepare_params(args.name, dict(parse_param(p) for p in args.param))
        except (UnknownQueryError, ParameterError) as exc:
            raise UsageError(str(exc)) from None
        return self._out(args.out, self._run(cypher, params))

    def _run(self, cypher: str, params: dict[str, Any]) -> pd.DataFrame:
        store = self.store()
        try:
            with store.driver.session(database=store.database, bookmark_manager=store.bookmarks) as session:
                # The analyst's own text, as in Neo4j Browser; values still travel only as parameters.
                result = session.run(cast(LiteralString, cypher), params)
                keys = list(result.keys())
                rows = [record.data() for record in result]
        except ServiceUnavailable as exc:
            raise UsageError(f"Neo4j at {store.uri} is not reachable: {exc}") from None
        except Neo4jError as exc:
            raise UsageError(f"Neo4j refused the query: {exc.message}") from None
        # The columns in RETURN order, even when there are no rows.
        return pd.DataFrame(rows, columns=keys)

    def _out(self, variable: str | None, frame: pd.DataFrame) -> pd.DataFrame:
        if variable:
            if not variable.isidentifier():
                raise UsageError(f"--out {variable!r}: expected a Python variable name")
            if self.shell is not None:
                self.shell.user_ns[variable] = frame
        return frame


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """`%load_ext app.notebook` registers the magics."""
    ipython.register_magics(CypherMagics)


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """`%unload_ext app.notebook` closes the connection."""
    manager = ipython.magics_manager
    magics = manager.registry.get(CypherMagics.__name__) if manager is not None else None
    if isinstance(magics, CypherMagics) and magics._store is not None:
        magics._store.close()
        magics._store = None
