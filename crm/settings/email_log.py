"""Settings › E-Mail-Protokoll: every queued email with status and error; retry failed ones."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from crm.access import admin_required
from gorilla.extensions import db
from gorilla.paging import requested_page
from mail_templates.catalog import SPECS
from mail_templates.delivery import retry
from mail_templates.models import FAILED, REQUESTED, OutboxMessage

PER_PAGE = 50


@admin_required
def email_log():
    """Newest first, paginated (a page beyond the end shows the last one); requests not yet
    composed (forgot password) are no emails yet."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status != REQUESTED)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE, error_out=False)
    last = max(page.pages, 1)
    if page.page > last:
        page = db.paginate(query, page=last, per_page=PER_PAGE)
    return render_template("settings/email_log.html", page=page, specs=SPECS)


@admin_required
def email_log_retry(message_id: int):
    """Queue a failed message again (POST)."""
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status == FAILED:
        retry(message)
        flash(_("The email is queued again."), "success")
    return redirect(url_for("admin.settings.email_log", page=requested_page()), 303)
