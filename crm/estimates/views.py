"""Estimate list, create, page (edit), send dialog, print, PDF, duplicate, delete, convert."""

from datetime import date
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.documents.pages import (
    CustomerTab,
    SendDialog,
    act,
    list_filter_args,
    list_page,
    save_flashed,
)
from crm.invoices.forms import DocumentSendForm, document_form
from crm.invoices.pdf import sender
from gorilla.bounds import record_id
from gorilla.extensions import db

from .forms import EstimateForm
from .models import Estimate, EstimateStatus
from .pdf import estimate_pdf_response, signature_response
from .queries import EstimateFilter, estimate_page
from .service import (
    EstimateLocked,
    convert_to_invoice,
    delete_estimate,
    duplicate_estimate,
    recipients,
    save_estimate,
    send_estimate,
)

SEND_DIALOG = SendDialog("estimates/send.html", "estimate", EstimateLocked)
CUSTOMER_TAB = CustomerTab(
    _l("Estimates"),
    "estimates/_table.html",
    "estimate_table",
    "admin.estimates.show",
    EstimateFilter,
    estimate_page,
    _l("This customer has no estimates yet."),
    "admin.estimates.new",
    _l("New estimate"),
)


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _filters() -> EstimateFilter:
    return EstimateFilter(
        **list_filter_args(EstimateStatus),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
    )


def _show(estimate: Estimate):
    return redirect(url_for("admin.estimates.show", estimate_id=estimate.id), 303)


def estimate_list():
    """Estimates filtered by status, customer and period, 25 a page."""
    return list_page("estimates/list.html", estimate_page, _filters())


def estimate_new():
    """Create a draft estimate (``?customer_id=`` preselects the customer)."""
    form = document_form(EstimateForm, customer_id=request.args.get("customer_id", type=record_id))
    if form.validate_on_submit():
        estimate = save_estimate(Estimate(), {**form.data, "items": form.item_rows()})
        flash(_("Estimate %(number)s created.", number=estimate.number), "success")
        return _show(estimate)
    return render_template("estimates/new.html", form=form)


def estimate_detail(estimate_id: int):
    """The estimate page: edit form until answered, amounts, history and actions."""
    estimate = db.get_or_404(Estimate, estimate_id)
    form = document_form(EstimateForm, estimate)
    if form.validate_on_submit():
        save_flashed(
            partial(save_estimate, estimate, {**form.data, "items": form.item_rows()}),
            _("Estimate saved."),
            EstimateLocked,
            _("Answered estimates cannot be changed."),
        )
        return _show(estimate)
    return render_template("estimates/detail.html", estimate=estimate, form=form)


def estimate_send(estimate_id: int):
    """Send dialog: contacts with the ``estimates`` permission, those with estimate emails
    ticked, primary first."""
    estimate = db.get_or_404(Estimate, estimate_id)
    form = DocumentSendForm.for_contacts(recipients(estimate), "estimate_emails")
    sent = _("Estimate sent (%(count)d emails).")
    return SEND_DIALOG(estimate, form, send_estimate, sent, _show(estimate))


def estimate_print(estimate_id: int):
    """The printable estimate."""
    estimate = db.get_or_404(Estimate, estimate_id)
    name, address = sender()
    return render_template(
        "estimates/print.html", estimate=estimate, sender_name=name, sender_address=address
    )


def estimate_download(estimate_id: int):
    """The estimate as PDF."""
    return estimate_pdf_response(db.get_or_404(Estimate, estimate_id))


def estimate_duplicate(estimate_id: int):
    """A new draft copy (POST)."""
    copy = duplicate_estimate(db.get_or_404(Estimate, estimate_id))
    flash(_("Estimate %(number)s created.", number=copy.number), "success")
    return _show(copy)


def estimate_delete(estimate_id: int):
    """Delete a draft (POST)."""
    estimate = db.get_or_404(Estimate, estimate_id)
    act(estimate, delete_estimate, EstimateLocked, _("Estimate deleted."))
    return redirect(url_for("admin.estimates.list"), 303)


def estimate_convert(estimate_id: int):
    """Turn the estimate into a draft invoice (POST, once) and open it."""
    estimate = db.get_or_404(Estimate, estimate_id)
    invoice = convert_to_invoice(estimate)
    if invoice is None:
        db.session.refresh(estimate)
        if estimate.invoice_id is None:
            abort(409)
        flash(_("The estimate was converted already."), "error")
        return redirect(url_for("admin.invoices.show", invoice_id=estimate.invoice_id), 303)
    flash(_("Invoice %(number)s created from the estimate.", number=invoice.number), "success")
    return redirect(url_for("admin.invoices.show", invoice_id=invoice.id), 303)


def estimate_signature(estimate_id: int):
    """The customer's acceptance signature as PNG."""
    return signature_response(db.get_or_404(Estimate, estimate_id))
