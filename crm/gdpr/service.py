"""The tenant's privacy policy, consent records and erasure requests.

The policy lives in the tenant's settings (``privacy_policy``: text, version, when changed);
each change of the text bumps the version, and contacts whose last consent names an older
version are asked again. Services never commit (the request's unit of work does).
"""

from dataclasses import dataclass
from datetime import datetime

from flask import g, has_request_context, request
from sqlalchemy import select

import mail_templates
from crm.contacts.models import Contact
from crm.contacts.service import lock_customer
from crm.staff.models import Staff
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.paging import Page, paginate
from gorilla.plaintext import text_blocks
from tenants.models import utcnow
from tenants.settings import get_setting, set_setting
from tenants.urls import tenant_url_for

from .models import Consent, ConsentAction, ConsentPurpose, ErasureRequest, ErasureStatus
from .queries import export_response

POLICY_KEY = "privacy_policy"
ERASURE_MAIL = "staff-erasure-request"


@dataclass(frozen=True)
class Policy:
    """The privacy policy text, its version (0: none written yet) and when it last changed."""

    text: str
    version: int
    changed_at: str = ""

    @property
    def blocks(self) -> list[tuple[str, list[str]]]:
        """The text as headings and paragraphs (``gorilla.plaintext``)."""
        return text_blocks(self.text)


def privacy_policy() -> Policy:
    """The tenant's current privacy policy."""
    stored = get_setting(POLICY_KEY) or {}
    return Policy(stored.get("text", ""), stored.get("version", 0), stored.get("changed_at", ""))


def save_privacy_policy(text: str) -> Policy:
    """Store a new text; a changed text gets the next version (and an audit entry)."""
    current = privacy_policy()
    text = text.replace("\r\n", "\n").strip()
    if text == current.text:
        return current
    policy = Policy(text, current.version + 1, utcnow().isoformat(timespec="seconds"))
    set_setting(
        POLICY_KEY, {"text": text, "version": policy.version, "changed_at": policy.changed_at}
    )
    record(
        AuditAction.PRIVACY_POLICY_CHANGED,
        label=f"v{policy.version}",
        details={"version": policy.version},
    )
    return policy


def consents_of(contact_id: int) -> list[Consent]:
    """The contact's consent records, newest first."""
    return db.session.scalars(
        select(Consent)
        .where(Consent.contact_id == contact_id)
        .order_by(Consent.created_at.desc(), Consent.id.desc())
    ).all()


def _latest(contact: Contact, purpose: str) -> Consent | None:
    return db.session.scalar(
        select(Consent)
        .where(Consent.contact_id == contact.id, Consent.purpose == purpose)
        .order_by(Consent.id.desc())
        .limit(1)
    )


def consent_pending(contact: Contact) -> Policy | None:
    """The policy when the tenant has one the contact has not accepted in this version."""
    policy = privacy_policy()
    if policy.version == 0:
        return None
    latest = _latest(contact, ConsentPurpose.PRIVACY_POLICY)
    if latest and latest.action == ConsentAction.GIVEN and latest.text_version >= policy.version:
        return None
    return policy


def _client() -> tuple[str, str]:
    if not has_request_context():
        return "", ""
    return (request.remote_addr or "")[:45], (request.user_agent.string or "")[:255]


def record_consent(
    contact: Contact, action: ConsentAction, purpose=ConsentPurpose.PRIVACY_POLICY
) -> Consent:
    """Store that ``contact`` gave or withdrew consent to ``purpose`` (the current policy
    version, time and client address), with an audit entry."""
    ip_address, user_agent = _client()
    consent = Consent(
        contact_id=contact.id,
        customer_id=contact.customer_id,
        purpose=str(purpose),
        action=str(action),
        text_version=privacy_policy().version,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    db.session.add(consent)
    audit = (
        AuditAction.CONSENT_GIVEN
        if action == ConsentAction.GIVEN
        else AuditAction.CONSENT_WITHDRAWN
    )
    record(
        audit,
        subject=contact,
        customer_id=contact.customer_id,
        details={"purpose": str(purpose), "version": consent.text_version},
    )
    return consent


def open_erasure_request(contact_id: int) -> ErasureRequest | None:
    """The contact's erasure request staff have not handled yet."""
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.contact_id == contact_id, ErasureRequest.status == ErasureStatus.OPEN
        )
    )


def request_erasure(contact: Contact) -> ErasureRequest:
    """Store the contact's erasure request (once while one is open), log it and tell the
    tenant's active admins by email."""
    lock_customer(contact.customer_id)  # simultaneous requests (two tabs) take turns
    existing = open_erasure_request(contact.id)
    if existing is not None:
        return existing
    erasure = ErasureRequest(
        contact_id=contact.id,
        customer_id=contact.customer_id,
        contact_label=f"{contact.full_name} <{contact.email}>"[:254],
        status=ErasureStatus.OPEN,
        ip_address=_client()[0],
    )
    db.session.add(erasure)
    record(AuditAction.ERASURE_REQUESTED, subject=contact, customer_id=contact.customer_id)
    admins = db.session.scalars(
        select(Staff).where(Staff.is_admin, Staff.active).order_by(Staff.id)
    )
    url = tenant_url_for("admin.gdpr.erasure_requests", g.tenant.slug)
    for admin in admins:
        mail_templates.send(
            ERASURE_MAIL,
            to=admin,
            contact_name=contact.full_name,
            client_company=contact.customer.company,
            erasure_requests_url=url,
        )
    return erasure


def erasure_request_page(status: str, page: int) -> Page:
    """Erasure requests with ``status``, oldest open first / newest handled first."""
    query = select(ErasureRequest).where(ErasureRequest.status == status)
    if status == ErasureStatus.OPEN:
        query = query.order_by(ErasureRequest.created_at, ErasureRequest.id)
    else:
        query = query.order_by(ErasureRequest.handled_at.desc(), ErasureRequest.id.desc())
    return paginate(query, page)


def close_erasure_requests(contact_id: int, staff_name: str, when: datetime) -> None:
    """Mark the contact's open requests as done by anonymisation."""
    for erasure in db.session.scalars(
        select(ErasureRequest).where(
            ErasureRequest.contact_id == contact_id, ErasureRequest.status == ErasureStatus.OPEN
        )
    ):
        erasure.status = ErasureStatus.ANONYMISED
        erasure.handled_at = when
        erasure.handled_by = staff_name[:254]


def export_download(contact: Contact, filename: str):
    """The contact's data export as a streamed ZIP download, logged as an export."""
    response = export_response(contact, g.tenant.name, utcnow(), filename)
    record(
        AuditAction.EXPORTED,
        subject=contact,
        customer_id=contact.customer_id,
        details={"what": "gdpr"},
    )
    return response
