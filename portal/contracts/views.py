"""Verträge: list, contract page, PDFs, signing, discussion and attachments, for contacts
with the ``contracts`` permission (their customer's contracts, never drafts)."""

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.contracts.pdf import pdf_response
from crm.contracts.queries import customer_contract, customer_contract_page
from crm.contracts.service import (
    add_comment,
    attachment_of,
    attachments_of,
    comments_of,
    sign_contract,
)
from gorilla.attachments import attachment_response
from gorilla.auth import refuse_answer_while_impersonating
from gorilla.forms import CommentForm
from gorilla.paging import requested_page
from gorilla.signatures import SignatureForm
from portal.documents import own_document, signature_form
from portal.sections import requires_permission


def _own_contract(contract_id: int):
    return own_document(customer_contract, contract_id)


def _page(contract, sign_form=None, comment_form=None, status: int = 200):
    return (
        render_template(
            "portal/contracts/detail.html",
            contract=contract,
            sign_form=sign_form or signature_form(),
            comments=comments_of(contract),
            comment_form=comment_form or CommentForm(formdata=None),
            attachments=attachments_of(contract),
        ),
        status,
    )


@requires_permission(Permission.CONTRACTS)
def contract_list():
    """The customer's contracts with status and dates."""
    page = customer_contract_page(g.contact.customer_id, requested_page())
    return render_template("portal/contracts/list.html", page=page)


@requires_permission(Permission.CONTRACTS)
def contract_detail(contract_id: int):
    """One contract: content, signature or signing form, attachments, discussion."""
    return _page(_own_contract(contract_id))


@requires_permission(Permission.CONTRACTS)
def contract_download(contract_id: int):
    """The contract as PDF: the signed PDF while it is the current version, else as it is now."""
    contract = _own_contract(contract_id)
    if contract.signed_file is not None and contract.signed_version == contract.version:
        return attachment_response(contract.signed_file)
    return pdf_response(contract)


@requires_permission(Permission.CONTRACTS)
def signed_download(contract_id: int):
    """The PDF as it was signed."""
    contract = _own_contract(contract_id)
    if contract.signed_file is None:
        abort(404)
    return attachment_response(contract.signed_file)


@requires_permission(Permission.CONTRACTS)
def contract_sign(contract_id: int):
    """Sign (POST ``firstname``, ``lastname``, ``email``, ``signature``); staff signed in as
    the contact get 403."""
    contract = _own_contract(contract_id)
    refuse_answer_while_impersonating()
    if not contract.signable:
        flash(_("This contract cannot be signed (any more)."), "error")
        return redirect(url_for("portal.contracts.show", contract_id=contract.id), 303)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _page(contract, sign_form=form, status=400)
    if sign_contract(contract, form):
        flash(_("Thank you, the contract is signed."), "success")
    else:
        flash(_("This contract cannot be signed (any more)."), "error")
    return redirect(url_for("portal.contracts.show", contract_id=contract.id), 303)


@requires_permission(Permission.CONTRACTS)
def contract_comment(contract_id: int):
    """Post a comment (POST ``body``)."""
    contract = _own_contract(contract_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(contract, comment_form=form, status=400)
    add_comment(contract, form.body.data, contact=g.contact)
    flash(_("Comment added."), "success")
    return redirect(
        url_for("portal.contracts.show", contract_id=contract.id, _anchor="discussion"), 303
    )


@requires_permission(Permission.CONTRACTS)
def attachment_download(contract_id: int, attachment_id: int):
    """One attachment of a contract the contact may see."""
    attachment = attachment_of(_own_contract(contract_id), attachment_id)
    if attachment is None:
        abort(404)
    return attachment_response(attachment.file)
