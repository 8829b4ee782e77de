"""Contract service: create/edit (versions after signing), send, sign (race-safe, frozen
PDF), terminate, renew, delete drafts, history, discussion, attachments, expiry reminders.

Services never commit; the request (or the reminder job runner) does.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from flask import g
from flask_babel import LazyString, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

import mail_templates
import webhooks
from crm.contacts.models import Contact, Permission
from crm.customers.models import Customer
from crm.discussion import post, thread
from crm.documents.service import author_or_admins, claim, send_to_chosen
from crm.notify import link, notify_contacts, portal_contacts
from crm.staff.models import Staff
from gorilla.attachments import delete_attachment, store_attachment, store_document
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.money import cents, money
from gorilla.signatures import SignatureForm, record_signature
from tenants.models import utcnow
from tenants.settings import get_setting

from .models import (
    Contract,
    ContractAttachment,
    ContractComment,
    ContractEvent,
    ContractHistory,
    ContractStatus,
    ContractType,
)
from .pdf import contract_pdf, file_name

REMINDER_DAYS_SETTING = "contract_reminder_days"
DEFAULT_REMINDER_DAYS = 14
FIELDS = ("customer_id", "subject", "contract_type_id", "contract_value", "datestart", "dateend")


class ContractLocked(ValueError):
    """The contract's status does not allow this (a terminated contract, a signed draft …)."""


def _actor_name() -> str:
    actor = g.get("staff") or g.get("contact")
    return actor.full_name if actor is not None else ""


def add_history(contract: Contract, event: ContractEvent, detail: str = "") -> None:
    """Write one history line for ``contract``."""
    db.session.add(
        ContractHistory(
            contract_id=contract.id,
            event=str(event),
            detail=detail[:255],
            actor_name=_actor_name()[:254],
        )
    )


def history_of(contract: Contract) -> list[ContractHistory]:
    """The contract's history, newest first (bounded)."""
    return list(
        db.session.scalars(
            select(ContractHistory)
            .where(ContractHistory.contract_id == contract.id)
            .order_by(ContractHistory.id.desc())
            .limit(200)
        )
    )


def reminder_days() -> int:
    """How many days before its end date a contract's reminder goes out (setting)."""
    try:
        return max(0, min(365, int(get_setting(REMINDER_DAYS_SETTING, DEFAULT_REMINDER_DAYS))))
    except (TypeError, ValueError):
        return DEFAULT_REMINDER_DAYS


def save_contract(contract: Contract, data: Mapping[str, Any]) -> Contract:
    """Create a draft or update a contract. Editing a signed contract makes a new version;
    the signed PDF stays as it was."""
    if not contract.editable:
        raise ContractLocked(contract.id)
    created = contract.id is None
    for name in FIELDS:
        setattr(contract, name, data.get(name))
    if contract.contract_value is not None:
        contract.contract_value = cents(contract.contract_value)
    contract.subject = (data.get("subject") or "").strip()
    changed_content = contract.content != (data.get("content") or "")
    contract.content = data.get("content") or ""
    if created:
        contract.status = ContractStatus.DRAFT
        contract.version = 1
        contract.created_by_id = getattr(g.get("staff"), "id", None)
        db.session.add(contract)
        db.session.flush()
        add_history(contract, ContractEvent.CREATED)
        record(AuditAction.CONTRACT_CREATED, subject=contract, label=contract.subject,
               customer_id=contract.customer_id)  # fmt: skip
        return contract
    if db.session.is_modified(contract) or changed_content:
        if contract.signed_version is not None and contract.version == contract.signed_version:
            contract.version += 1
        contract.reminded_at = None if _end_moved(contract) else contract.reminded_at
        add_history(contract, ContractEvent.EDITED, str(_l("Version %(n)s", n=contract.version)))
    db.session.flush()
    return contract


def _end_moved(contract: Contract) -> bool:
    history = db.inspect(contract).attrs.dateend.history
    return bool(history.added)


def recipients(contract: Contract) -> list[Contact]:
    """Active contacts who may open contracts in the customer area, primary first."""
    return portal_contacts(contract.customer_id, Permission.CONTRACTS)


def _fields(contract: Contract, endpoint: str) -> dict[str, object]:
    return {
        "contract_subject": contract.subject,
        "contract_link": link(endpoint, contract_id=contract.id),
        "contract_value": (
            LazyString(money, contract.contract_value) if contract.contract_value else ""
        ),
        "contract_dateend": LazyString(format_date, contract.dateend) if contract.dateend else "",
    }


def send_contract(contract: Contract, contact_ids: Iterable[int]) -> int:
    """Email ``contract-sent`` to the chosen contacts and mark a draft as sent. Returns the
    number queued; raises ``mail_templates.NotQueued`` (nothing changed) when switched off."""
    if contract.status not in (ContractStatus.DRAFT, ContractStatus.SENT):
        raise ContractLocked(contract.id)
    mail_templates.ensure_active("contract-sent")
    chosen = {int(contact_id) for contact_id in contact_ids}
    contract.status = ContractStatus.SENT
    contract.sent_at = utcnow()
    fields = _fields(contract, "portal.contracts.show")
    count = send_to_chosen("contract-sent", recipients(contract), chosen, **fields)
    add_history(contract, ContractEvent.SENT, str(_l("%(n)d emails", n=count)))
    record(AuditAction.CONTRACT_SENT, subject=contract, label=contract.subject,
           customer_id=contract.customer_id)  # fmt: skip
    return count


def _staff_to_tell(contract: Contract) -> list[Staff]:
    """Who hears from the customer: the contract's author, else every active admin."""
    return author_or_admins(contract.created_by)


def sign_contract(contract: Contract, form: SignatureForm) -> bool:
    """Sign ``contract`` with the checked ``form``: claim it with a conditional UPDATE (only a
    sent, unexpired contract; two signers race, one wins), record the signature, freeze the
    signed PDF and tell staff. Returns whether this call signed it."""
    today = date.today()
    if not claim(
        contract,
        Contract.status == ContractStatus.SENT,
        or_(Contract.dateend.is_(None), Contract.dateend >= today),
        status=ContractStatus.SIGNED,
    ):
        db.session.refresh(contract)
        return False
    contract.status = ContractStatus.SIGNED
    record_signature(contract, form, utcnow())
    contract.signed_version = contract.version
    stored = store_document(contract_pdf(contract), file_name(contract))
    db.session.flush()
    contract.signed_file_id = stored.id
    add_history(contract, ContractEvent.SIGNED, f"{contract.signed_name} <{contract.signed_email}>")
    record(AuditAction.CONTRACT_SIGNED, subject=contract, label=contract.subject,
           customer_id=contract.customer_id)  # fmt: skip
    fields = _fields(contract, "admin.contracts.show") | {
        "contract_customer": contract.customer.company,
        "signer_name": contract.signed_name,
    }
    for member in _staff_to_tell(contract):
        mail_templates.send("contract-signed", to=member, **fields)
    db.session.flush()
    webhooks.emit("contract.signed", {
        "id": contract.id, "customer_id": contract.customer_id, "status": contract.status,
        "signed_version": contract.signed_version, "contact_id": contract.answered_by_id,
    })  # fmt: skip
    return True


def terminate_contract(contract: Contract) -> None:
    """End a sent or signed contract early."""
    if contract.status not in (ContractStatus.SENT, ContractStatus.SIGNED):
        raise ContractLocked(contract.id)
    contract.status = ContractStatus.TERMINATED
    add_history(contract, ContractEvent.TERMINATED)
    record(AuditAction.CONTRACT_TERMINATED, subject=contract, label=contract.subject,
           customer_id=contract.customer_id)  # fmt: skip


def renew_contract(old: Contract) -> Contract:
    """A new draft from ``old``: same customer, subject, type, value and content, starting the
    day after the old one ends and running as long; both keep their history and the link."""
    start = (old.dateend + timedelta(days=1)) if old.dateend else date.today()
    end = start + (old.dateend - old.datestart) if old.dateend else None
    data = {name: getattr(old, name) for name in FIELDS} | {
        "datestart": start,
        "dateend": end,
        "content": old.content,
    }
    new = save_contract(Contract(renewed_from_id=old.id), data)
    add_history(new, ContractEvent.RENEWAL_OF, f"#{old.id}")
    add_history(old, ContractEvent.RENEWED, f"#{new.id}")
    record(AuditAction.CONTRACT_RENEWED, subject=old, label=old.subject,
           customer_id=old.customer_id, details={"renewal_id": new.id})  # fmt: skip
    return new


def delete_contract(contract: Contract) -> None:
    """Delete a draft with its attachments (files removed once the deletion commits)."""
    if contract.status != ContractStatus.DRAFT:
        raise ContractLocked(contract.id)
    for attachment in attachments_of(contract):
        file = attachment.file
        db.session.delete(attachment)
        delete_attachment(file)
    record(AuditAction.CONTRACT_DELETED, subject=contract, label=contract.subject,
           customer_id=contract.customer_id)  # fmt: skip
    db.session.delete(contract)
    db.session.flush()


def attachments_of(contract: Contract) -> list[ContractAttachment]:
    """The contract's attachments with their files, oldest first (bounded)."""
    return list(
        db.session.scalars(
            select(ContractAttachment)
            .options(joinedload(ContractAttachment.file))
            .where(ContractAttachment.contract_id == contract.id)
            .order_by(ContractAttachment.id)
            .limit(100)
        )
    )


def attachment_of(contract: Contract, attachment_id: int) -> ContractAttachment | None:
    """One attachment of ``contract`` (``None`` for another contract's)."""
    return db.session.scalar(
        select(ContractAttachment).where(
            ContractAttachment.id == attachment_id,
            ContractAttachment.contract_id == contract.id,
        )
    )


def add_attachment(contract: Contract, upload: FileStorage) -> ContractAttachment:
    """Keep ``upload`` with the contract; raises ``AttachmentRefused``."""
    stored = store_attachment(upload)
    db.session.flush()
    attachment = ContractAttachment(contract_id=contract.id, file_id=stored.id)
    db.session.add(attachment)
    add_history(contract, ContractEvent.ATTACHMENT_ADDED, stored.original_name)
    db.session.flush()
    return attachment


def remove_attachment(contract: Contract, attachment: ContractAttachment) -> None:
    """Delete one attachment and its file."""
    file = attachment.file
    add_history(contract, ContractEvent.ATTACHMENT_DELETED, file.original_name)
    db.session.delete(attachment)
    delete_attachment(file)
    db.session.flush()


def comments_of(contract: Contract) -> list[ContractComment]:
    """The contract's discussion, oldest first (bounded)."""
    return thread(ContractComment, ContractComment.contract_id == contract.id, limit=500)


def add_comment(contract: Contract, body: str, *, staff=None, contact=None) -> ContractComment:
    """Add a comment and tell the other side: staff's comment on a contract the customer sees
    goes to its contacts (``contract-comment``, with contract emails on), a contact's to staff."""
    comment = ContractComment(
        contract_id=contract.id, body=body.strip(), staff=staff, contact=contact
    )
    fields = post(comment)
    if contact is not None:
        staff_fields = _fields(contract, "admin.contracts.show") | {
            "contract_customer": contract.customer.company
        }
        for member in _staff_to_tell(contract):
            mail_templates.send("staff-contract-comment", to=member, **staff_fields, **fields)
    elif contract.status != ContractStatus.DRAFT:  # contacts never see drafts
        notify_contacts(
            "contract-comment",
            contract.customer_id,
            Permission.CONTRACTS,
            **_fields(contract, "portal.contracts.show"),
            **fields,
        )
    return comment


def queue_expiry_reminders(today: date) -> int:
    """Reminder job: ``contract-expiry-reminder`` to the contacts of every sent or signed
    contract ending within the set number of days, once per contract (claimed with
    ``UPDATE … WHERE reminded_at IS NULL``). Returns the number of emails queued."""
    horizon = today + timedelta(days=reminder_days())
    due = db.session.scalars(
        select(Contract)
        .where(
            Contract.status.in_((ContractStatus.SENT, ContractStatus.SIGNED)),
            Contract.dateend.between(today, horizon),
            Contract.reminded_at.is_(None),
        )
        .order_by(Contract.id)
        .limit(500)
    ).all()
    queued = 0
    for contract in due:
        if not claim(contract, Contract.reminded_at.is_(None), reminded_at=utcnow()):
            continue
        queued += notify_contacts(
            "contract-expiry-reminder",
            contract.customer_id,
            Permission.CONTRACTS,
            **_fields(contract, "portal.contracts.show"),
        )
        add_history(contract, ContractEvent.REMINDED)
    return queued


def type_choices() -> list[tuple[int, str]]:
    """The tenant's contract types for a select, by name."""
    query = select(ContractType.id, ContractType.name).order_by(ContractType.name)
    return [(row.id, row.name) for row in db.session.execute(query)]


def customer_has_contracts(customer: Customer) -> str | None:
    """Delete guard: a customer with contracts cannot be deleted."""
    count = db.session.scalar(
        select(func.count()).select_from(Contract).where(Contract.customer_id == customer.id)
    )
    return str(_l("the customer has contracts")) if count else None
