"""Proposal list, create, proposal page (edit, history, discussion), send dialog, PDF,
delete, comment, convert."""

from functools import partial

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.customers.service import customer_choices
from crm.documents.pages import (
    CustomerTab,
    SendDialog,
    act,
    list_filter_args,
    list_page,
    save_flashed,
)
from crm.invoices.forms import BLANK_ROWS, SendForm
from crm.invoices.pdf import pdf_response, sender
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.forms import CommentForm, choices

from .conversions import NotConvertible, conversion_targets, convert, converted_url
from .forms import ProposalForm
from .models import Proposal, ProposalStatus
from .pdf import proposal_pdf
from .queries import ProposalFilter, history, proposal_page
from .service import (
    ProposalLocked,
    add_comment,
    comments_of,
    delete_proposal,
    recipients,
    save_proposal,
    send_proposal,
)

SEND_DIALOG = SendDialog("proposals/send.html", "proposal")
CUSTOMER_TAB = CustomerTab(
    _l("Proposals"),
    "proposals/_table.html",
    "proposal_table",
    "admin.proposals.show",
    ProposalFilter,
    proposal_page,
    _l("This customer has no proposals yet."),
    "admin.proposals.new",
    _l("New proposal"),
)


def _form(proposal: Proposal | None = None, **kwargs) -> ProposalForm:
    form = ProposalForm(obj=proposal, **kwargs)
    keep = proposal.customer_id if proposal is not None else None
    form.customer_id.choices = choices(customer_choices(keep=keep))
    if not form.is_submitted() or "formdata" in kwargs:
        for _row in range(BLANK_ROWS):
            form.items.append_entry()
    return form


def _show(proposal: Proposal):
    return redirect(url_for("admin.proposals.show", proposal_id=proposal.id), 303)


def _data(form: ProposalForm) -> dict:
    return {**form.data, "items": form.item_rows()}


def proposal_list():
    """Proposals filtered by status and customer, 25 a page."""
    filters = ProposalFilter(**list_filter_args(ProposalStatus))
    return list_page("proposals/list.html", proposal_page, filters)


def proposal_new():
    """Create a draft (``?customer_id=`` preselects the customer), then open it."""
    form = _form(customer_id=request.args.get("customer_id", type=record_id))
    if form.validate_on_submit():
        proposal = save_proposal(Proposal(), _data(form), staff=g.staff)
        flash(_("Proposal created."), "success")
        return _show(proposal)
    return render_template("proposals/new.html", form=form)


def _render(proposal: Proposal, form: ProposalForm, comment_form: CommentForm):
    name, address = sender()
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        sender_name=name,
        sender_address=address,
        form=form,
        comment_form=comment_form,
        comments=comments_of(proposal),
        history=history(proposal),
        targets=conversion_targets(),
        converted_url=converted_url(proposal),
    )


def proposal_detail(proposal_id: int):
    """The proposal page: edit form (until answered), answer, history, discussion."""
    proposal = db.get_or_404(Proposal, proposal_id)
    form = _form(proposal)
    if form.validate_on_submit():
        save_flashed(
            partial(save_proposal, proposal, _data(form)),
            _("Proposal saved."),
            ProposalLocked,
            _("Answered proposals cannot be changed."),
        )
        return _show(proposal)
    return _render(proposal, form, CommentForm(formdata=None))


def proposal_send(proposal_id: int):
    """The send dialog: active contacts with the ``proposals`` permission, all ticked,
    the primary contact first."""
    proposal = db.get_or_404(Proposal, proposal_id)
    if not proposal.editable:
        abort(409)
    contacts = recipients(proposal)
    form = SendForm(contact_ids=[c.id for c in contacts])
    form.contact_ids.choices = choices(
        (
            c.id,
            f"{c.full_name} <{c.email}>" + (f" · {_('Primary contact')}" if c.is_primary else ""),
        )
        for c in contacts
    )
    sent = _("Proposal sent (%(count)d emails).")
    return SEND_DIALOG(proposal, form, send_proposal, sent, _show(proposal))


def proposal_download(proposal_id: int):
    """The proposal as PDF."""
    return pdf_response(db.get_or_404(Proposal, proposal_id), proposal_pdf)


def proposal_delete(proposal_id: int):
    """Delete a draft (POST)."""
    act(
        db.get_or_404(Proposal, proposal_id),
        delete_proposal,
        ProposalLocked,
        _("Proposal deleted."),
    )
    return redirect(url_for("admin.proposals.list"), 303)


def proposal_comment(proposal_id: int):
    """Post a staff comment (POST ``body``); errors re-render the page."""
    proposal = db.get_or_404(Proposal, proposal_id)
    comment_form = CommentForm()
    if not comment_form.validate_on_submit():
        return _render(proposal, _form(proposal, formdata=None), comment_form)
    add_comment(proposal, comment_form.body.data, staff=g.staff)
    flash(_("Comment added."), "success")
    return redirect(
        url_for("admin.proposals.show", proposal_id=proposal.id, _anchor="discussion"), 303
    )


def proposal_convert(proposal_id: int):
    """Convert an accepted proposal (POST ``target``, default ``invoice``) once; redirects
    to the new document, or to the one made before."""
    proposal = db.get_or_404(Proposal, proposal_id)
    key = request.form.get("target", "invoice")
    if key not in conversion_targets():
        abort(400)
    try:
        created = convert(proposal, key)
    except NotConvertible:
        flash(_("Only accepted proposals with items can be converted."), "error")
        return _show(proposal)
    target_url = converted_url(proposal)
    if target_url is None:
        flash(_("Only accepted proposals with items can be converted."), "error")
        return _show(proposal)
    if created:
        flash(_("Proposal converted."), "success")
    else:
        flash(_("This proposal was converted before."), "info")
    return redirect(target_url, 303)
