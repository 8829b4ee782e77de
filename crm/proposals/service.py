"""Proposal service: create/update with items and totals, send, delete drafts, discussion."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from flask_babel import LazyString, format_date
from sqlalchemy import or_

import mail_templates
import webhooks
from crm.contacts.models import Contact, Permission
from crm.discussion import post, thread
from crm.documents.service import author_or_admins, claim, send_to_chosen
from crm.invoices.lines import set_items
from crm.notify import link, notify_contacts, portal_contacts
from crm.staff.models import Staff
from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.money import money
from gorilla.signatures import SignatureForm, record_signature
from tenants.models import utcnow

from .models import AWAITING_ANSWER, Proposal, ProposalComment, ProposalItem, ProposalStatus


class ProposalLocked(ValueError):
    """The proposal was answered (or is no draft) and cannot change that way any more."""


def save_proposal(proposal: Proposal, data: Mapping[str, Any], staff: Staff | None = None):
    """Create (a draft by ``staff``) or update a proposal and its items. ``data``:
    ``customer_id``, ``subject``, ``content`` (Markdown), ``open_till``, ``items``."""
    if proposal.id is not None and not proposal.editable:
        raise ProposalLocked(proposal.id)
    created = proposal.id is None
    if not created and proposal.status != ProposalStatus.DRAFT:
        data = {**data, "customer_id": proposal.customer_id}  # a sent one keeps its customer
    proposal.customer_id = data["customer_id"]
    proposal.subject = data["subject"].strip()
    proposal.content = (data.get("content") or "").strip()
    proposal.open_till = data.get("open_till")
    set_items(proposal, data.get("items") or [], ProposalItem)
    if created:
        proposal.status = ProposalStatus.DRAFT
        proposal.staff = staff
        db.session.add(proposal)
    db.session.flush()
    action = AuditAction.PROPOSAL_CREATED if created else AuditAction.PROPOSAL_CHANGED
    record(action, subject=proposal, customer_id=proposal.customer_id)
    return proposal


def recipients(proposal: Proposal) -> list[Contact]:
    """Active contacts who may open proposals in the customer area, primary first."""
    return portal_contacts(proposal.customer_id, Permission.PROPOSALS)


def _fields(proposal: Proposal, *, portal: bool) -> dict[str, object]:
    endpoint = "portal.proposals.show" if portal else "admin.proposals.show"
    return {
        "proposal_subject": proposal.subject,
        "proposal_link": link(endpoint, proposal_id=proposal.id),
    }


def send_proposal(proposal: Proposal, contact_ids: Iterable[int]) -> int:
    """Email ``proposal-sent`` to the chosen contacts with the ``proposals`` permission and
    mark a draft as sent. Returns the number of emails queued; raises
    ``mail_templates.NotQueued`` (nothing changed) when the template is switched off."""
    if not proposal.editable:
        raise ProposalLocked(proposal.id)
    mail_templates.ensure_active("proposal-sent")
    chosen = {int(contact_id) for contact_id in contact_ids}
    fields = {
        **_fields(proposal, portal=True),
        "proposal_total": LazyString(money, proposal.total, proposal.currency),
        "proposal_open_till": LazyString(format_date, proposal.open_till)
        if proposal.open_till
        else "—",
    }
    if proposal.status == ProposalStatus.DRAFT:
        proposal.status = ProposalStatus.SENT
    proposal.sent_at = utcnow()
    count = send_to_chosen("proposal-sent", recipients(proposal), chosen, **fields)
    record(
        AuditAction.PROPOSAL_SENT,
        subject=proposal,
        customer_id=proposal.customer_id,
        details={"emails": count},
    )
    return count


def delete_proposal(proposal: Proposal) -> None:
    """Delete a draft (sent proposals stay, with their history)."""
    if proposal.status != ProposalStatus.DRAFT:
        raise ProposalLocked(proposal.id)
    record(AuditAction.PROPOSAL_DELETED, subject=proposal, customer_id=proposal.customer_id)
    db.session.delete(proposal)
    db.session.flush()


def staff_to_notify(proposal: Proposal) -> list[Staff]:
    """Who hears about the customer's answers and comments: the proposal's author while
    active, else every active admin."""
    return author_or_admins(proposal.staff)


def notify_staff(proposal: Proposal, slug: str, **fields) -> None:
    """Queue the staff template ``slug`` about ``proposal`` to ``staff_to_notify``."""
    fields = {
        **fields,
        **_fields(proposal, portal=False),
        "client_company": proposal.customer.company,
    }
    for member in staff_to_notify(proposal):
        mail_templates.send(slug, to=member, **fields)


def add_comment(proposal: Proposal, body: str, *, staff=None, contact=None) -> ProposalComment:
    """Add a comment by ``staff`` or ``contact`` and tell the other side: a contact's comment
    goes to staff (``staff-proposal-comment``), a staff comment to the customer's contacts
    with the ``proposals`` permission (``proposal-comment``; not while a draft)."""
    comment = ProposalComment(
        proposal_id=proposal.id, body=body.strip(), staff=staff, contact=contact
    )
    fields = post(comment)
    if contact is not None:
        notify_staff(proposal, "staff-proposal-comment", **fields)
    elif proposal.status != ProposalStatus.DRAFT:
        notify_contacts(
            "proposal-comment",
            proposal.customer_id,
            Permission.PROPOSALS,
            **_fields(proposal, portal=True),
            **fields,
        )
    return comment


def comments_of(proposal: Proposal) -> list[ProposalComment]:
    """The proposal's discussion, oldest first."""
    return thread(ProposalComment, ProposalComment.proposal_id == proposal.id)


# The customer's side of a proposal: opening it, accepting it with a signature, declining.
#
# Each step is one conditional ``UPDATE … WHERE status IN (…)``: of two tabs (or two contacts)
# answering at once exactly one statement matches, the other changes nothing and is told the
# proposal was already answered. PostgreSQL makes the second statement wait for the first
# transaction and re-check its condition; SQLite serialises writing requests.


def _move(proposal: Proposal, to_status: str, *conditions, **values) -> bool:
    """Set ``to_status`` (and ``values``) if the stored row still meets ``conditions``;
    the object is refreshed either way. Returns whether this call made the change."""
    moved = claim(proposal, *conditions, status=to_status, **values)
    db.session.refresh(proposal)
    return moved


def mark_viewed(proposal: Proposal) -> bool:
    """A contact opened a sent proposal: it becomes ``open`` (once)."""
    if proposal.status != ProposalStatus.SENT:
        return False
    moved = _move(
        proposal,
        ProposalStatus.OPEN,
        Proposal.status == ProposalStatus.SENT,
        viewed_at=utcnow(),
    )
    if moved:
        record(AuditAction.PROPOSAL_VIEWED, subject=proposal, customer_id=proposal.customer_id)
    return moved


def accept(proposal: Proposal, form: SignatureForm) -> bool:
    """Accept an unanswered, unexpired proposal with the validated signature ``form``;
    returns False (nothing changed) when it was answered meanwhile or has expired."""
    now = utcnow()
    moved = _move(
        proposal,
        ProposalStatus.ACCEPTED,
        Proposal.status.in_(AWAITING_ANSWER),
        or_(Proposal.open_till.is_(None), Proposal.open_till >= date.today()),
        answered_at=now,
    )
    if not moved:
        return False
    record_signature(proposal, form, now)
    db.session.flush()
    record(
        AuditAction.PROPOSAL_ACCEPTED,
        subject=proposal,
        customer_id=proposal.customer_id,
        details={"name": proposal.signed_name, "email": proposal.signed_email},
    )
    notify_staff(proposal, "staff-proposal-accepted", signer_name=proposal.signed_name)
    webhooks.emit("proposal.accepted",
                  webhooks.document_data(proposal, contact_id=proposal.answered_by_id))  # fmt: skip
    return True


def decline(proposal: Proposal, reason: str, contact) -> bool:
    """Decline an unanswered proposal (also an expired one) with an optional reason;
    returns False when it was answered meanwhile."""
    reason = (reason or "").strip()
    moved = _move(
        proposal,
        ProposalStatus.DECLINED,
        Proposal.status.in_(AWAITING_ANSWER),
        answered_at=utcnow(),
        decline_reason=reason,
        answered_by_id=contact.id,
    )
    if not moved:
        return False
    record(
        AuditAction.PROPOSAL_DECLINED,
        subject=proposal,
        customer_id=proposal.customer_id,
        details={"reason": reason},
    )
    notify_staff(
        proposal,
        "staff-proposal-declined",
        contact_name=contact.full_name,
        decline_reason=reason or "—",
    )
    webhooks.emit("proposal.declined", webhooks.document_data(proposal, contact_id=contact.id))
    return True
