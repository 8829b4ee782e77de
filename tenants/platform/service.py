"""Sign-up service: subdomain suggestions, availability, provisioning the new agency."""

import re
import unicodedata

from flask import current_app
from sqlalchemy import select

from gorilla.extensions import db
from gorilla.passwords import hash_password
from tenants.models import Tenant
from tenants.provisioning import ProvisionRequest, create_tenant
from tenants.slugs import RESERVED_SLUGS, SlugError, validate_slug

TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})


def suggest_slug(agency_name: str) -> str:
    """``"Müller & Söhne"`` → ``"mueller-soehne"``: transliterate, lower-case, hyphenate."""
    text = (agency_name or "").lower().translate(TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:63].strip("-")
    return slug if slug not in RESERVED_SLUGS else f"{slug}-agentur"


def subdomain_taken(slug: str) -> bool:
    """Whether a tenant already uses ``slug``."""
    return db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is not None


def check_subdomain(slug: str) -> tuple[bool, str]:
    """``(available, message)`` for the live check on the sign-up form."""
    try:
        slug = validate_slug(slug)
    except SlugError as error:
        return False, str(error)
    if subdomain_taken(slug):
        return False, "taken"
    return True, "available"


def sign_up(
    agency_name: str, slug: str, email: str, password: str, language: str,
    first_name: str = "", last_name: str = "",
) -> str:  # fmt: skip
    """Provision the agency with its admin (named ``first_name last_name``), run sign-up
    hooks; returns the hand-off URL."""
    request = ProvisionRequest(
        slug=slug,
        name=agency_name,
        admin_email=email,
        admin_password_hash=hash_password(password),
        language=language,
        admin_first_name=first_name,
        admin_last_name=last_name,
    )
    info = create_tenant(request)
    for hook in current_app.extensions.get("gorilla.after_signup", []):
        hook(info, request)
    return request.results["admin_handoff_url"]
