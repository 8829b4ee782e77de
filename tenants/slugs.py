"""Subdomain (slug) rules: DNS labels, a reserved list, and the schema name derived from it.

Only plain ASCII labels are slugs. Punycode (``xn--…``) and letters of other alphabets that
look like Latin ones (Cyrillic ``а`` in ``аcme``) are refused: a look-alike of another agency's
subdomain must not be registrable.
"""

import hashlib
import re
import unicodedata

from flask_babel import lazy_gettext as _l

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")

RESERVED_SLUGS = frozenset(
    {
        "www", "admin", "api", "app", "mail", "smtp", "imap", "pop", "ftp", "static", "assets",
        "cdn", "kunden", "signup", "login", "logout", "status", "help", "support", "docs",
        "blog", "dev", "test", "staging", "demo-admin", "root", "system", "platform", "billing",
        "dashboard", "portal", "auth", "account", "accounts", "ns1", "ns2", "mx", "webmail",
        "gorilla", "healthz", "internal", "postgres", "public", "tenant", "tenants",
    }
)  # fmt: skip

MAX_SCHEMA_NAME = 63  # PostgreSQL identifier limit


class SlugError(ValueError):
    """A slug that is not a usable subdomain; ``str(error)`` is the user-facing reason."""


def normalize_slug(raw: str) -> str:
    """Trim what a user typed as subdomain and lower-case it when it is plain ASCII.

    Other text stays as typed, for :func:`validate_slug` to refuse: lower-casing would turn
    some look-alikes into Latin letters (the Kelvin sign ``K`` into ``k``).
    """
    slug = (raw or "").strip()
    return slug.lower() if slug.isascii() else slug


def _mixes_scripts(slug: str) -> bool:
    """Latin letters a-z next to a letter of another alphabet (or a full-width form)."""
    if not any("a" <= char <= "z" for char in slug.lower()):
        return False
    return any(
        unicodedata.category(char).startswith("L")
        and not unicodedata.name(char, "").startswith("LATIN ")
        for char in slug
    )


def validate_slug(slug: str) -> str:
    """Return the normalised slug or raise :class:`SlugError` with a translated reason."""
    slug = normalize_slug(slug)
    if not 3 <= len(slug) <= 63:
        raise SlugError(_l("The subdomain must be 3 to 63 characters long."))
    if _mixes_scripts(slug):
        raise SlugError(
            _l(
                "The subdomain mixes alphabets: it contains a letter that only looks like "
                "a Latin one. Please use only a-z, 0-9 and hyphens."
            )
        )
    if slug[2:4] == "--":
        raise SlugError(
            _l(
                "The subdomain must not have two hyphens at the third and fourth position "
                "(as in xn--, which encodes internationalised names)."
            )
        )
    if not SLUG_RE.match(slug):
        raise SlugError(
            _l(
                "The subdomain may contain only a-z, 0-9 and hyphens, "
                "and must not start or end with a hyphen."
            )
        )
    if slug in RESERVED_SLUGS:
        raise SlugError(_l("This subdomain is reserved."))
    return slug


def schema_name_for(slug: str) -> str:
    """``tenant_<slug>`` with hyphens as underscores, shortened with a hash if too long."""
    name = "tenant_" + slug.replace("-", "_")
    if len(name) <= MAX_SCHEMA_NAME:
        return name
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{name[: MAX_SCHEMA_NAME - 9]}_{digest}"
