"""Server-side sign-in sessions (tenant table): one row per sign-in of a staff member or contact.

The cookie carries a random session id; the row stores only its SHA-256. A realm's user loader
joins the row to the user in the one query that loads the user (``joined_to_session``), so a
signed-in page costs no extra round trip. A row lives while its user's session token is unchanged
(password change and deactivation rotate it), until it is idle for ``SESSION_IDLE_TIMEOUT`` or
older than ``SESSION_MAX_AGE`` seconds, or until it is ended (sign-out, "sign out everywhere").
Expired rows are purged whenever someone signs in to the tenant; rows whose token was rotated
are never touched again and expire with the idle timeout.
"""

import hashlib
import secrets
import time
from datetime import UTC, datetime

from flask import current_app, g, request
from sqlalchemy import (
    BigInteger,
    Index,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column

from gorilla.extensions import db
from tenants.model_base import TenantModel
from tenants.sqlite import holds_write_lock

# ``last seen`` is written when it is at least this many seconds old, not on every request.
TOUCH_INTERVAL = 60


def _now() -> int:
    return int(time.time())


class AuthSession(TenantModel):
    """One signed-in browser of a staff member (realm ``staff``) or a contact (``contact``)."""

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_realm_user_id", "realm", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    realm: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(Integer)
    # The user's session token at sign-in: rotating it (password change, deactivation) ends the row.
    user_token: Mapped[str] = mapped_column(String(64))
    # Unix seconds: compared on every signed-in request, where integers need no conversion.
    created: Mapped[int] = mapped_column(BigInteger, default=_now)
    last_seen: Mapped[int] = mapped_column(BigInteger, default=_now)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    # The staff member who opened this session as the user ("sign in as contact"), else NULL.
    opened_by: Mapped[int | None] = mapped_column(Integer)

    @property
    def created_at(self) -> datetime:
        """When the session began (UTC)."""
        return datetime.fromtimestamp(self.created, UTC)

    @property
    def last_seen_at(self) -> datetime:
        """The session's last request, to the minute (UTC)."""
        return datetime.fromtimestamp(self.last_seen, UTC)


def key_hash(session_id: str) -> str:
    """What is stored of a session id: its SHA-256 (hex)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def joined_to_session(statement: Select, user_model) -> Select:
    """``statement`` (selecting one user of ``user_model`` by ``:token``) joined to the live
    session row ``:key`` of that user; adds the row's id and its ``last seen``. The row is
    aliased, so its columns are named without the tenant's schema (PostgreSQL translates each
    schema-qualified name on every execution)."""
    row = aliased(AuthSession, name="signed_in")
    return statement.join(
        row,
        and_(
            row.user_id == user_model.id,
            row.realm == user_model.realm,
            row.user_token == user_model.session_token,
            row.key_hash == bindparam("key"),
            row.last_seen > bindparam("idle_since"),
            row.created > bindparam("born_after"),
        ),
    ).add_columns(row.id, row.last_seen)


def _limits(now: int) -> dict[str, int]:
    config = current_app.config
    return {
        "idle_since": now - config["SESSION_IDLE_TIMEOUT"],
        "born_after": now - config["SESSION_MAX_AGE"],
    }


def load_signed_in(statement: Select, token: str, session_id: str):
    """The user of a ``joined_to_session`` statement, or ``None`` when the session has ended;
    keeps the row's id in ``g.auth_session_id`` and writes ``last seen`` at most once per
    ``TOUCH_INTERVAL``."""
    now = _now()
    params = {"token": token, "key": key_hash(session_id)} | _limits(now)
    found = db.session.execute(statement, params).first()
    if found is None:
        return None
    user, row_id, last_seen = found
    g.auth_session_id = row_id
    if last_seen <= now - TOUCH_INTERVAL:
        _touch(row_id, now)
    return user


def _touch(row_id: int, now: int) -> None:
    """Write ``last seen`` in a short transaction on a connection of its own: the request's
    transaction (on SQLite a read snapshot that could not be upgraded to a write) stays as it
    is, and the user just loaded is not expired. A writing request on SQLite already holds the
    file's write lock, so there the write joins the request's transaction (and its commit after
    the view, ``gorilla.unit_of_work``)."""
    write_aside(update(AuthSession).where(AuthSession.id == row_id).values(last_seen=now))


def write_aside(statement) -> None:
    """Run a small bookkeeping ``UPDATE`` (last seen, last used) on a connection of its own
    (see ``_touch``), or in the request's transaction when that already holds the write lock."""
    if holds_write_lock():
        db.session.execute(statement.execution_options(synchronize_session=False))
        return
    engine = db.session.get_bind(mapper=statement.entity_description["entity"].__mapper__)
    with engine.begin() as connection:
        connection.execute(statement)


def start_session(user, replaces: str | None = None, opened_by: int | None = None) -> str:
    """Record a sign-in of ``user`` from this request (in the request's transaction); returns
    the new session id (for the cookie). The session ``replaces`` (this browser's previous
    one) and the tenant's expired rows are deleted on the way; ``opened_by`` is the id of the
    staff member who signs in as ``user``."""
    purge_expired(replaces)
    session_id = secrets.token_urlsafe(32)
    db.session.add(
        AuthSession(
            key_hash=key_hash(session_id),
            realm=user.realm,
            user_id=user.id,
            user_token=user.session_token,
            user_agent=(request.user_agent.string or "")[:255],
            ip_address=(request.remote_addr or "")[:45],
            opened_by=opened_by,
        )
    )
    return session_id


def end_session(session_id: str) -> None:
    """Delete the row of ``session_id`` (sign-out, in the request's transaction)."""
    db.session.execute(delete(AuthSession).where(AuthSession.key_hash == key_hash(session_id)))


def _of(user) -> tuple:
    return (AuthSession.realm == user.realm, AuthSession.user_id == user.id)


def end_sessions(user, session_row_id: int | None = None) -> int:
    """End every session of ``user`` (or only its row ``session_row_id``), in the caller's
    transaction; returns how many rows were deleted."""
    statement = delete(AuthSession).where(*_of(user))
    if session_row_id is not None:
        statement = statement.where(AuthSession.id == session_row_id)
    return db.session.execute(statement).rowcount


def end_opened_by(staff_id: int) -> list[tuple[str, int]]:
    """End every session the staff member ``staff_id`` opened as another user (in the
    caller's transaction); returns ``(realm, user id)`` of each ended one."""
    ended = select(AuthSession.id, AuthSession.realm, AuthSession.user_id).where(
        AuthSession.opened_by == staff_id
    )
    rows = db.session.execute(ended.order_by(AuthSession.id)).all()
    if rows:
        db.session.execute(delete(AuthSession).where(AuthSession.id.in_([row.id for row in rows])))
    return [(row.realm, row.user_id) for row in rows]


def end_realm_sessions(realm: str, user_ids: Select) -> None:
    """End every session of the users of ``realm`` whose ids ``user_ids`` selects (in the
    caller's transaction)."""
    db.session.execute(
        delete(AuthSession).where(AuthSession.realm == realm, AuthSession.user_id.in_(user_ids))
    )


def live_sessions(user) -> list[AuthSession]:
    """The live sessions of ``user``, most recently seen first (the "signed-in devices")."""
    limits = _limits(_now())
    return db.session.scalars(
        select(AuthSession)
        .where(*_of(user), AuthSession.user_token == user.session_token)
        .where(AuthSession.last_seen > limits["idle_since"])
        .where(AuthSession.created > limits["born_after"])
        .order_by(AuthSession.last_seen.desc(), AuthSession.id.desc())
    ).all()


def purge_expired(session_id: str | None = None) -> None:
    """Delete the tenant's rows that are idle or too old, and the row of ``session_id`` (in the
    caller's transaction)."""
    limits = _limits(_now())
    ended = [
        AuthSession.last_seen <= limits["idle_since"],
        AuthSession.created <= limits["born_after"],
    ]
    if session_id:
        ended.append(AuthSession.key_hash == key_hash(session_id))
    db.session.execute(delete(AuthSession).where(or_(*ended)))
