"""Contract lists: the staff list with filters, and what a customer sees."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from crm.documents.queries import by_status_and_customer
from gorilla.extensions import db
from gorilla.paging import Page, paginate

from .models import Contract, ContractStatus

RUNNING = (ContractStatus.SENT, ContractStatus.SIGNED)


@dataclass(frozen=True)
class ContractFilter:
    """Filters of the staff list: shown status (incl. ``expired``), customer, type and
    "expiring soon" (a running contract ending within ``soon_days``)."""

    status: str | None = None
    customer_id: int | None = None
    type_id: int | None = None
    expiring: bool = False
    soon_days: int = 30


def _expired():
    return and_(Contract.status.in_(RUNNING), Contract.dateend < date.today())


def _filtered(query: Select, filters: ContractFilter) -> Select:
    query = by_status_and_customer(
        query, Contract, filters, ContractStatus.EXPIRED, _expired(), RUNNING
    )
    if filters.type_id:
        query = query.where(Contract.contract_type_id == filters.type_id)
    if filters.expiring:
        today = date.today()
        query = query.where(
            Contract.status.in_(RUNNING),
            Contract.dateend.between(today, today + timedelta(days=filters.soon_days)),
        )
    return query


def contract_page(filters: ContractFilter, page: int) -> Page:
    """Contracts matching ``filters``, newest first, 25 a page, customer and type joined."""
    query = select(Contract).options(
        joinedload(Contract.customer), joinedload(Contract.contract_type)
    )
    return paginate(_filtered(query, filters).order_by(Contract.id.desc()), page)


def _customer_contracts(customer_id: int) -> Select:
    return select(Contract).where(
        Contract.customer_id == customer_id, Contract.status != ContractStatus.DRAFT
    )


def customer_contract_page(customer_id: int, page: int) -> Page:
    """What the customer sees: its contracts except drafts, newest first."""
    query = _customer_contracts(customer_id).options(joinedload(Contract.contract_type))
    return paginate(query.order_by(Contract.id.desc()), page)


def customer_contract(customer_id: int, contract_id: int) -> Contract | None:
    """One of the customer's contracts (not a draft), or ``None``."""
    return db.session.scalar(_customer_contracts(customer_id).where(Contract.id == contract_id))


def customer_contract_count(customer_id: int) -> int:
    """How many contracts the customer sees."""
    query = _customer_contracts(customer_id).with_only_columns(func.count())
    return db.session.scalar(query)


def contracts_to_sign(customer_id: int, limit: int) -> list[Contract]:
    """Start-page panel: sent, unexpired contracts waiting for the customer's signature."""
    return list(
        db.session.scalars(
            select(Contract)
            .where(
                Contract.customer_id == customer_id,
                Contract.status == ContractStatus.SENT,
                or_(Contract.dateend.is_(None), Contract.dateend >= date.today()),
            )
            .order_by(Contract.id.desc())
            .limit(limit)
        )
    )
