"""Approve or reject a customer that registered itself (POST, from its page)."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from crm.customers.models import Customer
from gorilla.extensions import db

from . import service


def _decide(customer_id: int, decide, done: str):
    customer = db.get_or_404(Customer, customer_id)
    try:
        decide(customer)
    except service.NotPending:
        flash(_("This customer has no registration waiting for approval."), "error")
    else:
        flash(done, "success")
    return redirect(url_for("admin.customers.show", customer_id=customer.id), 303)


def approve(customer_id: int):
    """Approve the registration: active once the email address is confirmed."""
    return _decide(customer_id, service.approve, _("Registration approved."))


def reject(customer_id: int):
    """Reject the registration: the customer stays inactive and cannot sign in."""
    return _decide(customer_id, service.reject, _("Registration rejected."))
