"""The contact's dealings with documents and support, for the export and anonymisation.

The export lists the estimates and proposals the contact accepted or declined and the contracts
it signed (name, email, time and address recorded, the signature image as a file), its comments
on proposals and contracts, the tickets it opened and its own ticket messages (with their
attachments as files). One query per kind, each filtered by the contact's id; staff replies,
internal notes and other contacts' messages are not read. Anonymisation blanks the signer's
name, email and address on those documents and their history lines; the documents, signature
images and signed PDFs stay (statutory retention, like invoices).
"""

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.contracts.models import Contract, ContractComment, ContractEvent, ContractHistory
from crm.estimates.models import Estimate, EstimateEvent, EstimateHistory
from crm.proposals.models import Proposal, ProposalComment
from crm.tickets.models import Ticket, TicketReply
from gorilla.attachments.service import FOLDER
from gorilla.extensions import db
from gorilla.storage import tenant_folder, upload_path

Files = dict[str, Path]  # name in the ZIP → the stored file, read while the ZIP is written
ANSWERED = (("estimate", Estimate), ("proposal", Proposal), ("contract", Contract))


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _signature(kind: str, document, files: Files) -> dict | None:
    if not document.is_signed:
        return None
    picture = upload_path(document.signature_file)
    image = None
    if picture is not None:
        image = f"files/signatures/{kind}-{document.id}.png"
        files[image] = picture
    return {
        "firstname": document.signed_firstname,
        "lastname": document.signed_lastname,
        "email": document.signed_email,
        "time": _when(document.signed_at),
        "ip_address": document.signed_ip,
        "image": image,
    }


def _details(kind: str, row) -> dict:
    if kind == "contract":
        return {"subject": row.subject, "signed_version": row.signed_version}
    reason = row.declined_reason if kind == "estimate" else row.decline_reason
    return {"number": row.number, "answered_at": _when(row.answered_at), "decline_reason": reason}


def _answers(contact: Contact, files: Files) -> dict[str, list[dict]]:
    answers: dict[str, list[dict]] = {}
    for kind, model in ANSWERED:
        rows = db.session.scalars(
            select(model).where(model.answered_by_id == contact.id).order_by(model.id)
        )
        answers[f"{kind}s"] = [
            {"id": row.id, "status": row.status, "signature": _signature(kind, row, files)}
            | _details(kind, row)
            for row in rows
        ]
    return answers


def _comments(contact: Contact, model, document) -> list[dict]:
    key = f"{document.__tablename__[:-1]}_id"
    rows = db.session.execute(
        select(model, document.subject)
        .join(document, document.id == getattr(model, key))
        .where(model.contact_id == contact.id)
        .order_by(model.id)
    )
    return [
        {key: getattr(comment, key), "subject": subject, "time": _when(comment.created_at),
         "body": comment.body}
        for comment, subject in rows
    ]  # fmt: skip


def _tickets(contact: Contact) -> list[dict]:
    rows = db.session.scalars(
        select(Ticket).where(Ticket.contact_id == contact.id).order_by(Ticket.id)
    )
    return [
        {"id": row.id, "subject": row.subject, "status": row.status, "priority": row.priority,
         "created_at": _when(row.created_at), "last_activity_at": _when(row.last_activity_at)}
        for row in rows
    ]  # fmt: skip


def _ticket_messages(contact: Contact, files: Files) -> list[dict]:
    rows = db.session.scalars(
        select(TicketReply)
        .options(selectinload(TicketReply.attachments))
        .where(TicketReply.contact_id == contact.id, TicketReply.internal.is_(False))
        .order_by(TicketReply.id)
    )
    messages = []
    folder = tenant_folder() / FOLDER
    for reply in rows:
        names = []
        for attachment in reply.attachments:
            path = folder / attachment.file.name
            name = f"files/tickets/{reply.id}-{attachment.id}-{attachment.file.original_name}"
            if path.is_file():
                files[name] = path
                names.append(name)
        messages.append(
            {"ticket_id": reply.ticket_id, "time": _when(reply.created_at), "body": reply.body,
             "via_email": reply.via_email, "attachments": names}
        )  # fmt: skip
    return messages


def dealings(contact: Contact, files: Files) -> dict[str, object]:
    """The export's sections about documents and support; files go into ``files``."""
    return {
        "answers": _answers(contact, files),
        "proposal_comments": _comments(contact, ProposalComment, Proposal),
        "contract_comments": _comments(contact, ContractComment, Contract),
        "tickets": _tickets(contact),
        "ticket_messages": _ticket_messages(contact, files),
    }


def _rename(history, document, owner, actor, contact: Contact, placeholder: str) -> None:
    """History lines of the customer's documents: the contact's name as actor or in the text
    (recipient lists) becomes ``placeholder``."""
    documents = select(document.id).where(document.customer_id == contact.customer_id)
    name = contact.full_name
    db.session.execute(
        update(history)
        .where(owner.in_(documents), actor == name)
        .values({actor: placeholder})
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(history)
        .where(owner.in_(documents), history.detail.contains(name, autoescape=True))
        .values(detail=func.replace(history.detail, name, placeholder))
        .execution_options(synchronize_session=False)
    )


def anonymise_dealings(contact: Contact, placeholder: str) -> None:
    """Replace the signer's name, email and address on the contact's answers, and its name in
    the history lines of its customer's estimates and contracts, with ``placeholder``."""
    first, last = placeholder.split(" ", 1)
    for _kind, model in ANSWERED:
        db.session.execute(
            update(model)
            .where(model.answered_by_id == contact.id, model.signed_at.is_not(None))
            .values(signed_firstname=first, signed_lastname=last, signed_email="", signed_ip="")
        )
    answered = select(Estimate.id).where(Estimate.answered_by_id == contact.id)
    db.session.execute(
        update(EstimateHistory)
        .where(EstimateHistory.estimate_id.in_(answered),
               EstimateHistory.event == EstimateEvent.ACCEPTED)
        .values(actor=placeholder, detail="")
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    signed = select(Contract.id).where(Contract.answered_by_id == contact.id)
    db.session.execute(
        update(ContractHistory)
        .where(ContractHistory.contract_id.in_(signed),
               ContractHistory.event == ContractEvent.SIGNED)
        .values(detail=placeholder)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    _rename(EstimateHistory, Estimate, EstimateHistory.estimate_id, EstimateHistory.actor,
            contact, placeholder)  # fmt: skip
    _rename(ContractHistory, Contract, ContractHistory.contract_id, ContractHistory.actor_name,
            contact, placeholder)  # fmt: skip
