"""Vorschläge: list, proposal page (opening it marks it open), accept with signature,
decline, discussion and PDF, for contacts with the ``proposals`` permission."""

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.contacts.models import Permission
from crm.invoices.pdf import pdf_response, sender
from crm.proposals.pdf import proposal_pdf
from crm.proposals.queries import customer_proposal, customer_proposal_page
from crm.proposals.service import accept, add_comment, comments_of, decline, mark_viewed
from gorilla.auth import impersonating, refuse_answer_while_impersonating
from gorilla.forms import CommentForm
from gorilla.paging import requested_page
from gorilla.signatures import DeclineForm, SignatureForm
from portal.documents import own_document, signature_form
from portal.sections import requires_permission


def _own(proposal_id: int):
    return own_document(customer_proposal, proposal_id)


def _page(proposal, *, sign=None, reason=None, comment=None):
    name, address = sender()
    return render_template(
        "portal/proposals/detail.html",
        proposal=proposal,
        sender_name=name,
        sender_address=address,
        sign=sign or signature_form(),
        reason=reason or DeclineForm(formdata=None),
        comment_form=comment or CommentForm(formdata=None),
        comments=comments_of(proposal),
    )


def _back(proposal, anchor: str | None = None):
    return redirect(url_for("portal.proposals.show", proposal_id=proposal.id, _anchor=anchor), 303)


@requires_permission(Permission.PROPOSALS)
def proposal_list():
    """The customer's proposals."""
    page = customer_proposal_page(g.contact.customer_id, requested_page())
    return render_template("portal/proposals/list.html", page=page)


@requires_permission(Permission.PROPOSALS)
def proposal_detail(proposal_id: int):
    """One proposal with its answer forms and discussion."""
    proposal = _own(proposal_id)
    if not impersonating():  # staff looking as the contact have not made the customer read it
        mark_viewed(proposal)
    return _page(proposal)


@requires_permission(Permission.PROPOSALS)
def proposal_download(proposal_id: int):
    """One proposal as PDF."""
    return pdf_response(_own(proposal_id), proposal_pdf)


@requires_permission(Permission.PROPOSALS)
def proposal_accept(proposal_id: int):
    """Accept with name, email and drawn signature (POST); a second answer changes nothing.
    Only the contact answers: staff signed in as the contact get 403."""
    proposal = _own(proposal_id)
    refuse_answer_while_impersonating()
    if not proposal.acceptable:
        flash(_already(proposal), "error")
        return _back(proposal)
    form = SignatureForm()
    if not form.validate_on_submit():
        return _page(proposal, sign=form)
    if accept(proposal, form):
        flash(_("Thank you! You have accepted the proposal."), "success")
    else:
        flash(_already(proposal), "error")
    return _back(proposal)


@requires_permission(Permission.PROPOSALS)
def proposal_decline(proposal_id: int):
    """Decline with an optional reason (POST); a second answer changes nothing."""
    proposal = _own(proposal_id)
    refuse_answer_while_impersonating()
    if not proposal.answerable:
        flash(_already(proposal), "error")
        return _back(proposal)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _page(proposal, reason=form)
    if decline(proposal, form.reason.data, g.contact):
        flash(_("You have declined the proposal."), "success")
    else:
        flash(_already(proposal), "error")
    return _back(proposal)


def _already(proposal) -> str:
    if proposal.answerable:  # still open, so it has expired
        return _("This proposal has expired and can no longer be accepted.")
    return _("This proposal has already been answered.")


@requires_permission(Permission.PROPOSALS)
def proposal_comment(proposal_id: int):
    """The contact writes in the proposal's discussion (POST ``body``)."""
    proposal = _own(proposal_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(proposal, comment=form)
    add_comment(proposal, form.body.data, contact=g.contact)
    flash(_("Your comment has been posted."), "success")
    return _back(proposal, "discussion")
