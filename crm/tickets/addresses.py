"""Email addresses of the support inbox: ``support@<slug>.<base>`` opens tickets and
``support+<token>@<slug>.<base>`` answers one (the token is the ticket's ``reply_token``).

The domain names the tenant; the token is looked up only inside that tenant, so an address
can never reach another tenant's ticket.
"""

import re
from dataclasses import dataclass

from flask import g

from tenants.resolver import base_host, classify_host

SUPPORT = "support"
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def support_address(slug: str | None = None) -> str:
    """Where new tickets can be sent (``support@acme.gorilla.cc``)."""
    return f"{SUPPORT}@{slug or g.tenant.slug}.{base_host()}"


def reply_address(ticket, slug: str | None = None) -> str:
    """The Reply-To of every email about ``ticket``."""
    return f"{SUPPORT}+{ticket.reply_token}@{slug or g.tenant.slug}.{base_host()}"


@dataclass(frozen=True)
class Recipient:
    """A parsed envelope recipient: the tenant slug and the ticket token (``None`` for the
    plain support address)."""

    slug: str
    token: str | None


def parse_recipient(address: str) -> Recipient | None:
    """The tenant and token an address names, or ``None`` when it is not ours."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or len(address) > 254:
        return None
    kind, slug = classify_host(domain, base_host())
    if kind != "tenant":
        return None
    if local == SUPPORT:
        return Recipient(slug, None)
    prefix, plus, token = local.partition("+")
    if prefix == SUPPORT and plus and TOKEN.match(token):
        return Recipient(slug, token)
    return None
