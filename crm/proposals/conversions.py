"""Turning an accepted proposal into another document, once.

Targets register themselves (``register_conversion_target``): this feature registers the
invoice; the estimates feature registers ``estimate`` the same way. The proposal records the
target's ``key`` and the new document's id; a conditional ``UPDATE`` claims the conversion, so
a double click or two staff members converting at once make one document.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Flask, current_app, url_for
from sqlalchemy import update

from crm.invoices.lines import item_rows
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice
from gorilla.audit import AuditAction, record
from gorilla.extensions import db

from .models import Proposal, ProposalStatus

TARGETS = "gorilla.proposal_conversions"


class NotConvertible(ValueError):
    """The proposal is not accepted, or has no items; ``str(error)`` says why."""


@dataclass(frozen=True)
class ConversionTarget:
    """A document an accepted proposal becomes: ``create(proposal) -> id`` makes it in the
    caller's transaction; ``endpoint`` with ``id_arg`` is its staff page."""

    key: str
    label: object
    create: Callable[[Proposal], int]
    endpoint: str
    id_arg: str


def register_conversion_target(app: Flask, target: ConversionTarget) -> None:
    """Offer ``target`` on accepted proposals."""
    app.extensions.setdefault(TARGETS, {})[target.key] = target


def conversion_targets() -> dict[str, ConversionTarget]:
    """The registered targets by key, in registration order."""
    return current_app.extensions.get(TARGETS, {})


def converted_url(proposal: Proposal) -> str | None:
    """The staff page of the document the proposal became, if any."""
    target = conversion_targets().get(proposal.converted_to or "")
    if target is None or proposal.converted_id is None:
        return None
    return url_for(target.endpoint, **{target.id_arg: proposal.converted_id})


def convert(proposal: Proposal, key: str) -> bool:
    """Make the ``key`` document from an accepted proposal with items. Returns True when this
    call converted it, False when it had been converted before (``converted_url`` leads
    there); raises ``NotConvertible`` otherwise (``KeyError`` for an unknown target)."""
    target = conversion_targets()[key]
    if proposal.converted_to is None and proposal.status != ProposalStatus.ACCEPTED:
        raise NotConvertible("not accepted")
    if proposal.converted_to is None and not proposal.items:
        raise NotConvertible("no items")
    claimed = db.session.execute(
        update(Proposal)
        .where(
            Proposal.id == proposal.id,
            Proposal.status == ProposalStatus.ACCEPTED,
            Proposal.converted_to.is_(None),
        )
        .values(converted_to=key)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(proposal)
    if claimed != 1:
        return False
    proposal.converted_id = target.create(proposal)
    db.session.flush()
    record(
        AuditAction.PROPOSAL_CONVERTED,
        subject=proposal,
        customer_id=proposal.customer_id,
        details={"to": key, "id": proposal.converted_id},
    )
    return True


def proposal_to_invoice(proposal: Proposal) -> int:
    """A draft invoice dated today with the proposal's items (the invoice target)."""
    data = {
        "customer_id": proposal.customer_id,
        "date": date.today(),
        "duedate": None,
        "notes": proposal.subject,
        "items": item_rows(proposal),
    }
    return save_invoice(Invoice(), data).id
