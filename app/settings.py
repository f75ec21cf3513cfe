"""All configuration in one place, from SKILLGRAPH_* environment variables (and NEO4J_USER/PASSWORD)."""

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path("~/.local/share/skillgraph").expanduser()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SKILLGRAPH_", env_file=".env", extra="ignore")

    store: str = Field(
        default=f"memory://{DEFAULT_HOME / 'graph.db'}",
        description="memory:///path/graph.db for the embedded store, neo4j://host:7687 for Neo4j",
    )
    neo4j_user: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_USER", "SKILLGRAPH_NEO4J_USER"))
    neo4j_password: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "SKILLGRAPH_NEO4J_PASSWORD")
    )
    neo4j_database: str | None = None
    neo4j_timeout: float = Field(
        default=3.0, gt=0, description="seconds to wait for Neo4j before an API request answers 503"
    )
    keys: Path = Field(default=DEFAULT_HOME / "keys.db", description="the API keys file (SQLite, secrets hashed)")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64, description="server processes sharing the port (Neo4j only)")
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="the proxies whose X-Forwarded-For is believed (comma-separated addresses, or * where only the "
                    "proxy can reach the API): the client address the brake on guessing keys counts is then the "
                    "proxy's client, not the proxy",
    )
    max_upload_mb: int = Field(default=200, gt=0, description="largest file the ingest endpoint accepts")
    max_upload_rows: int = Field(
        default=200_000, gt=0, description="most data rows of one uploaded file (bigger loads: `skillgraph ingest`)"
    )
    auth_failures: int = Field(
        default=20, ge=1, description="failed authentications from one address in `auth_window` seconds before 429",
    )
    auth_window: float = Field(default=60.0, gt=0, description="the window of `auth_failures`, in seconds")
    answer_cache_mb: int = Field(
        default=256, ge=0,
        description="memory for answers kept until the data changes (app/api/answers.py); 0 turns keeping off",
    )

    def neo4j_auth(self) -> tuple[str, str] | None:
        if self.neo4j_password is None:
            return None
        return (self.neo4j_user or "neo4j", self.neo4j_password)
