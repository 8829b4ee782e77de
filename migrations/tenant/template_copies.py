"""Shipped templates inserted the way tenant migrations before t0010 did (``active`` per copy).

Migrations must not depend on today's models: t0003 and t0006 run before the switches table
exists (t0010), so they insert through this frozen description of the old table.
"""

import sqlalchemy as sa

from mail_templates.catalog import LANGUAGES, SPECS, default_content
from tenants.models import utcnow

copies = sa.table(
    "email_templates",
    sa.column("slug", sa.String),
    sa.column("language", sa.String),
    sa.column("subject", sa.String),
    sa.column("body_html", sa.Text),
    sa.column("body_text", sa.Text),
    sa.column("active", sa.Boolean),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def insert_missing_copies(connection: sa.Connection) -> None:
    """Insert every shipped (slug, language) the tenant lacks; existing rows stay untouched."""
    existing = set(connection.execute(sa.select(copies.c.slug, copies.c.language)).all())
    rows = [
        {
            "slug": spec.slug,
            "language": language,
            **vars(default_content(spec.slug, language)),
            "active": spec.active_by_default,
            "updated_at": utcnow(),
        }
        for spec in SPECS.values()
        for language in LANGUAGES
        if (spec.slug, language) not in existing
    ]
    if rows:
        connection.execute(copies.insert(), rows)
