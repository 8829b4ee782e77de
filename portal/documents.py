"""What the customer-area document pages (invoices, estimates, proposals, contracts) share:
the contact's own document or 404, and the signature form filled in with the contact."""

from collections.abc import Callable
from typing import TypeVar

from flask import abort, g

from gorilla.signatures import SignatureForm

Document = TypeVar("Document")


def own_document(find: Callable[[int, int], Document | None], document_id: int) -> Document:
    """The document ``find(customer_id, document_id)`` returns for the signed-in contact's
    customer; 404 for another customer's, a draft or an unknown id."""
    document = find(g.contact.customer_id, document_id)
    if document is None:
        abort(404)
    return document


def signature_form() -> SignatureForm:
    """An unsubmitted signature form with the signed-in contact's name and email."""
    contact = g.contact
    return SignatureForm(
        formdata=None, firstname=contact.firstname, lastname=contact.lastname, email=contact.email
    )
