"""Signed, expiring, purpose-bound tokens for links sent by email or handed over."""

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


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
