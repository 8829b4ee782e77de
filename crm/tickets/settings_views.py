"""Einstellungen › Support (admins): departments, predefined replies, who sees which ticket."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from crm.access import admin_required
from gorilla.extensions import db
from gorilla.forms import assign_fields
from tenants.settings import set_setting

from .forms import DepartmentForm, PredefinedReplyForm, TicketSettingsForm
from .models import Department, PredefinedReply
from .queries import (
    ALL_CONTACTS_SETTING,
    CHOICE_LIMIT,
    all_contacts_see_tickets,
    predefined_replies,
)

KINDS = {
    "departments": (Department, DepartmentForm, ("name", "email")),
    "replies": (PredefinedReply, PredefinedReplyForm, ("title", "body")),
}


def _page(**forms):
    departments = db.session.scalars(
        select(Department).order_by(Department.name).limit(CHOICE_LIMIT)
    ).all()
    return render_template(
        "tickets/settings.html",
        departments=departments,
        replies=predefined_replies(),
        department_form=forms.get("departments") or DepartmentForm(formdata=None),
        reply_form=forms.get("replies") or PredefinedReplyForm(formdata=None),
        settings_form=forms.get("settings")
        or TicketSettingsForm(formdata=None, all_contacts=all_contacts_see_tickets()),
    )


def _back():
    return redirect(url_for("admin.tickets.settings"), 303)


@admin_required
def ticket_settings():
    """Departments, predefined replies and the visibility setting."""
    return _page()


@admin_required
def save_visibility():
    """Whether contacts see every ticket of their customer (POST ``all_contacts``)."""
    form = TicketSettingsForm()
    if not form.validate_on_submit():
        return _page(settings=form)
    set_setting(ALL_CONTACTS_SETTING, bool(form.all_contacts.data))
    flash(_("Settings saved."), "success")
    return _back()


@admin_required
def item_new(kind: str):
    """Create a department or predefined reply (POST)."""
    model, form_class, names = KINDS[kind]
    form = form_class()
    if not form.validate_on_submit():
        return _page(**{kind: form})
    item = model()
    assign_fields(item, form.data, names)
    db.session.add(item)
    flash(_("Saved."), "success")
    return _back()


@admin_required
def item_edit(kind: str, item_id: int):
    """Change a department or predefined reply."""
    model, form_class, names = KINDS[kind]
    item = db.get_or_404(model, item_id)
    form = form_class(obj=item)
    if form.validate_on_submit():
        assign_fields(item, form.data, names)
        flash(_("Saved."), "success")
        return _back()
    return render_template("tickets/settings_edit.html", form=form, kind=kind, item=item)


@admin_required
def item_delete(kind: str, item_id: int):
    """Delete a department (its tickets keep no department) or predefined reply (POST)."""
    model = KINDS[kind][0]
    db.session.delete(db.get_or_404(model, item_id))
    flash(_("Deleted."), "success")
    return _back()
