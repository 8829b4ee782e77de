"""Trigram indexes (PostgreSQL ``pg_trgm``) for name searches with typos and substrings.

The platform migration ``p0003`` installs ``pg_trgm`` once per database into the schema
``extensions`` (on Citus the coordinator propagates it to every worker). Tenant connections never
have that schema on their search path, so tenant DDL and queries name its objects qualified:
``extensions.gin_trgm_ops``, ``extensions.word_similarity()``, ``OPERATOR(extensions.%>)``.
These are the only objects outside the tenant schema a tenant table may refer to
(tests/test_tenant_distributable.py names them). SQLite has no trigram index; the indexes are
PostgreSQL-only and SQLite keeps its FTS5 prefix search.
"""

from sqlalchemy import Index, literal_column

SCHEMA = "extensions"
OPCLASS = f"{SCHEMA}.gin_trgm_ops"
# Umlauts written out, both cases, before lowering: "Müller", "MÜLLER", "Mueller" fold alike.
UMLAUTS = (
    ("Ä", "ae"),
    ("Ö", "oe"),
    ("Ü", "ue"),
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
)


def fold_sql(expression: str) -> str:
    """SQL folding ``expression`` like ``fold`` (only built-in functions: distributable)."""
    for umlaut, spelled in UMLAUTS:
        expression = f"replace({expression}, '{umlaut}', '{spelled}')"
    return f"lower({expression})"


def fold(value: str) -> str:
    """``value`` as ``fold_sql`` folds it in the database."""
    for umlaut, spelled in UMLAUTS:
        value = value.replace(umlaut, spelled)
    return value.lower()


def trigram_index(name: str, expression: str, **storage: str) -> Index:
    """A PostgreSQL-only GIN trigram index on the SQL ``expression`` (serves ``ILIKE '%…%'``,
    ``%`` and ``%>``); the query must repeat the expression exactly to use it. ``storage``:
    index storage parameters (``fastupdate="off"``)."""
    return Index(
        name,
        literal_column(expression).label("trgm"),
        postgresql_using="gin",
        postgresql_ops={"trgm": OPCLASS},
        postgresql_with=storage,
    ).ddl_if(dialect="postgresql")
