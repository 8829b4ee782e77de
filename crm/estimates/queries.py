"""Estimate lists: the staff list with filters, the customer's list, the start-page panel."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from crm.documents.queries import by_status_and_customer
from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import Estimate, EstimateStatus


@dataclass(frozen=True)
class EstimateFilter:
    """Filters of the staff list: shown status (incl. ``expired``), customer, date range."""

    status: str | None = None
    customer_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _expired():
    return and_(Estimate.status == EstimateStatus.SENT, Estimate.expirydate < date.today())


def _filtered(query: Select, filters: EstimateFilter) -> Select:
    query = by_status_and_customer(
        query, Estimate, filters, EstimateStatus.EXPIRED, _expired(), (EstimateStatus.SENT,)
    )
    if filters.date_from:
        query = query.where(Estimate.issue_date >= filters.date_from)
    if filters.date_to:
        query = query.where(Estimate.issue_date <= filters.date_to)
    return query


def estimate_page(filters: EstimateFilter, page: int) -> Page:
    """Estimates matching ``filters``, newest first."""
    query = _filtered(select(Estimate).options(joinedload(Estimate.customer)), filters)
    return paginate(query.order_by(Estimate.id.desc()), page)


def _customer_estimates(customer_id: int) -> Select:
    return select(Estimate).where(
        Estimate.customer_id == customer_id, Estimate.status != EstimateStatus.DRAFT
    )


def customer_estimate_page(customer_id: int, page: int) -> Page:
    """What the customer sees: its estimates except drafts, newest first."""
    return paginate(_customer_estimates(customer_id).order_by(Estimate.id.desc()), page)


def customer_estimate(customer_id: int, estimate_id: int) -> Estimate | None:
    """The customer's estimate ``estimate_id`` unless it is a draft."""
    return db.session.scalar(_customer_estimates(customer_id).where(Estimate.id == estimate_id))


def customer_estimate_count(customer_id: int) -> int:
    """The customer's estimates except drafts."""
    return db.session.scalar(_customer_estimates(customer_id).with_only_columns(func.count()))


def estimates_to_answer(customer_id: int, limit: int) -> list[Estimate]:
    """Start-page panel: sent estimates still open for an answer, soonest expiry first."""
    query = (
        select(Estimate)
        .where(
            Estimate.customer_id == customer_id,
            Estimate.status == EstimateStatus.SENT,
            or_(Estimate.expirydate.is_(None), Estimate.expirydate >= date.today()),
        )
        .order_by(Estimate.expirydate.asc().nulls_last(), Estimate.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))
