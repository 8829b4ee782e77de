"""Gapless invoice numbers per prefix and year (``RE-`` + ``2026-0001``).

The counter row is incremented with ``UPDATE … RETURNING`` inside the transaction that
inserts the invoice: the row stays locked until that transaction ends, so concurrent
creations take turns, and a rolled-back creation gives its number back.
"""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite

from gorilla.extensions import db
from tenants.settings import get_setting

from .models import InvoiceSequence

DEFAULT_PREFIX = "RE-"  # the tenant setting ``invoice_prefix`` (seeded with this value)


def _ensure_row(key: str) -> None:
    dialect = (
        postgresql if db.session.get_bind(InvoiceSequence).dialect.name == "postgresql" else sqlite
    )
    db.session.execute(
        dialect.insert(InvoiceSequence)
        .values(prefix=key, last_number=0)
        .on_conflict_do_nothing(index_elements=["prefix"])
    )


def next_invoice_number(year: int) -> str:
    """Take the next number of ``year`` in the current transaction."""
    key = f"{get_setting('invoice_prefix', DEFAULT_PREFIX)}{year}"
    _ensure_row(key)
    number = db.session.execute(
        update(InvoiceSequence)
        .where(InvoiceSequence.prefix == key)
        .values(last_number=InvoiceSequence.last_number + 1)
        .returning(InvoiceSequence.last_number)
    ).scalar_one()
    return f"{key}-{number:04d}"
