"""Einstellungen › Kundengruppen: list, create, edit (rename, default permissions), delete."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crm.access import admin_required
from gorilla.extensions import db

from .forms import CustomerGroupForm
from .models import CustomerGroup
from .service import GroupNameTaken, create_group, delete_group, groups_with_sizes, update_group

NAME_TAKEN = "A group with this name already exists."


def _list_page(form: CustomerGroupForm):
    return render_template("customer_groups/list.html", groups=groups_with_sizes(), form=form)


@admin_required
def group_list():
    """Every group with its number of customers, and the form for a new one."""
    return _list_page(CustomerGroupForm())


@admin_required
def group_new():
    """Create a group (POST), then open it; errors re-render the list."""
    form = CustomerGroupForm()
    if form.validate_on_submit():
        try:
            group = create_group(form.name.data, form.permissions)
        except GroupNameTaken:
            form.name.errors.append(_(NAME_TAKEN))
        else:
            flash(_("Customer group %(name)s created.", name=group.name), "success")
            return redirect(url_for("admin.customer_groups.show", group_id=group.id), 303)
    return _list_page(form)


@admin_required
def group_show(group_id: int):
    """Rename a group and set its default permissions."""
    group = db.get_or_404(CustomerGroup, group_id)
    form = CustomerGroupForm(group=group)
    if form.validate_on_submit():
        try:
            update_group(group, form.name.data, form.permissions)
        except GroupNameTaken:
            form.name.errors.append(_(NAME_TAKEN))
        else:
            flash(_("Customer group saved."), "success")
            return redirect(url_for("admin.customer_groups.list"), 303)
    return render_template("customer_groups/edit.html", group=group, form=form)


@admin_required
def group_delete(group_id: int):
    """Delete a group (POST); its customers stay."""
    group = db.get_or_404(CustomerGroup, group_id)
    delete_group(group)
    flash(_("Customer group %(name)s deleted.", name=group.name), "success")
    return redirect(url_for("admin.customer_groups.list"), 303)
