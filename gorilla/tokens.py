"""Signed, expiring links sent by email or handed over: one ``issue``/``verify`` pair for every
flow (contact set-password and reset, staff invite/reset, staff email verification, sign-up
hand-off, a self-registered contact's email confirmation).

Each ``Purpose`` is declared here once, with the setting that holds its lifetime (``RULES``); a
token signs with its purpose's own salt and names its tenant, its account (staff or contact)
and a digest of the account state it must not outlive (email, for single-use links also
password hash and token version).

Single use works the same way for every single-use purpose: the digest is keyed with a random
per-account nonce kept in the tenant database (``link_nonce``), which no user can read. Issuing
rotates the nonce (the account's older links die), the link's effect spends it (``claim``, in
the one UPDATE that also makes the effect, so that of simultaneous uses only one wins), and
``spend_link``/``spend_links`` kill outstanding links (password changed, account deactivated).

Email verification links are reusable until they expire: confirming twice is harmless, the
link dies with the address it names, and it must not rotate the nonce, because sign-up sends it
while the account's hand-off link is still outstanding.
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flask import current_app, g
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update

from gorilla.extensions import db
from gorilla.passwords import hash_password, new_session_token
from tenants.models import TenantInfo


class Purpose(StrEnum):
    """What a link is for (the contact purposes are also the slugs of their emails)."""

    CONTACT_SET_PASSWORD = "contact-set-password"
    CONTACT_FORGOT_PASSWORD = "contact-forgot-password"
    STAFF_SET_PASSWORD = "staff-set-password"
    STAFF_VERIFY_EMAIL = "staff-verify-email"
    SIGNUP_HANDOFF = "signup-handoff"
    CONTACT_CONFIRM_REGISTRATION = "contact-confirm-registration"
    CONTACT_MAGIC_LINK = "contact-magic-link"


@dataclass(frozen=True)
class Rule:
    """The setting holding a purpose's lifetime in seconds, and whether its links are single use."""

    max_age_setting: str
    single_use: bool = True


RULES = {
    Purpose.CONTACT_SET_PASSWORD: Rule("SET_PASSWORD_MAX_AGE"),
    Purpose.CONTACT_FORGOT_PASSWORD: Rule("FORGOT_PASSWORD_MAX_AGE"),
    Purpose.STAFF_SET_PASSWORD: Rule("STAFF_SET_PASSWORD_MAX_AGE"),
    Purpose.STAFF_VERIFY_EMAIL: Rule("STAFF_VERIFY_EMAIL_MAX_AGE", single_use=False),
    Purpose.SIGNUP_HANDOFF: Rule("HANDOFF_MAX_AGE"),
    Purpose.CONTACT_CONFIRM_REGISTRATION: Rule("REGISTRATION_CONFIRM_MAX_AGE"),
    Purpose.CONTACT_MAGIC_LINK: Rule("MAGIC_LINK_MAX_AGE"),
}


class TokenInvalid(ValueError):
    """The token is tampered, expired, for another purpose or tenant, or already used."""


def max_age(purpose: Purpose) -> int:
    """Lifetime in seconds of a link of ``purpose``, from the app's config."""
    return int(current_app.config[RULES[purpose].max_age_setting])


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"gorilla.{purpose}")


def _state(purpose: Purpose, account) -> str:
    """Digest of what must not change while a link of ``purpose`` is valid."""
    if not RULES[purpose].single_use:
        key, parts = "", (account.email,)
    else:
        version = getattr(account, "token_version", None)  # contacts only
        key, parts = account.link_nonce, (account.password_hash or "", account.email, str(version))
    return hmac.new(key.encode(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def issue(purpose: Purpose, account, tenant: TenantInfo | None = None) -> str:
    """A ``purpose`` token for ``account`` (staff or contact) of ``tenant`` (default: the
    current one). A single-use purpose rotates the account's nonce: its older links die once
    the caller commits."""
    if RULES[purpose].single_use:
        account.link_nonce = secrets.token_urlsafe(24)
    payload = {"t": (tenant or g.tenant).id, "a": account.id, "f": _state(purpose, account)}
    return _serializer(purpose).dumps(payload)


def verify(purpose: Purpose, token: str, load: Callable[[int], Any]) -> Any:
    """The active account a valid, unspent ``purpose`` token of the current tenant names
    (``load`` fetches it by id), else ``TokenInvalid``. Spend a single-use link with ``claim``."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as error:
        raise TokenInvalid("expired") from error
    except BadSignature as error:
        raise TokenInvalid("invalid") from error
    if not isinstance(payload, dict):
        raise TokenInvalid("invalid")
    if payload.get("t") != g.tenant.id:
        raise TokenInvalid("other tenant")
    account_id = payload.get("a")
    account = load(account_id) if isinstance(account_id, int) else None
    if account is None or not account.active:
        raise TokenInvalid("unknown account")
    state = payload.get("f")
    if RULES[purpose].single_use and not account.link_nonce:
        raise TokenInvalid("used")
    if not isinstance(state, str) or not hmac.compare_digest(_state(purpose, account), state):
        raise TokenInvalid("used")
    return account


def claim(account, **values: Any) -> bool:
    """Spend ``account``'s link and write ``values`` in one UPDATE that only matches while the
    nonce is still the one the link was verified with (in the request's transaction). Of
    simultaneous uses of one link exactly one wins (``True``, refreshed); the others wait for
    its commit, change nothing and get ``False`` (their request answers 410 and rolls back)."""
    model = type(account)
    claimed = db.session.execute(
        update(model)
        .where(model.id == account.id, model.link_nonce == account.link_nonce)
        .values(link_nonce=None, **values)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    db.session.refresh(account)
    return True


def set_password_by_link(account, password: str) -> bool:
    """``claim`` a password link: set the password and end the account's other sessions."""
    return claim(account, password_hash=hash_password(password), session_token=new_session_token())


def spend_link(account) -> None:
    """Kill every outstanding link of ``account`` (a link was used or its password changed)."""
    account.link_nonce = None


def spend_links(model, *where) -> None:
    """Kill every outstanding link of the ``model`` accounts matching ``where`` (in the
    caller's transaction), e.g. the contacts of a deactivated customer."""
    db.session.execute(update(model).where(*where).values(link_nonce=None))
