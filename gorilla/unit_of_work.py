"""The transaction rule: services never commit; a writing request commits once, after its view.

* **Services** change the session and flush when they need ids or the database's checks; they
  never commit. A view may call several of them: their changes form one transaction.
* **A writing request** (POST, PUT, PATCH, DELETE, or a GET view marked ``writes_on_get``)
  commits in an ``after_request`` hook when its response is a success or a redirect (status
  below 400); a form re-rendered with its errors (200) commits too. The hook runs before the
  other ``after_request`` hooks (mail hand-over, session cookie), and a failing commit raises
  there: the client gets a 500, never a success for lost work. On SQLite that one commit
  releases the write lock the request took with ``BEGIN IMMEDIATE``.
* **Everything else rolls back** when the session ends: reading requests, error answers (400
  bad CSRF token, 403, 404, 409, 410 used link, 429 too many sign-ins) and exceptions. Work
  that must last whatever the answer uses ``commit_now`` (below).
* **A refusal the view shows** (email taken, mail template switched off, bad picture) must not
  leave half-done changes behind, since the re-rendered form commits: such a service validates
  before it changes anything, or writes in a savepoint (``db.session.begin_nested()``) that
  the refusal rolls back.
* **Effects outside the database** follow the transaction: ``on_commit`` (delete a replaced
  picture) and ``on_rollback`` (delete a picture stored for a change that did not last).
* **``commit_now``** is the only other commit. Its callers are a closed list, checked by
  ``tests/test_transaction_rule.py``: CLI commands; tenant provisioning and lifecycle (schema or
  file, registry row and directory cache change together); the mail sender, which runs after
  the request (leases visible to other senders before it talks to SMTP); sign-in failures
  (counted even when the answer is 429); and work in a ``tenant_context`` of its own.
  ``gorilla.sessions`` writes "last seen" of a reading request on a connection of its own.
"""

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, SessionTransaction

from gorilla.extensions import db
from tenants.sqlite import request_writes

ON_COMMIT, ON_ROLLBACK = "gorilla.on_commit", "gorilla.on_rollback"
LISTENING = "gorilla.unit_of_work_listening"


def attributes_changed(instance: Any, names: Iterable[str]) -> bool:
    """Whether the next flush writes a new value into any of the attributes ``names`` of the
    loaded ``instance`` (for flush listeners that keep derived data in step)."""
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in names)


def commit_now() -> None:
    """Commit the session at once: only for the exceptions named in this module's docstring."""
    db.session.commit()


def _callbacks(kind: str) -> list[Callable[[], object]]:
    """The session's ``kind`` callbacks; the first one makes the session report its ends (a
    session without callbacks, as most requests have, pays nothing)."""
    session = db.session()
    if not session.info.get(LISTENING):
        session.info[LISTENING] = True
        event.listen(session, "after_commit", _committed)
        event.listen(session, "after_transaction_end", _ended)
    return session.info.setdefault(kind, [])


def on_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the current transaction has committed (dropped on rollback)."""
    _callbacks(ON_COMMIT).append(callback)


def on_rollback(callback: Callable[[], object]) -> None:
    """Run ``callback`` when the current transaction ends without a commit."""
    _callbacks(ON_ROLLBACK).append(callback)


def _committed(session: Session) -> None:
    if session.in_nested_transaction():  # a released savepoint commits nothing yet
        return
    session.info.pop(ON_ROLLBACK, None)
    for callback in session.info.pop(ON_COMMIT, ()):
        callback()


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(ON_COMMIT, None)  # still there: the transaction did not commit
    for callback in session.info.pop(ON_ROLLBACK, ()):
        callback()


def commit_after_view(response: Response) -> Response:
    """``after_request``: a writing request whose answer is below 400 commits its work."""
    if response.status_code < 400 and request_writes():
        db.session.commit()
    return response


def init_app(app: Flask) -> None:
    """Install the rule; call it after every other ``after_request`` hook is registered, so
    that the commit runs first (Flask runs them in reverse order)."""
    app.after_request(commit_after_view)
