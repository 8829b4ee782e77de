"""The global search's vocabulary ``search_words`` replaces the trigram index on every title.

A typo search ("Schmitd") scanned the trigram index of all titles, whose lists for common
trigrams ("sch") grow with the records. Now it looks for similar words among the distinct words
of the titles (``gorilla.search.SearchWord``) and widens the full-text query with them. The
table exists on both databases; PostgreSQL fills it here from the index's titles (SQLite has no
trigrams and leaves it empty).

Revision ID: t0038
Revises: t0037
Create Date: 2026-12-06
"""

import re

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert as postgresql_insert

from gorilla.trigram import fold

revision = "t0038"
down_revision = "t0037"
branch_labels = None
depends_on = None

OPCLASS = "extensions.gin_trgm_ops"  # of the titles' index (downgrade)
BATCH = 2000
TITLE_WORD = re.compile(r"[^\W\d_]{3,40}")  # gorilla.search.TITLE_WORD at this revision
FOLDED_TITLE = (  # ix_search_index_title_trgm as t0021 made it
    "lower(replace(replace(replace(replace(replace(replace(replace(title,"
    " 'Ä', 'ae'), 'Ö', 'oe'), 'Ü', 'ue'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'))"
)


def _fill(connection: sa.Connection) -> None:
    titles = sa.table("search_index", sa.column("title"))
    words = sa.table("search_words", sa.column("word"), sa.column("folded"))
    found: set[str] = set()
    result = connection.execute(sa.select(titles.c.title))
    while rows := result.fetchmany(BATCH):
        found.update(word.lower() for (title,) in rows for word in TITLE_WORD.findall(title))
    ordered = sorted(found)
    for start in range(0, len(ordered), BATCH):
        batch = [{"word": word, "folded": fold(word)} for word in ordered[start : start + BATCH]]
        connection.execute(postgresql_insert(words).on_conflict_do_nothing(), batch)


def upgrade() -> None:
    op.create_table(
        "search_words",
        sa.Column("word", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE INDEX ix_search_words_folded_trgm ON search_words"
        " USING gist (folded extensions.gist_trgm_ops)"
    )
    op.drop_index("ix_search_index_title_trgm", table_name="search_index")
    _fill(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_search_index_title_trgm ON search_index"
            f" USING gin ({FOLDED_TITLE} {OPCLASS}) WITH (fastupdate = off)"
        )
    op.drop_table("search_words")
