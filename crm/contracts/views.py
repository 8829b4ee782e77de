"""Staff pages of contracts: list, create, contract page (edit), send, terminate, renew,
delete, PDFs, attachments, discussion; Einstellungen › Verträge (types, reminder)."""

from functools import partial

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from crm.access import admin_required
from crm.customers.service import customer_choices
from crm.documents.pages import (
    CustomerTab,
    SendDialog,
    act,
    list_filter_args,
    list_page,
    save_flashed,
)
from crm.invoices.forms import SendForm
from gorilla.attachments import AttachmentRefused, attachment_response
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.forms import CommentForm, choices
from tenants.settings import set_setting

from .forms import AttachmentForm, ContractForm, ContractTypeForm, ReminderForm
from .models import Contract, ContractEvent, ContractStatus, ContractType
from .pdf import pdf_response
from .queries import ContractFilter, contract_page
from .service import (
    REMINDER_DAYS_SETTING,
    ContractLocked,
    add_attachment,
    add_comment,
    attachment_of,
    attachments_of,
    comments_of,
    delete_contract,
    history_of,
    recipients,
    reminder_days,
    remove_attachment,
    renew_contract,
    save_contract,
    send_contract,
    terminate_contract,
    type_choices,
)

SEND_DIALOG = SendDialog("contracts/send.html", "contract")
CUSTOMER_TAB = CustomerTab(
    _l("Contracts"),
    "contracts/_parts.html",
    "contract_table",
    "admin.contracts.show",
    ContractFilter,
    contract_page,
    _l("This customer has no contracts yet."),
    "admin.contracts.new",
    _l("New contract"),
)


def _contract(contract_id: int) -> Contract:
    return db.get_or_404(Contract, contract_id)


def _show(contract: Contract):
    return redirect(url_for("admin.contracts.show", contract_id=contract.id), 303)


def _form(contract: Contract | None = None, **kwargs) -> ContractForm:
    form = ContractForm(obj=contract, **kwargs)
    keep = contract.customer_id if contract is not None else None
    form.customer_id.choices = choices(customer_choices(keep=keep))
    form.contract_type.choices = choices([("", "—"), *type_choices()])
    if contract is not None and not form.is_submitted():
        form.contract_type.data = contract.contract_type_id
    return form


def _filters() -> ContractFilter:
    return ContractFilter(
        **list_filter_args(ContractStatus),
        type_id=request.args.get("type", type=record_id),
        expiring=request.args.get("expiring") == "1",
        soon_days=reminder_days() or 30,
    )


def contract_list():
    """Contracts filtered by status, customer, type and "expiring soon"."""
    return list_page("contracts/list.html", contract_page, _filters(), types=type_choices())


def contract_new():
    """Create a draft contract (``?customer_id=`` preselects the customer), then open it."""
    form = _form(customer_id=request.args.get("customer_id", type=record_id))
    if form.validate_on_submit():
        contract = save_contract(Contract(), form.values())
        flash(_("Contract created."), "success")
        return _show(contract)
    return render_template("contracts/new.html", form=form)


def _render(contract: Contract, form: ContractForm, comment_form=None, attachment_form=None):
    return render_template(
        "contracts/detail.html",
        contract=contract,
        form=form,
        history=history_of(contract),
        comments=comments_of(contract),
        comment_form=comment_form or CommentForm(formdata=None),
        attachments=attachments_of(contract),
        attachment_form=attachment_form or AttachmentForm(formdata=None),
        ContractEvent=ContractEvent,
    )


def contract_detail(contract_id: int):
    """The contract page: edit form, status, signature, history, attachments, discussion."""
    contract = _contract(contract_id)
    form = _form(contract)
    if form.validate_on_submit():
        save_flashed(
            partial(save_contract, contract, form.values()),
            _("Contract saved."),
            ContractLocked,
            _("Terminated contracts cannot be changed."),
        )
        return _show(contract)
    return _render(contract, form)


def contract_send(contract_id: int):
    """The send dialog: contacts with the contracts permission, those with contract emails
    ticked, primary first."""
    contract = _contract(contract_id)
    if contract.status not in (ContractStatus.DRAFT, ContractStatus.SENT):
        abort(409)
    form = SendForm.for_contacts(recipients(contract), "contract_emails")
    sent = _("Contract sent (%(count)d emails).")
    return SEND_DIALOG(contract, form, send_contract, sent, _show(contract))


def contract_terminate(contract_id: int):
    """Terminate a sent or signed contract (POST)."""
    contract = _contract(contract_id)
    act(contract, terminate_contract, ContractLocked, _("Contract terminated."))
    return _show(contract)


def contract_renew(contract_id: int):
    """Renew (POST): a new draft from this contract, then open it."""
    contract = _contract(contract_id)
    return _show(act(contract, renew_contract, ContractLocked, _("Renewal created as a draft.")))


def contract_delete(contract_id: int):
    """Delete a draft (POST)."""
    act(_contract(contract_id), delete_contract, ContractLocked, _("Contract deleted."))
    return redirect(url_for("admin.contracts.list"), 303)


def contract_download(contract_id: int):
    """The contract as it is now, as PDF."""
    return pdf_response(_contract(contract_id))


def signed_download(contract_id: int):
    """The PDF as it was signed (unchanged by later edits)."""
    contract = _contract(contract_id)
    if contract.signed_file is None:
        abort(404)
    return attachment_response(contract.signed_file)


def contract_comment(contract_id: int):
    """Post a comment to the contract's discussion (POST ``body``)."""
    contract = _contract(contract_id)
    comment_form = CommentForm()
    if not comment_form.validate_on_submit():
        return _render(contract, _form(contract, formdata=None), comment_form=comment_form)
    add_comment(contract, comment_form.body.data, staff=g.staff)
    flash(_("Comment added."), "success")
    return redirect(
        url_for("admin.contracts.show", contract_id=contract.id, _anchor="discussion"), 303
    )


def attachment_upload(contract_id: int):
    """Attach a file (POST ``file``)."""
    contract = _contract(contract_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors.append(_("Please choose a file."))
        else:
            try:
                add_attachment(contract, upload)
            except AttachmentRefused as error:
                form.file.errors.append(str(error))
            else:
                flash(_("File attached."), "success")
                return _show(contract)
    return _render(contract, _form(contract, formdata=None), attachment_form=form), 400


def _attachment(contract_id: int, attachment_id: int):
    contract = _contract(contract_id)
    attachment = attachment_of(contract, attachment_id)
    if attachment is None:
        abort(404)
    return contract, attachment


def attachment_download(contract_id: int, attachment_id: int):
    """Download one attachment."""
    _contract_row, attachment = _attachment(contract_id, attachment_id)
    return attachment_response(attachment.file)


def attachment_delete(contract_id: int, attachment_id: int):
    """Delete one attachment (POST)."""
    contract, attachment = _attachment(contract_id, attachment_id)
    remove_attachment(contract, attachment)
    flash(_("Attachment deleted."), "success")
    return _show(contract)


def _settings_page(type_form=None, reminder_form=None):
    types = db.session.scalars(select(ContractType).order_by(ContractType.name)).all()
    return render_template(
        "contracts/settings.html",
        types=types,
        type_form=type_form or ContractTypeForm(formdata=None),
        reminder_form=reminder_form or ReminderForm(formdata=None, days=reminder_days()),
    )


def _name_taken(name: str, keep: int | None = None) -> bool:
    query = select(ContractType.id).where(ContractType.name == name.strip())
    if keep is not None:
        query = query.where(ContractType.id != keep)
    return db.session.scalar(query) is not None


@admin_required
def contract_settings():
    """Einstellungen › Verträge: the contract types and the reminder days."""
    return _settings_page()


@admin_required
def reminder_setting():
    """Save the number of days before the end date for reminders (POST ``days``)."""
    form = ReminderForm()
    if not form.validate_on_submit():
        return _settings_page(reminder_form=form), 400
    set_setting(REMINDER_DAYS_SETTING, form.days.data)
    flash(_("Settings saved."), "success")
    return redirect(url_for("admin.contracts.settings"), 303)


@admin_required
def type_new():
    """Add a contract type (POST ``name``)."""
    form = ContractTypeForm()
    if form.validate_on_submit() and _name_taken(form.name.data):
        form.name.errors.append(_("A contract type with this name already exists."))
    elif form.validate_on_submit():
        db.session.add(ContractType(name=form.name.data.strip()))
        flash(_("Contract type added."), "success")
        return redirect(url_for("admin.contracts.settings"), 303)
    return _settings_page(type_form=form), 400


@admin_required
def type_rename(type_id: int):
    """Rename a contract type (POST ``name``)."""
    kind = db.get_or_404(ContractType, type_id)
    form = ContractTypeForm()
    if form.validate_on_submit() and not _name_taken(form.name.data, keep=kind.id):
        kind.name = form.name.data.strip()
        flash(_("Contract type saved."), "success")
        return redirect(url_for("admin.contracts.settings"), 303)
    if form.name.data and not form.name.errors:
        form.name.errors.append(_("A contract type with this name already exists."))
    return _settings_page(type_form=form), 400


@admin_required
def type_delete(type_id: int):
    """Delete a contract type (POST); its contracts keep their data without a type."""
    db.session.delete(db.get_or_404(ContractType, type_id))
    flash(_("Contract type deleted."), "success")
    return redirect(url_for("admin.contracts.settings"), 303)
