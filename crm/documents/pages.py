"""Staff-page steps every sales document repeats: the list page and its filters, the tab on
the customer page, the send dialog, saving the edit form, acting on a document the status may
forbid."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, render_template, request
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

import mail_templates
from crm.customers.models import Customer
from crm.customers.service import customer_choices
from gorilla.bounds import record_id
from gorilla.choices import LabelledEnum
from gorilla.extensions import db
from gorilla.paging import Page, requested_page

Refusals = type[Exception] | tuple[type[Exception], ...]


def list_filter_args(statuses: type[LabelledEnum]) -> dict[str, Any]:
    """``status`` (``?status=``, one of ``statuses`` or ``None``) and ``customer_id``
    (``?customer=``) for a document list's filter."""
    status = request.args.get("status")
    return {
        "status": status if statuses.has(status) else None,
        "customer_id": request.args.get("customer", type=record_id),
    }


def list_page(template: str, page_of: Callable[[Any, int], Page], filters, **context) -> str:
    """``template`` with the requested ``page`` of ``page_of(filters, page)``, the ``filters``
    and the customers to filter by."""
    return render_template(
        template,
        page=page_of(filters, requested_page()),
        filters=filters,
        customers=customer_choices(),
        **context,
    )


@dataclass(frozen=True)
class CustomerTab:
    """A tab of the customer page listing the customer's documents of one kind, drafts too:
    ``page_of(filters(customer_id=…), page)`` drawn by the macro ``macro`` of ``table``
    (called with the documents, ``show_endpoint`` and ``show_customer=False``); ``new_endpoint``
    (taking ``customer_id``) adds a button."""

    title: Any
    table: str
    macro: str
    show_endpoint: str
    filters: Callable[..., Any]
    page_of: Callable[[Any, int], Page]
    empty: Any
    new_endpoint: str | None = None
    new_label: Any = None

    def view(self, customer_id: int) -> str:
        """The tab of customer ``customer_id`` (404 if there is none)."""
        customer = db.get_or_404(Customer, customer_id)
        page = self.page_of(self.filters(customer_id=customer.id), requested_page())
        return render_template(
            "customers/document_tab.html", customer=customer, tab=self, page=page
        )


@dataclass(frozen=True)
class SendDialog:
    """One kind of document's send dialog: ``template`` shows the form with the document as
    ``name``; ``locked`` (the document may not be sent) answers 409."""

    template: str
    name: str
    locked: Refusals = ()

    def __call__(self, document, form: FlaskForm, send: Callable, sent: str, done: Response):
        """On a valid POST ``send(document, contact_ids, **form.send_options())`` to the
        ticked contacts, flash
        ``sent`` (a translated text with ``%(count)d``) and answer ``done``; a switched-off
        template becomes the field's error. Otherwise the dialog."""
        if form.validate_on_submit():
            try:
                count = send(document, form.contact_ids.data, **form.send_options())
            except self.locked:
                abort(409)
            except mail_templates.NotQueued as error:
                form.contact_ids.errors.append(str(error))
            else:
                flash(sent % {"count": count}, "success")
                return done
        return render_template(self.template, form=form, **{self.name: document})


def save_flashed(save: Callable[[], object], saved: str, locked: Refusals, refused: str) -> None:
    """Run ``save`` and flash ``saved``, or ``refused`` (an error) when it raises ``locked``."""
    try:
        save()
    except locked:
        flash(refused, "error")
    else:
        flash(saved, "success")


def act(document, action: Callable[[Any], Any], locked: Refusals, done: str):
    """``action(document)`` (delete a draft, cancel, terminate …), then flash ``done``;
    ``locked`` (the status forbids it) answers 409. Returns what ``action`` returned."""
    try:
        result = action(document)
    except locked:
        abort(409)
    flash(done, "success")
    return result
