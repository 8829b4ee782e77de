"""Unique email addresses under simultaneous writes (staff and contacts).

Forms check the address first (``validate_email``), but two requests can pass that check at the
same moment; the unique index then refuses the later insert (PostgreSQL). ``email_kept_unique``
runs the insert in a savepoint and turns that refusal into ``EmailTaken``, so the view shows the
form's field error, not a 500, and the request's other work goes on.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from gorilla.extensions import db


class EmailTaken(ValueError):
    """Another account of this tenant already uses the email address."""


@contextmanager
def email_kept_unique(email: str | None, in_use: Callable[[str], object]) -> Iterator[None]:
    """Run the block in a savepoint, flushed at its end; when the database refuses it and
    ``in_use`` now finds ``email`` (any truthy answer), raise ``EmailTaken`` (the savepoint is
    rolled back, the request's transaction goes on)."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        if email and in_use(email):
            raise EmailTaken(email) from None
        raise
