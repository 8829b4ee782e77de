"""The signature header: ``Gorilla-Signature: t=<unix time>,v1=<hex>`` where ``<hex>`` is
HMAC-SHA256 under the endpoint's secret of ``"<t>.<raw body>"`` (the README's recipe)."""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Gorilla-Signature"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` sent at ``timestamp`` (now)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
