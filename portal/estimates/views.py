"""Angebote: list, page with accept/decline, PDF, for contacts with the ``estimates``
permission; another customer's estimate and drafts answer 404."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.estimates.models import Estimate
from crm.estimates.pdf import estimate_pdf_response, signature_response
from crm.estimates.queries import customer_estimate, customer_estimate_page
from crm.estimates.service import accept_estimate, decline_estimate, mark_viewed
from crm.invoices.pdf import sender
from gorilla.auth import refuse_answer_while_impersonating
from gorilla.paging import requested_page
from gorilla.signatures import DeclineForm, SignatureForm
from portal.documents import own_document, signature_form
from portal.sections import requires_permission


def _own_estimate(estimate_id: int) -> Estimate:
    return own_document(customer_estimate, estimate_id)


def _page(estimate: Estimate, accept: SignatureForm | None = None, decline=None, status=200):
    name, address = sender()
    html = render_template(
        "portal/estimates/detail.html",
        estimate=estimate,
        accept=accept or signature_form(),
        decline=decline or DeclineForm(formdata=None),
        sender_name=name,
        sender_address=address,
    )
    return html, status


def _back(estimate: Estimate):
    return redirect(url_for("portal.estimates.show", estimate_id=estimate.id), 303)


@requires_permission(Permission.ESTIMATES)
def estimate_list():
    """The customer's estimates with status and amounts."""
    page = customer_estimate_page(g.contact.customer_id, requested_page())
    return render_template("portal/estimates/list.html", page=page)


@requires_permission(Permission.ESTIMATES)
def estimate_detail(estimate_id: int):
    """One estimate, with the accept and decline forms while it is open."""
    estimate = _own_estimate(estimate_id)
    mark_viewed(estimate, g.contact)
    return _page(estimate)


@requires_permission(Permission.ESTIMATES)
def estimate_download(estimate_id: int):
    """One estimate as PDF (with the signature once accepted)."""
    return estimate_pdf_response(_own_estimate(estimate_id))


@requires_permission(Permission.ESTIMATES)
def signature_image(estimate_id: int):
    """The acceptance signature as PNG."""
    return signature_response(_own_estimate(estimate_id))


@requires_permission(Permission.ESTIMATES)
def estimate_accept(estimate_id: int):
    """Accept with name, email and a drawn signature (POST). A second submission (two tabs,
    double click) changes nothing and lands on the answered estimate. Only the contact
    answers: staff signed in as the contact get 403."""
    estimate = _own_estimate(estimate_id)
    refuse_answer_while_impersonating()
    if not estimate.answerable:
        flash(_("This estimate cannot be accepted any more."), "error")
        return _back(estimate)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _page(estimate, accept=form, status=400)
    if accept_estimate(estimate, g.contact, form):
        flash(_("Thank you! You accepted the estimate."), "success")
    else:
        flash(_("This estimate cannot be accepted any more."), "error")
    return _back(estimate)


@requires_permission(Permission.ESTIMATES)
def estimate_decline(estimate_id: int):
    """Decline with an optional reason (POST); once only."""
    estimate = _own_estimate(estimate_id)
    refuse_answer_while_impersonating()
    form = DeclineForm()
    if not form.validate_on_submit():
        return _page(estimate, decline=form, status=400)
    if decline_estimate(estimate, g.contact, form.reason.data or ""):
        flash(_("You declined the estimate."), "success")
    else:
        flash(_("This estimate was answered already."), "error")
    return _back(estimate)
