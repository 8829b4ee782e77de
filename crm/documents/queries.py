"""The staff lists' filter every sales document repeats: a status, some shown only (an
``expired`` or ``overdue`` document is stored under another status), and the customer."""

from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, false, func, not_


def by_status_and_customer(
    query: Select,
    model,
    filters,
    shown: str,
    shown_when: ColumnElement[bool],
    stored_as: Collection[str],
) -> Select:
    """``query`` narrowed to ``filters.status`` and ``filters.customer_id``. The status
    ``shown`` is the rows meeting ``shown_when``; the statuses ``stored_as`` (those it is
    stored under) list only their rows that do not (nor those where it is unknown: a sent
    estimate without a valid-until date is sent, not expired)."""
    if filters.status == shown:
        query = query.where(shown_when)
    elif filters.status in stored_as:
        query = query.where(
            model.status == filters.status, not_(func.coalesce(shown_when, false()))
        )
    elif filters.status:
        query = query.where(model.status == filters.status)
    if filters.customer_id:
        query = query.where(model.customer_id == filters.customer_id)
    return query
