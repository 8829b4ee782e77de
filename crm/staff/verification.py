"""Email verification of the admin who signed the agency up (banner until confirmed)."""

from functools import partial

from flask import g

import mail_templates
from gorilla.extensions import db
from gorilla.tokens import Purpose, issue, verify
from gorilla.unit_of_work import commit_now
from mail_templates.delivery import deliver_committed
from tenants.context import tenant_context
from tenants.models import TenantInfo, utcnow
from tenants.provisioning import ProvisionRequest
from tenants.urls import tenant_url_for

from .models import Staff


def email_unverified(staff: Staff) -> bool:
    """Whether ``staff`` still has to confirm its email address (read from the loaded row)."""
    return staff.email_verified_at is None


def request_verification(staff: Staff) -> None:
    """Mark the address unverified and queue the confirmation email (caller commits)."""
    staff.email_verified_at = None
    token = issue(Purpose.STAFF_VERIFY_EMAIL, staff)
    url = tenant_url_for("admin.staff.verify_email", g.tenant.slug, token=token)
    mail_templates.send("staff-verify-email", to=staff, verify_url=url)


def confirm_email(token: str) -> Staff:
    """Confirm the address a valid verification link of this tenant names (reusable until
    ``STAFF_VERIFY_EMAIL_MAX_AGE``: confirming twice changes nothing)."""
    staff = verify(Purpose.STAFF_VERIFY_EMAIL, token, partial(db.session.get, Staff))
    staff.email_verified_at = staff.email_verified_at or utcnow()
    return staff


def verify_admin_after_signup(tenant: TenantInfo, request: ProvisionRequest) -> None:
    """Sign-up hook: send the new admin the confirmation email right away (in a tenant context
    of its own, which commits itself)."""
    with tenant_context(tenant):
        request_verification(db.session.get(Staff, request.results["admin_id"]))
        commit_now()
        deliver_committed()
