"""Local Neo4j 5 Community launcher: embedded DBMS with Bolt, managed from Python."""

from pathlib import Path

from neo4j_launcher.manager import (
    JVM_FLAGS,
    LauncherError,
    LocalNeo4j,
    build,
    build_dir,
    default_data_dir,
    start,
    status,
    stop,
)

LAUNCHER_DIR = Path(__file__).parent

__all__ = [
    "JVM_FLAGS",
    "LAUNCHER_DIR",
    "LauncherError",
    "LocalNeo4j",
    "build",
    "build_dir",
    "default_data_dir",
    "start",
    "status",
    "stop",
]
