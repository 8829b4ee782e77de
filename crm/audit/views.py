"""Einstellungen › Protokoll (list, CSV export, retention) and a customer's Aktivität tab."""

from flask import Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from crm.customers.models import Customer
from gorilla.audit import AuditAction
from gorilla.extensions import db
from gorilla.paging import requested_page

from .forms import RetentionForm
from .service import (
    AuditFilter,
    entry_page,
    export_csv,
    log_export,
    retention_days,
    set_retention_days,
)


def _log_page(form: RetentionForm):
    filters = AuditFilter.from_args(request.args)
    return render_template(
        "audit/list.html",
        page=entry_page(filters, requested_page()),
        filters=filters,
        actions=AuditAction,
        form=form,
    )


@admin_required
def audit_log():
    """The tenant's entries, newest first, filtered, 25 a page."""
    return _log_page(RetentionForm(data={"retention_days": retention_days()}))


@admin_required
def retention():
    """Save how many days entries are kept (POST)."""
    form = RetentionForm()
    if form.validate_on_submit():
        set_retention_days(form.retention_days.data)
        flash(_("Settings saved."), "success")
        return redirect(url_for("admin.audit.list"), 303)
    return _log_page(form)


@admin_required
def export():
    """The filtered entries as CSV, streamed; the export is logged.

    The log entry commits after this view (``writes_on_get``); the rows are read afterwards:
    ``stream_with_context`` pushes the request's context again only after its teardown, so the
    reading begins a fresh, deferred transaction that never holds SQLite's write lock
    (``tests/test_audit_log.py::test_a_streaming_export_does_not_block_writers``)."""
    filters = AuditFilter.from_args(request.args)
    log_export(filters)
    return Response(
        stream_with_context(export_csv(filters)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )


def customer_tab(customer_id: int):
    """The Aktivität tab: the entries of one customer, newest first, 25 a page."""
    customer = db.get_or_404(Customer, customer_id)
    page = entry_page(AuditFilter(customer_id=customer.id), requested_page())
    return render_template("audit/customer_tab.html", customer=customer, page=page)
