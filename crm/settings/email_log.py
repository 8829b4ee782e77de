"""Settings › E-Mail-Protokoll: every queued email with status and error; retry failed ones."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from crm.access import admin_required
from gorilla.extensions import db
from mail_templates.catalog import SPECS
from mail_templates.delivery import retry
from mail_templates.models import FAILED, REQUESTED, OutboxMessage

PER_PAGE = 50


@admin_required
def email_log():
    """Newest first, paginated; requests not yet composed (forgot password) are no emails yet."""
    page = db.paginate(
        select(OutboxMessage)
        .where(OutboxMessage.status != REQUESTED)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
    )
    return render_template("settings/email_log.html", page=page, specs=SPECS)


@admin_required
def email_log_retry(message_id: int):
    """Queue a failed message again (POST)."""
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status == FAILED:
        retry(message)
        db.session.commit()
        flash(_("The email is queued again."), "success")
    return redirect(url_for("admin.email_log", page=request.args.get("page", type=int)), 303)
