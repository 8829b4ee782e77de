"""Signed, expiring, purpose-bound tokens for links sent by email or handed over.

Password links (``make_link``/``read_link``) are bound to a per-purpose salt and to a random
per-account nonce kept in the tenant database (``link_nonce``), which no user can read: issuing
a link rotates the nonce (older links die) and using one spends it (``spend_link``, or
``set_password_by_link``, which claims it so that of simultaneous uses only one wins; for
many accounts at once ``spend_links``).
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update

from gorilla.extensions import db
from gorilla.passwords import hash_password, new_session_token


class TokenInvalid(ValueError):
    """The token is tampered, expired, for another purpose or already used."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"gorilla.{purpose}")


def fingerprint(*parts: str | None) -> str:
    """A short digest of account state; a token carrying it dies when that state changes."""
    joined = "\x1f".join(part or "" for part in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    """Sign ``payload`` for ``purpose`` (the salt keeps purposes apart)."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """The payload of a valid token no older than ``max_age`` seconds, else TokenInvalid."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenInvalid("expired") from error
    except BadSignature as error:
        raise TokenInvalid("invalid") from error
    if not isinstance(payload, dict):
        raise TokenInvalid("invalid")
    return payload


def _link_state(account) -> str:
    """What must not change while a link is valid: nonce, password, email (and for contacts
    the token version staff bump on deactivation)."""
    version = getattr(account, "token_version", None)
    return hmac.new(
        account.link_nonce.encode(),
        "\x1f".join((account.password_hash or "", account.email, str(version))).encode(),
        hashlib.sha256,
    ).hexdigest()


def make_link(purpose: str, tenant_id: str, account) -> str:
    """A ``purpose`` token for ``account`` (staff or contact); rotates its nonce, so every
    older link of the account dies once the caller commits."""
    account.link_nonce = secrets.token_urlsafe(24)
    return make_token(purpose, {"t": tenant_id, "a": account.id, "f": _link_state(account)})


def read_link(
    purpose: str, token: str, max_age: int, tenant_id: str, load: Callable[[int], Any]
) -> Any:
    """The active account a valid, unspent ``purpose`` token of tenant ``tenant_id`` names
    (``load`` fetches it by id), else ``TokenInvalid``."""
    payload = read_token(purpose, token, max_age)
    if payload.get("t") != tenant_id:
        raise TokenInvalid("other tenant")
    account_id = payload.get("a")
    account = load(account_id) if isinstance(account_id, int) else None
    if account is None or not account.active:
        raise TokenInvalid("unknown account")
    state = payload.get("f")
    if not (account.link_nonce and isinstance(state, str)) or not hmac.compare_digest(
        _link_state(account), state
    ):
        raise TokenInvalid("used")
    return account


def spend_link(account) -> None:
    """Kill every outstanding link of ``account`` (a link was used or its password changed)."""
    account.link_nonce = None


def set_password_by_link(account, password: str) -> bool:
    """Set ``account``'s password, end its other sessions and spend its link in one UPDATE that
    only matches while the nonce is still the one the link was read with. Of simultaneous uses
    of one link exactly one wins (``True``, refreshed, commit pending); the others roll back
    and get ``False``."""
    model = type(account)
    claimed = db.session.execute(
        update(model)
        .where(model.id == account.id, model.link_nonce == account.link_nonce)
        .values(
            password_hash=hash_password(password),
            session_token=new_session_token(),
            link_nonce=None,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    db.session.refresh(account)
    return True


def spend_links(model, *where) -> None:
    """Kill every outstanding link of the ``model`` accounts matching ``where`` (in the
    caller's transaction), e.g. the contacts of a deactivated customer."""
    db.session.execute(update(model).where(*where).values(link_nonce=None))
