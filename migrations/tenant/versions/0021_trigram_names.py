"""Trigram indexes for names (PostgreSQL only; SQLite keeps FTS5 with its prefix indexes).

- ``ix_search_index_title_trgm``: the global search finds titles (customer companies, contact
  names, project and task names, invoice numbers) with typos or spelled otherwise ("Müler",
  "Mueller" find "Müller GmbH") on the folded title (umlauts spelled out, lower case).
- ``ix_contacts_search_trgm`` and ``ix_customers_company_trgm``: the all-contacts search
  (``ILIKE '%term%'`` over name, email, phone number and company) reads the matching contacts
  instead of every contact.

``pg_trgm`` is installed by the platform migration ``p0003`` into the schema ``extensions``; the
operator class is named qualified, as the tenant's search path holds only the tenant schema.

Revision ID: t0021
Revises: t0020
Create Date: 2026-12-06
"""

from alembic import op

OPCLASS = "extensions.gin_trgm_ops"
# The expressions as the models had them at this revision (gorilla.search.FOLDED_TITLE,
# crm.contacts.models.SEARCHABLE_TEXT); a query uses an index only on exactly its expression.
FOLDED_TITLE = (
    "lower(replace(replace(replace(replace(replace(replace(replace(title,"
    " 'Ä', 'ae'), 'Ö', 'oe'), 'Ü', 'ue'), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss'))"
)
SEARCHABLE_TEXT = (
    "((((((firstname::text || ' '::text) || lastname::text) || ' '::text)"
    " || email::text) || ' '::text) || phonenumber::text)"
)

revision = "t0021"
down_revision = "t0020"
branch_labels = None
depends_on = None

# The search's index without pending list, as its full-text index (t0020); the contacts' and
# companies' with the default, so that bulk imports stay fast.
INDEXES = {
    "ix_search_index_title_trgm": ("search_index", FOLDED_TITLE, " WITH (fastupdate = off)"),
    "ix_contacts_search_trgm": ("contacts", SEARCHABLE_TEXT, ""),
    "ix_customers_company_trgm": ("customers", "company", ""),
}


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, expression, storage) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression} {OPCLASS}){storage}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
