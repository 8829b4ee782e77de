"""Gapless document numbers per prefix and year (``RE-`` + ``2026-0001``, ``AN-2026-0001``).

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


def next_number(setting: str, default_prefix: str, year: int, series: str = "") -> str:
    """Take the next number of ``year`` for the prefix in tenant setting ``setting``, in the
    current transaction. ``series`` keeps the counters of other documents (estimates, credit
    notes) apart from the invoices' even when staff choose the same prefix."""
    prefix = get_setting(setting, default_prefix)
    key = f"{series}{prefix}{year}"
    _ensure_row(key)
    number = db.session.execute(
        update(InvoiceSequence)
        .where(InvoiceSequence.prefix == key)
        .values(last_number=InvoiceSequence.last_number + 1)
        .returning(InvoiceSequence.last_number)
    ).scalar_one()
    return f"{prefix}{year}-{number:04d}"


def next_invoice_number(year: int) -> str:
    """Take the next invoice number of ``year`` in the current transaction."""
    return next_number("invoice_prefix", DEFAULT_PREFIX, year)
