"""Invoice list, create, invoice page (edit), payments, cancel, send dialog, print, PDF."""

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.customers.models import Customer
from crm.documents.pages import SendDialog, act, list_filter_args, list_page, save_flashed
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.money import money
from gorilla.paging import requested_page

from .einvoice import xml_response
from .forms import DocumentSendForm, InvoiceForm, PaymentForm, document_form
from .models import Invoice, InvoiceStatus
from .pdf import pdf_response, zugferd_response
from .queries import InvoiceFilter, invoice_page, invoice_totals, sheet_context
from .service import (
    InvoiceLocked,
    cancel_invoice,
    recipients,
    record_payment,
    save_invoice,
    send_invoice,
)

SEND_DIALOG = SendDialog("invoices/send.html", "invoice", InvoiceLocked)


def _form(invoice: Invoice | None = None, **kwargs) -> InvoiceForm:
    return document_form(InvoiceForm, invoice, **kwargs)


def _show(invoice: Invoice):
    return redirect(url_for("admin.invoices.show", invoice_id=invoice.id), 303)


def invoice_list():
    """Invoices filtered by status and customer, with totals."""
    filters = InvoiceFilter(**list_filter_args(InvoiceStatus))
    return list_page("invoices/list.html", invoice_page, filters, totals=invoice_totals(filters))


def invoice_new():
    """Create a draft invoice (``?customer_id=`` preselects the customer), then open it."""
    form = _form(customer_id=request.args.get("customer_id", type=record_id))
    if form.validate_on_submit():
        invoice = save_invoice(Invoice(), {**form.data, "items": form.item_rows()})
        flash(_("Invoice %(number)s created.", number=invoice.number), "success")
        return _show(invoice)
    return render_template("invoices/new.html", form=form)


def invoice_detail(invoice_id: int):
    """The invoice page: edit form (draft/unpaid), totals, payments and actions."""
    invoice = db.get_or_404(Invoice, invoice_id)
    form = _form(invoice)
    if form.validate_on_submit():
        save_flashed(
            partial(save_invoice, invoice, {**form.data, "items": form.item_rows()}),
            _("Invoice saved."),
            InvoiceLocked,
            _("Paid or cancelled invoices cannot be changed."),
        )
        return _show(invoice)
    return render_template(
        "invoices/detail.html",
        invoice=invoice,
        form=form,
        payment=PaymentForm(formdata=None),
        **sheet_context(invoice),
    )


def _within_balance(invoice: Invoice, payment: PaymentForm) -> bool:
    """Whether the payment fits the outstanding amount (else a field error on ``amount``)."""
    if payment.amount.data <= invoice.balance:
        return True
    payment.amount.errors.append(
        _(
            "The amount is higher than the outstanding amount (%(open)s).",
            open=money(invoice.balance),
        )
    )
    return False


def invoice_payment(invoice_id: int):
    """Record a payment (POST ``amount``, ``date``, ``note``)."""
    invoice = db.get_or_404(Invoice, invoice_id)
    payment = PaymentForm()
    if not payment.validate_on_submit() or not _within_balance(invoice, payment):
        form = _form(invoice, formdata=None)
        return render_template(
            "invoices/detail.html",
            invoice=invoice,
            form=form,
            payment=payment,
            **sheet_context(invoice),
        )
    try:
        record_payment(invoice, payment.amount.data, payment.date.data, payment.note.data or "")
    except InvoiceLocked:
        abort(409)
    flash(_("Payment recorded."), "success")
    return _show(invoice)


def invoice_cancel(invoice_id: int):
    """Cancel the invoice (POST)."""
    invoice = db.get_or_404(Invoice, invoice_id)
    act(invoice, cancel_invoice, InvoiceLocked, _("Invoice cancelled."))
    return _show(invoice)


def invoice_send(invoice_id: int):
    """The send dialog: the customer's active contacts, those with invoice emails ticked."""
    invoice = db.get_or_404(Invoice, invoice_id)
    form = DocumentSendForm.for_contacts(recipients(invoice), "invoice_emails")
    sent = _("Invoice sent (%(count)d emails).")
    return SEND_DIALOG(invoice, form, send_invoice, sent, _show(invoice))


def invoice_print(invoice_id: int):
    """The printable invoice."""
    invoice = db.get_or_404(Invoice, invoice_id)
    return render_template("invoices/print.html", invoice=invoice, **sheet_context(invoice))


def invoice_download(invoice_id: int):
    """The invoice as PDF."""
    return pdf_response(db.get_or_404(Invoice, invoice_id))


def invoice_xrechnung(invoice_id: int):
    """The e-invoice as plain CII XML (EN 16931, XRechnung-compatible)."""
    return xml_response(db.get_or_404(Invoice, invoice_id))


def invoice_zugferd(invoice_id: int):
    """The invoice PDF with the CII XML embedded (Factur-X / ZUGFeRD, PDF/A-3)."""
    return zugferd_response(db.get_or_404(Invoice, invoice_id))


def customer_invoices(customer_id: int):
    """The Rechnungen tab of a customer."""
    customer = db.get_or_404(Customer, customer_id)
    filters = InvoiceFilter(customer_id=customer.id)
    return render_template(
        "invoices/customer_tab.html",
        customer=customer,
        page=invoice_page(filters, requested_page()),
        totals=invoice_totals(filters),
    )
