"""Credit notes: create from an invoice, list, page (edit, apply, refund), send, PDF."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.customers.service import customer_choices
from crm.documents.pages import CustomerTab, SendDialog
from crm.invoices.forms import DocumentSendForm, document_form
from crm.invoices.models import Invoice
from crm.invoices.pdf import pdf_response, sender
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.forms import choices
from gorilla.money import money
from gorilla.paging import requested_page

from .forms import ApplyForm, CreditNoteForm, RefundForm
from .models import CreditNote
from .pdf import credit_note_pdf
from .queries import CreditNoteFilter, credit_note_page
from .service import (
    CreditRefused,
    apply_credit,
    credit_note_from_invoice,
    open_invoices,
    recipients,
    refund_credit,
    save_credit_note,
    send_credit_note,
)

SEND_DIALOG = SendDialog("credit_notes/send.html", "note")
CUSTOMER_TAB = CustomerTab(
    _l("Credit notes"),
    "credit_notes/_table.html",
    "credit_note_table",
    "admin.credit_notes.show",
    CreditNoteFilter,
    credit_note_page,
    _l("This customer has no credit notes yet."),
)


def _show(note: CreditNote):
    return redirect(url_for("admin.credit_notes.show", credit_note_id=note.id), 303)


def _forms(note: CreditNote, form=None, apply=None, refund=None) -> dict:
    if form is None:
        form = document_form(CreditNoteForm, note)
    form.customer_id.choices = [(note.customer_id, note.customer.company)]
    apply = apply or ApplyForm(formdata=None)
    apply.invoice_id.choices = choices(
        (i.id, f"{i.number} · {money(i.balance, i.currency)}") for i in open_invoices(note)
    )
    return {
        "note": note,
        "form": form,
        "apply": apply,
        "refund": refund or RefundForm(formdata=None),
    }


def credit_note_from(invoice_id: int):
    """Create a credit note from an invoice (POST) and open it."""
    invoice = db.get_or_404(Invoice, invoice_id)
    try:
        note = credit_note_from_invoice(invoice)
    except CreditRefused as error:
        flash(str(error), "error")
        return redirect(url_for("admin.invoices.show", invoice_id=invoice.id), 303)
    flash(_("Credit note %(number)s created.", number=note.number), "success")
    return _show(note)


def credit_note_list():
    """Credit notes, newest first, optionally of one customer."""
    customer_id = request.args.get("customer", type=record_id)
    page = credit_note_page(CreditNoteFilter(customer_id=customer_id), requested_page())
    return render_template(
        "credit_notes/list.html", page=page, customer_id=customer_id, customers=customer_choices()
    )


def credit_note_detail(credit_note_id: int):
    """The credit note: edit until used, apply to open invoices, refund."""
    note = db.get_or_404(CreditNote, credit_note_id)
    form = document_form(CreditNoteForm, note)
    form.customer_id.choices = [(note.customer_id, note.customer.company)]
    if form.validate_on_submit():
        data = {**form.data, "customer_id": note.customer_id, "items": form.item_rows()}
        try:
            save_credit_note(note, data)
        except CreditRefused as error:
            flash(str(error), "error")
        else:
            flash(_("Credit note saved."), "success")
        return _show(note)
    return render_template("credit_notes/detail.html", **_forms(note, form))


def credit_note_apply(credit_note_id: int):
    """Apply credit to an open invoice (POST ``invoice_id``, ``amount``)."""
    note = db.get_or_404(CreditNote, credit_note_id)
    apply = ApplyForm()
    apply.invoice_id.choices = choices((i.id, i.number) for i in open_invoices(note))
    if apply.validate_on_submit():
        try:
            apply_credit(note, apply.invoice_id.data, apply.amount.data)
        except CreditRefused as error:
            apply.amount.errors.append(str(error))
        else:
            flash(_("Credit applied."), "success")
            return _show(note)
    return render_template("credit_notes/detail.html", **_forms(note, apply=apply)), 400


def credit_note_refund(credit_note_id: int):
    """Record a refund (POST ``amount``, ``date``, ``note``)."""
    note = db.get_or_404(CreditNote, credit_note_id)
    refund = RefundForm()
    if refund.validate_on_submit():
        try:
            refund_credit(note, refund.amount.data, refund.date.data, refund.note.data or "")
        except CreditRefused as error:
            refund.amount.errors.append(str(error))
        else:
            flash(_("Refund recorded."), "success")
            return _show(note)
    return render_template("credit_notes/detail.html", **_forms(note, refund=refund)), 400


def credit_note_send(credit_note_id: int):
    """Send dialog: contacts with the ``invoices`` permission, credit note emails ticked."""
    note = db.get_or_404(CreditNote, credit_note_id)
    form = DocumentSendForm.for_contacts(recipients(note), "credit_note_emails")
    sent = _("Credit note sent (%(count)d emails).")
    return SEND_DIALOG(note, form, send_credit_note, sent, _show(note))


def credit_note_download(credit_note_id: int):
    """The credit note as PDF."""
    return pdf_response(db.get_or_404(CreditNote, credit_note_id), credit_note_pdf)


def credit_note_print(credit_note_id: int):
    """The printable credit note."""
    note = db.get_or_404(CreditNote, credit_note_id)
    name, address = sender()
    return render_template(
        "credit_notes/print.html", note=note, sender_name=name, sender_address=address
    )
