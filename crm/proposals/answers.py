"""The customer's side of a proposal: opening it, accepting it with a signature, declining.

Each step is one conditional ``UPDATE … WHERE status IN (…)``: of two tabs (or two contacts)
answering at once exactly one statement matches, the other changes nothing and is told the
proposal was already answered. PostgreSQL makes the second statement wait for the first
transaction and re-check its condition; SQLite serialises writing requests.
"""

from datetime import date

from sqlalchemy import or_, update

from gorilla.audit import AuditAction, record
from gorilla.extensions import db
from gorilla.signatures import SignatureForm, record_signature
from tenants.models import utcnow

from .models import AWAITING_ANSWER, Proposal, ProposalStatus
from .service import notify_staff


def _move(proposal: Proposal, to_status: str, *conditions, **values) -> bool:
    """Set ``to_status`` (and ``values``) if the stored row still meets ``conditions``;
    the object is refreshed either way. Returns whether this call made the change."""
    result = db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, *conditions)
        .values(status=to_status, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(proposal)
    return result.rowcount == 1


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
    return True
