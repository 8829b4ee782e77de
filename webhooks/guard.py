"""The SSRF guard: a webhook URL must be http(s) and resolve only to public addresses, unless
``WEBHOOK_ALLOW_PRIVATE`` is set (development, tests). Delivery connects to exactly the
address that was checked, so a name that resolves differently the next time (DNS rebinding)
cannot slip a private address in between check and connection."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _


class UnsafeUrl(ValueError):
    """The URL may not receive webhooks; ``str(error)`` says why."""


@dataclass(frozen=True)
class Target:
    """Where a delivery goes: the URL's parts and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def check_url(url: str) -> Target:
    """Resolve ``url`` and return its target, or raise ``UnsafeUrl``."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl(_("Please enter a valid http or https URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise UnsafeUrl(_("Please enter a valid http or https URL."))
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeUrl(_("The host name does not resolve.")) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    allow_private = current_app.config.get("WEBHOOK_ALLOW_PRIVATE")
    if not allow_private and not all(_public(address) for address in addresses):
        raise UnsafeUrl(_("Private, loopback and link-local addresses cannot receive webhooks."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path, str(addresses[0]))
