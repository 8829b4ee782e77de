"""Customer list, create, profile tab, activation and deletion."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crm.contacts.service import contacts_of
from crm.customer_groups.service import group_choices, groups_of
from gorilla.bounds import record_id
from gorilla.extensions import db
from gorilla.paging import requested_page

from .forms import CustomerForm
from .models import Approval, Customer
from .service import (
    CustomerInUse,
    customer_page,
    delete_customer,
    save_customer,
    set_customer_active,
)


def customer_list():
    """Customers sorted by company, searchable, filtered by group, 25 a page;
    ``approval=pending`` shows the self-registered customers waiting for approval."""
    search = request.args.get("q", "")
    group = request.args.get("group", type=record_id)
    approval = Approval.PENDING if request.args.get("approval") == Approval.PENDING else None
    listing = customer_page(search, requested_page(), group, approval)
    return render_template(
        "customers/list.html",
        page=listing.page,
        search=search,
        group=group,
        groups=group_choices(),
        approval=approval,
        pending=listing.pending,
    )


def customer_new():
    """Create a customer, then open its profile."""
    form = CustomerForm()
    if form.validate_on_submit():
        customer = save_customer(Customer(), form.data)
        flash(_("Customer created."), "success")
        return redirect(url_for("admin.customers.show", customer_id=customer.id), 303)
    return render_template("customers/new.html", form=form)


def customer_detail(customer_id: int):
    """The Profil tab: the customer's data as an editable form."""
    customer = db.get_or_404(Customer, customer_id)
    form = CustomerForm(obj=customer, groups=[group.id for group in groups_of(customer.id)])
    if form.validate_on_submit():
        save_customer(customer, form.data)
        flash(_("Customer saved."), "success")
        return redirect(url_for("admin.customers.show", customer_id=customer.id), 303)
    return render_template("customers/profile.html", customer=customer, form=form, tab="profile")


def customer_contacts(customer_id: int):
    """The Kontakte tab with the blue "Neuer Kontakt" button."""
    customer = db.get_or_404(Customer, customer_id)
    return render_template(
        "customers/contacts.html", customer=customer, contacts=contacts_of(customer), tab="contacts"
    )


def customer_set_active(customer_id: int):
    """Activate (``active=1``) or deactivate a customer (POST)."""
    customer = db.get_or_404(Customer, customer_id)
    set_customer_active(customer, request.form.get("active") == "1")
    flash(_("Customer activated.") if customer.active else _("Customer deactivated."), "success")
    return redirect(url_for("admin.customers.show", customer_id=customer.id), 303)


def customer_delete(customer_id: int):
    """Delete a customer with its contacts, unless invoices or projects still need it."""
    customer = db.get_or_404(Customer, customer_id)
    try:
        delete_customer(customer)
    except CustomerInUse as error:
        flash(_("The customer cannot be deleted: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("admin.customers.show", customer_id=customer.id), 303)
    flash(_("Customer deleted."), "success")
    return redirect(url_for("admin.customers.list"), 303)
