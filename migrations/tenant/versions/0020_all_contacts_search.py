"""All contacts by last sign-in and global search at 100,000 contacts; who opened a session.

- PostgreSQL orders NULL after every timestamp in an ascending index, but the list counts
  "never signed in" as oldest: ``ix_contacts_last_login_desc`` (``last_login DESC NULLS LAST,
  id DESC``) serves both directions, forwards and backwards, so a page reads 25 rows instead of
  sorting every contact. SQLite's ``ix_contacts_last_login`` already orders NULL first.
- The GIN index of the search stops collecting new entries in a pending list (``fastupdate``)
  that every search reads linearly until a vacuum merges it (up to 4 MB: about 4 ms per search);
  the list a bulk write left behind is merged now.
- SQLite's FTS5 table of the search gets prefix indexes (``FTS_PREFIXES``): a prefix query
  matching tens of thousands of records reads one list instead of merging every word's list.
- ``auth_sessions.opened_by``: the staff member who signed in as a contact, so that
  withdrawing the right or deactivating the member ends that session at once.

Revision ID: t0020
Revises: t0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from gorilla.search import FTS_PREFIXES, FTS_TABLE, SQLITE_FTS

revision = "t0020"
down_revision = "t0019"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("auth_sessions", sa.Column("opened_by", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        _recreate_fts(FTS_PREFIXES)
        return
    op.drop_index("ix_contacts_last_login", table_name="contacts")
    op.execute(
        "CREATE INDEX ix_contacts_last_login_desc ON contacts"
        " (last_login DESC NULLS LAST, id DESC)"
    )
    op.execute("ALTER INDEX ix_search_index_document SET (fastupdate = off)")
    op.execute("SELECT pg_catalog.gin_clean_pending_list('ix_search_index_document'::regclass)")


def downgrade():
    with op.batch_alter_table("auth_sessions") as batch:
        batch.drop_column("opened_by")
    if op.get_bind().dialect.name != "postgresql":
        _recreate_fts("")
        return
    op.execute("ALTER INDEX ix_search_index_document RESET (fastupdate)")
    op.drop_index("ix_contacts_last_login_desc", table_name="contacts")
    op.create_index("ix_contacts_last_login", "contacts", ["last_login", "id"])


def _recreate_fts(prefixes: str) -> None:
    """SQLite: the FTS5 table anew (its triggers on ``search_index`` name it, so they stay)."""
    op.execute(f"DROP TABLE {FTS_TABLE}")
    create = SQLITE_FTS.format(prefixes=prefixes)
    op.execute(create if prefixes else create.replace(", prefix=''", ""))
    op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
