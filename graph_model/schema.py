"""The Neo4j schema derived from the model: constraints, lookup indexes, the full-text index."""

from graph_model.nodes import ENTITY_LABEL, NODE_KINDS, ORGANISATION_LABEL

FULLTEXT_INDEX = "entity_names"
"""Full-text index over Chinese and English names; the CJK analyzer indexes character bigrams."""

LOOKUP_INDEXES: tuple[tuple[str, str], ...] = (
    ("Enterprise", "uscc"),
    ("Organisation", "uscc"),
    ("District", "code"),
    ("Occupation", "level"),
    ("Platform", "kind"),
    ("School", "school_type"),
    ("Retired", "id"),
)


def constraint_name(label: str) -> str:
    return f"{label.lower()}_id_unique"


def schema_statements() -> list[str]:
    """Idempotent Cypher statements that create the whole schema."""
    labels = [*NODE_KINDS, ORGANISATION_LABEL, ENTITY_LABEL]
    statements = [
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in labels
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in LOOKUP_INDEXES
    ]
    statements.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{ENTITY_LABEL}) "
        "ON EACH [n.name_zh, n.name_en, n.id, n.uscc] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    return statements
