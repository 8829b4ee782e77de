"""Proposal lists: the staff list with filters, the customer's own list, what awaits an
answer, and a proposal's history (its audit entries)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from crm.documents.queries import by_status_and_customer
from gorilla.audit import AuditEntry
from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import AWAITING_ANSWER, Proposal, ProposalStatus

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class ProposalFilter:
    """Filters of the staff list: shown status (incl. ``expired``) and customer."""

    status: str | None = None
    customer_id: int | None = None


def _expired():
    return and_(
        Proposal.status.in_(AWAITING_ANSWER),
        Proposal.open_till.is_not(None),
        Proposal.open_till < date.today(),
    )


def _filtered(query: Select, filters: ProposalFilter) -> Select:
    return by_status_and_customer(
        query, Proposal, filters, ProposalStatus.EXPIRED, _expired(), AWAITING_ANSWER
    )


def proposal_page(filters: ProposalFilter, page: int) -> Page:
    """Proposals matching ``filters``, newest first (customer loaded in the same query)."""
    query = _filtered(select(Proposal).options(joinedload(Proposal.customer)), filters)
    return paginate(query.order_by(Proposal.id.desc()), page)


def _customer_proposals(customer_id: int) -> Select:
    return select(Proposal).where(
        Proposal.customer_id == customer_id, Proposal.status != ProposalStatus.DRAFT
    )


def customer_proposal_page(customer_id: int, page: int) -> Page:
    """What the customer sees: its proposals except drafts, newest first."""
    return paginate(_customer_proposals(customer_id).order_by(Proposal.id.desc()), page)


def customer_proposal(customer_id: int, proposal_id: int) -> Proposal | None:
    """The customer's proposal ``proposal_id`` unless it is a draft or another's."""
    return db.session.scalar(_customer_proposals(customer_id).where(Proposal.id == proposal_id))


def customer_proposal_count(customer_id: int) -> int:
    """How many proposals the customer can see."""
    query = _customer_proposals(customer_id).with_only_columns(func.count(Proposal.id))
    return db.session.scalar(query)


@dataclass(frozen=True)
class AwaitingAnswer:
    """The first proposals that wait for the customer's answer, and how many wait."""

    proposals: list
    count: int


def awaiting_answer(customer_id: int, limit: int) -> AwaitingAnswer:
    """Unanswered, unexpired proposals of the customer, the soonest ending first (one
    statement: the rows with the total count beside them)."""
    query = (
        select(
            Proposal.id,
            Proposal.subject,
            Proposal.open_till,
            Proposal.total,
            Proposal.currency,
            func.count().over().label("count"),
        )
        .where(
            Proposal.customer_id == customer_id,
            Proposal.status.in_(AWAITING_ANSWER),
            or_(Proposal.open_till.is_(None), Proposal.open_till >= date.today()),
        )
        .order_by(Proposal.open_till.is_(None), Proposal.open_till, Proposal.id)
        .limit(limit)
    )
    rows = db.session.execute(query).all()
    return AwaitingAnswer(rows, rows[0].count if rows else 0)


def history(proposal: Proposal) -> list[AuditEntry]:
    """The proposal's audit entries, oldest first (read through the customer's index)."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.customer_id == proposal.customer_id,
                AuditEntry.subject_type == Proposal.__tablename__,
                AuditEntry.subject_id == proposal.id,
            )
            .order_by(AuditEntry.created_at, AuditEntry.id)
            .limit(HISTORY_LIMIT)
        )
    )


def customer_has_proposals(customer) -> bool:
    """Whether any proposal belongs to ``customer``."""
    query = select(Proposal.id).where(Proposal.customer_id == customer.id).limit(1)
    return db.session.scalar(query) is not None
