"""Trigram indexes (PostgreSQL ``pg_trgm``) for name searches with typos and substrings.

The platform migration ``p0003`` installs ``pg_trgm`` once per database into the schema
``extensions`` (on Citus the coordinator propagates it to every worker). Tenant connections never
have that schema on their search path, so tenant DDL and queries name its objects qualified:
``extensions.gin_trgm_ops``, ``extensions.gist_trgm_ops``, ``OPERATOR(extensions.%>)``.
These are the only objects outside the tenant schema a tenant table may refer to
(tests/test_tenant_distributable.py names them). The indexes are PostgreSQL-only: SQLite's
all-contacts search has an FTS5 table with the trigram tokenizer, its global search FTS5 word
prefixes.
"""

from sqlalchemy import Index, literal_column

SCHEMA = "extensions"
OPCLASSES = {"gin": f"{SCHEMA}.gin_trgm_ops", "gist": f"{SCHEMA}.gist_trgm_ops"}
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


def fold(value: str) -> str:
    """``value`` folded for substring and similarity matching: umlauts and ß spelled out,
    lower case ("Müller", "MÜLLER" and "Mueller" all become "mueller")."""
    for umlaut, spelled in UMLAUTS:
        value = value.replace(umlaut, spelled)
    return value.lower()


def trigram_index(name: str, expression: str, using: str = "gin", **storage: str) -> Index:
    """A PostgreSQL-only trigram index on the SQL ``expression``: GIN (serves ``LIKE '%…%'``,
    ``%`` and ``%>``) or GiST (serves those and, nearest first, ``ORDER BY … <->> …``); the
    query must repeat the expression exactly to use it. ``storage``: index storage parameters
    (``fastupdate="off"``)."""
    return Index(
        name,
        literal_column(expression).label("trgm"),
        postgresql_using=using,
        postgresql_ops={"trgm": OPCLASSES[using]},
        postgresql_with=storage,
    ).ddl_if(dialect="postgresql")
