"""The all-contacts search reads one column: ``contacts.search_text``.

Each contact's name, email, phone number and its customer's company, folded as
``crm.contacts.models.search_text_of`` folds them (filled here in batches, kept in step by
``crm.contacts.search_text``). On PostgreSQL a trigram index on it replaces the expression
index on the contact's fields and the index on the companies (``ix_contacts_search_trgm``,
``ix_customers_company_trgm``), and the name index carries it (``INCLUDE``), so that a search
for a common word reads the names in order until the page is full; the planner samples 1,000
search texts (instead of 100) to tell a common word from a rare one. SQLite gets an FTS5 table
with the trigram tokenizer over the search texts (``contacts_fts``), kept in step by triggers,
and a name index with the search text as its last column (``ix_contacts_name_text``).

Revision ID: t0037
Revises: t0036
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

from crm.contacts.models import SEARCH_FTS, SQLITE_SEARCH_DDL, search_text_of
from tenants.distribution import has_citus

revision = "t0037"
down_revision = "t0036"
branch_labels = None
depends_on = None

BATCH = 1000
OPCLASS = "extensions.gin_trgm_ops"
SEARCHABLE_TEXT = (  # ix_contacts_search_trgm as t0021 made it
    "((((((firstname::text || ' '::text) || lastname::text) || ' '::text)"
    " || email::text) || ' '::text) || phonenumber::text)"
)


def _trigram_index(name: str, table: str, expression: str) -> None:
    op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression} {OPCLASS})")


def _fill(connection: sa.Connection) -> None:
    """Write every contact's text, ``BATCH`` contacts (in id order) per read and per
    ``UPDATE … FROM (VALUES …)`` (SQLite: per executemany)."""
    contacts = sa.table(
        "contacts", *(sa.column(name) for name in ("id", "customer_id", "firstname",
                                                   "lastname", "email", "phonenumber",
                                                   "search_text"))
    )  # fmt: skip
    customers = sa.table("customers", sa.column("id"), sa.column("company"))
    read = (
        sa.select(contacts, customers.c.company)
        .join(customers, customers.c.id == contacts.c.customer_id)
        .order_by(contacts.c.id)
        .limit(BATCH)
    )
    one_by_one = (
        sa.update(contacts)
        .where(contacts.c.id == sa.bindparam("contact_id"))
        .values(search_text=sa.bindparam("text"))
    )
    last = 0
    while rows := connection.execute(read.where(contacts.c.id > last)).mappings().all():
        texts = [(row["id"], search_text_of(row, row["company"])) for row in rows]
        if connection.dialect.name == "postgresql":  # one statement (SQLite: no VALUES alias)
            values = sa.values(
                sa.column("contact_id", sa.Integer), sa.column("text", sa.Text), name="texts"
            ).data(texts)
            connection.execute(
                sa.update(contacts)
                .where(contacts.c.id == values.c.contact_id)
                .values(search_text=values.c.text)
            )
        else:
            params = [{"contact_id": contact_id, "text": text} for contact_id, text in texts]
            connection.execute(one_by_one, params)
        last = texts[-1][0]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    # The indexes the column replaces go first: the fill then maintains fewer indexes.
    op.drop_index("ix_contacts_name", table_name="contacts")
    if postgresql:
        op.drop_index("ix_contacts_search_trgm", table_name="contacts")
        op.drop_index("ix_customers_company_trgm", table_name="customers")
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _fill(op.get_bind())
    if not postgresql:  # the default stays: dropping it would copy the table on SQLite
        op.create_index(
            "ix_contacts_name_text", "contacts", ["lastname", "firstname", "id", "search_text"]
        )
        for statement in SQLITE_SEARCH_DDL:
            op.execute(statement)
        op.execute(f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}) VALUES ('rebuild')")
        return
    op.alter_column("contacts", "search_text", server_default=None)
    op.create_index(
        "ix_contacts_name",
        "contacts",
        ["lastname", "firstname", "id"],
        postgresql_include=["search_text"],
    )
    _trigram_index("ix_contacts_search_text_trgm", "contacts", "search_text")
    if not has_citus(op.get_bind()):  # Citus refuses it on a distributed table
        op.execute("ALTER TABLE contacts ALTER COLUMN search_text SET STATISTICS 1000")
    op.execute("ANALYZE contacts")  # the planner tells common words from rare ones at once


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for trigger in ("contacts_fts_ai", "contacts_fts_ad", "contacts_fts_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute(f"DROP TABLE {SEARCH_FTS}")
        op.drop_index("ix_contacts_name_text", table_name="contacts")
        op.create_index("ix_contacts_name", "contacts", ["lastname", "firstname", "id"])
    else:
        op.drop_index("ix_contacts_search_text_trgm", table_name="contacts")
        op.drop_index("ix_contacts_name", table_name="contacts")
        op.create_index("ix_contacts_name", "contacts", ["lastname", "firstname", "id"])
        _trigram_index("ix_customers_company_trgm", "customers", "company")
        _trigram_index("ix_contacts_search_trgm", "contacts", SEARCHABLE_TEXT)
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("search_text")
