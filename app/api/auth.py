"""API keys and roles: who may call what, and which chains a chain-leader firm may see.

A key looks like `sg_<key id>_<secret>`. Only the SHA-256 of the secret is stored (the secret has
192 random bits, so a slow password hash adds nothing); the key id finds the row. Keys live in a
small SQLite file next to the data, so the CLI can create and revoke them while the server runs:
every request reads the row again, and a revoked key stops working at once.
"""

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

KEY_PREFIX = "sg"


class Role(StrEnum):
    """The four kinds of caller."""

    planner = "planner"
    """Planners (人社部门、规划人员): every analysis, city-wide; no writes."""
    chain_leader = "chain_leader"
    """A chain-leader firm (链主企业): its own chains' network, coverage, gaps and partners only."""
    analyst = "analyst"
    """Analysts: every analysis plus the named Cypher library; no writes."""
    admin = "admin"
    """Administrators: everything, including loading data."""

    @property
    def label_zh(self) -> str:
        return {"planner": "规划人员", "chain_leader": "链主企业", "analyst": "分析人员", "admin": "管理员"}[self.value]


class Principal(BaseModel):
    """The caller a key stands for."""

    key_id: str
    name: str
    role: Role
    chain_ids: list[str] = []

    @property
    def is_chain_leader(self) -> bool:
        return self.role is Role.chain_leader


class KeyInfo(Principal):
    created_at: str
    revoked_at: str | None = None
    expires_at: str | None = None


class KeyAdminError(ValueError):
    """A key cannot be created or revoked as asked."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyStore:
    """API keys in a SQLite file: create, list, revoke, and authenticate."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only: the hashes of the secrets and who holds which key.
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        os.chmod(path, 0o600)
        with self._db() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS api_keys ("
                " key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, chain_ids TEXT NOT NULL,"
                " secret_sha256 TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT, expires_at TEXT)"
            )
            columns = {row[1] for row in db.execute("PRAGMA table_info(api_keys)")}
            if "expires_at" not in columns:  # a keys file from before keys could expire
                db.execute("ALTER TABLE api_keys ADD COLUMN expires_at TEXT")

    def _reader(self) -> sqlite3.Connection:
        """This thread's connection for looking keys up: kept open, since every request needs one.
        Each lookup is a statement of its own, so it sees every revocation committed before it."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(self.path, timeout=10)
        return db

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def create(
        self, name: str, role: Role | str, chain_ids: Sequence[str] = (), expires_at: datetime | None = None
    ) -> tuple[str, KeyInfo]:
        """A new key: returns the key itself (shown once, never stored) and its record. Past `expires_at` (UTC)
        it stops working."""
        role = Role(role)
        chains = sorted(set(chain_ids))
        if role is Role.chain_leader and not chains:
            raise KeyAdminError("a chain_leader key must be bound to at least one chain id (--chain)")
        if role is not Role.chain_leader and chains:
            raise KeyAdminError(f"only chain_leader keys are bound to chains; a {role.value} key sees every chain")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(24)
        now = datetime.now(UTC)
        created = now.isoformat(timespec="seconds")
        expires = None
        if expires_at is not None:
            if expires_at.tzinfo is None:
                expires_at = expires_at.replace(tzinfo=UTC)
            if expires_at <= now:
                raise KeyAdminError(f"the expiry {expires_at.isoformat()} is not in the future")
            expires = expires_at.astimezone(UTC).isoformat(timespec="seconds")
        with self._db() as db:
            db.execute(
                "INSERT INTO api_keys (key_id, name, role, chain_ids, secret_sha256, created_at, revoked_at,"
                " expires_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
                (key_id, name, role.value, json.dumps(chains), _digest(secret), created, expires),
            )
        return f"{KEY_PREFIX}_{key_id}_{secret}", KeyInfo(
            key_id=key_id, name=name, role=role, chain_ids=chains, created_at=created, expires_at=expires
        )

    def list(self, include_revoked: bool = False) -> list[KeyInfo]:
        sql = "SELECT key_id, name, role, chain_ids, created_at, revoked_at, expires_at FROM api_keys"
        if not include_revoked:
            sql += " WHERE revoked_at IS NULL"
        with self._db() as db:
            rows = db.execute(sql + " ORDER BY created_at, key_id").fetchall()
        return [
            KeyInfo(key_id=k, name=n, role=Role(r), chain_ids=json.loads(c), created_at=t, revoked_at=v, expires_at=x)
            for k, n, r, c, t, v, x in rows
        ]

    def revoke(self, key_id: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db() as db:
            cur = db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL", (now, key_id)
            )
        if cur.rowcount == 0:
            raise KeyAdminError(f"no active key with id {key_id!r} (see `skillgraph keys list`)")

    def revoke_named(self, name: str) -> int:
        """Revoke every active key with this name; returns how many."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db() as db:
            cur = db.execute("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (now, name))
        return cur.rowcount

    def authenticate(self, key: str) -> Principal | None:
        """The principal of an active key, or None for a malformed, unknown, wrong, revoked or expired key."""
        parts = key.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        _, key_id, secret = parts
        row = self._reader().execute(
            "SELECT name, role, chain_ids, secret_sha256, expires_at FROM api_keys"
            " WHERE key_id = ? AND revoked_at IS NULL",
            (key_id,),
        ).fetchone()
        if row is None or not hmac.compare_digest(row[3], _digest(secret)):
            return None
        if row[4] is not None and datetime.fromisoformat(row[4]) <= datetime.now(UTC):
            return None
        return Principal(key_id=key_id, name=row[0], role=Role(row[1]), chain_ids=json.loads(row[2]))
