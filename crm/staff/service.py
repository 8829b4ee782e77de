"""Staff service functions: authenticate, create, password links."""

from functools import partial

from flask import g
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

import mail_templates
from crm.contacts.models import Contact
from gorilla.audit import AuditAction, record
from gorilla.auth import names_from_email, normalize_email
from gorilla.extensions import db
from gorilla.i18n import DEFAULT_LANGUAGE, Language
from gorilla.passwords import new_session_token
from gorilla.sessions import end_opened_by, end_sessions, joined_to_session
from gorilla.sign_in_limits import forget_failures
from gorilla.tokens import (
    Purpose,
    TokenInvalid,
    claim,
    issue,
    set_password_by_link,
    spend_link,
    verify,
)
from gorilla.unique_email import email_kept_unique
from tenants.models import TenantInfo, utcnow
from tenants.provisioning import ProvisionRequest
from tenants.urls import tenant_url_for

from .models import Staff

# Built once: the realm loader runs it on every signed-in request.
# Aliased: the columns are named without the tenant's schema (cheaper on PostgreSQL).
_ME = aliased(Staff, name="me")
SIGNED_IN_STAFF = joined_to_session(
    select(_ME).where(_ME.session_token == bindparam("token"), _ME.active), _ME
)


def find_staff_by_email(email: str) -> Staff | None:
    """The staff member with ``email`` (any case) in the current tenant."""
    return db.session.scalar(select(Staff).where(func.lower(Staff.email) == normalize_email(email)))


def authenticate_staff(email: str, password: str) -> Staff | None:
    """The active staff member with these credentials, else ``None`` (same effort either way)."""
    staff = find_staff_by_email(email)
    ok = staff.check_password(password) if staff else Staff().check_password(password)
    if staff is None or not ok or not staff.active:
        return None
    staff.last_login_at = utcnow()
    return staff


def set_password_url(tenant: TenantInfo, staff: Staff) -> str:
    """Absolute link (from the tenant record, not the request; ``STAFF_SET_PASSWORD_MAX_AGE``)
    to set a password; older links of ``staff`` die once the caller commits."""
    token = issue(Purpose.STAFF_SET_PASSWORD, staff, tenant)
    return tenant_url_for("admin.staff.set_password", tenant.slug, token=token)


def staff_for_set_password_token(token: str) -> Staff:
    """The active staff member a valid, unused set-password token on this tenant names."""
    return verify(Purpose.STAFF_SET_PASSWORD, token, partial(db.session.get, Staff))


def set_password_from_link(staff: Staff, password: str) -> bool:
    """Set the password once and spend the link: a simultaneous second use of the same link
    loses (``False``, nothing saved)."""
    if not set_password_by_link(staff, password):
        return False
    forget_failures(staff)
    return True


def seed_admin(session: Session, tenant: TenantInfo, request: ProvisionRequest) -> None:
    """Provisioning seeder: the tenant's first staff member, an admin, with a hand-off link
    (or, without a password, a set-password link: an account has one single-use link)."""
    first, last = request.admin_first_name.strip(), request.admin_last_name.strip()
    if not first and not last:
        first, last = names_from_email(request.admin_email)
    admin = Staff(
        email=normalize_email(request.admin_email),
        first_name=first,
        last_name=last,
        password_hash=request.admin_password_hash,
        is_admin=True,
        language=request.language,
    )
    session.add(admin)
    session.flush()
    request.results["admin_id"] = admin.id
    if not request.admin_password_hash:
        request.results["admin_set_password_url"] = set_password_url(tenant, admin)
        return
    request.results["admin_handoff_url"] = tenant_url_for(
        "admin.staff.handoff", tenant.slug, token=issue(Purpose.SIGNUP_HANDOFF, admin, tenant)
    )


def consume_handoff(token: str) -> Staff:
    """The staff member of a valid, unused hand-off link (``HANDOFF_MAX_AGE``, 60 s); spends
    it and records the sign-in."""
    staff = verify(Purpose.SIGNUP_HANDOFF, token, partial(db.session.get, Staff))
    if not claim(staff, last_login_at=utcnow()):
        raise TokenInvalid("used")
    return staff


def create_staff(data: dict) -> tuple[Staff, str | None]:
    """Add a staff member; without a password the result carries a set-password link.
    ``EmailTaken`` when another request added the same address meanwhile (nothing saved)."""
    first, last = (data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()
    if not first and not last:
        first, last = names_from_email(data["email"])
    staff = Staff(
        email=normalize_email(data["email"]),
        first_name=first,
        last_name=last,
        is_admin=bool(data.get("is_admin")),
        can_impersonate=bool(data.get("can_impersonate")),
        language=data.get("language") or DEFAULT_LANGUAGE,
    )
    if data.get("password"):
        staff.set_password(data["password"])
    with email_kept_unique(staff.email, find_staff_by_email):
        db.session.add(staff)
        db.session.flush()
        link = None if staff.password_hash else _invite(staff)
    rights = {"is_admin": staff.is_admin, "can_impersonate": staff.can_impersonate}
    record(AuditAction.STAFF_CREATED, subject=staff, details=rights)
    return staff, link


def _end_impersonations(staff: Staff, reason: str) -> None:
    """End the customer-area sessions ``staff`` opened as contacts, each logged with the member
    as actor (like an end by click), the reason and the admin who caused it."""
    details = {"reason": reason, "ended_by": g.staff.full_name if g.get("staff") else ""}
    for _realm, contact_id in end_opened_by(staff.id):
        contact = db.session.get(Contact, contact_id)
        record(
            AuditAction.IMPERSONATION_ENDED,
            actor=staff,
            subject=contact,
            customer_id=contact and contact.customer_id,
            details=details,
        )


def set_staff_active(staff: Staff, active: bool) -> None:
    """Activate or deactivate; deactivation ends every session of the member, those it
    opened as a contact included."""
    staff.active = active
    record(AuditAction.STAFF_ACTIVATED if active else AuditAction.STAFF_DEACTIVATED, subject=staff)
    if not active:
        staff.session_token = new_session_token()
        end_sessions(staff)
        _end_impersonations(staff, "staff_deactivated")
        spend_link(staff)


def set_may_impersonate(staff: Staff, allowed: bool) -> None:
    """Give or take the right to sign in as a contact (logged when it changes); taking it
    ends the member's running sessions as a contact (admins keep theirs: they always may)."""
    if staff.can_impersonate != allowed:
        details = {"can_impersonate": {"old": staff.can_impersonate, "new": allowed}}
        record(AuditAction.PERMISSIONS_CHANGED, subject=staff, details=details)
    staff.can_impersonate = allowed
    if not staff.may_impersonate:
        _end_impersonations(staff, "right_withdrawn")


def reset_staff_password(staff: Staff) -> str:
    """Remove the password, end all sessions and return a set-password link."""
    staff.password_hash = None
    staff.session_token = new_session_token()
    db.session.flush()
    return _invite(staff)


def _invite(staff: Staff) -> str:
    """Queue ``staff-invite`` with a set-password link; the link is returned too."""
    link = set_password_url(g.tenant, staff)
    mail_templates.send("staff-invite", to=staff, set_password_url=link)
    return link


def update_profile(staff: Staff, data: dict) -> None:
    """Save a member's own name and interface language."""
    staff.first_name = (data.get("first_name") or "").strip()
    staff.last_name = (data.get("last_name") or "").strip()
    language = data.get("language")
    staff.language = language if Language.has(language) else DEFAULT_LANGUAGE


def staff_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of the active staff, for member and assignee checkboxes."""
    members = db.session.scalars(
        select(Staff).where(Staff.active).order_by(Staff.first_name, Staff.last_name, Staff.id)
    )
    return [(member.id, member.full_name) for member in members]
