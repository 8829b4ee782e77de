"""Einstellungen › Sicherheit: two-factor sign-in required for staff or contacts, and the
customer area's emailed sign-in link (off by default)."""

from gorilla.audit import AuditAction, record
from gorilla.auth import Realm
from gorilla.two_factor import service
from tenants.settings import get_setting, set_setting

MAGIC_LINK_KEY = "magic_link_enabled"


def magic_link_enabled() -> bool:
    """Whether contacts may ask for a sign-in link by email at /kunden/login/link."""
    return bool(get_setting(MAGIC_LINK_KEY, False))


def current() -> dict[str, bool]:
    """The settings as the form shows them."""
    return {
        "two_factor_staff": service.required(Realm.STAFF),
        "two_factor_contacts": service.required(Realm.CONTACT),
        "magic_link": magic_link_enabled(),
    }


def save(data: dict) -> None:
    """Save the three switches; a change is logged with old and new values."""
    before = current()
    service.set_required(Realm.STAFF, bool(data.get("two_factor_staff")))
    service.set_required(Realm.CONTACT, bool(data.get("two_factor_contacts")))
    set_setting(MAGIC_LINK_KEY, bool(data.get("magic_link")))
    after = current()
    changes = {
        key: {"old": before[key], "new": after[key]} for key in after if before[key] != after[key]
    }
    if changes:
        record(AuditAction.SECURITY_SETTINGS_CHANGED, details=changes)
