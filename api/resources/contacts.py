"""``/contacts``: list, read, create, change (permissions, primary, notifications) and the
welcome and set-password emails, through ``crm.contacts.service`` and the contact form."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

import mail_templates
from crm.api_keys.models import Scope
from crm.contacts.forms import ContactForm
from crm.contacts.models import Contact
from crm.contacts.service import (
    create_contact,
    new_defaults,
    send_set_password_link,
    send_welcome_email,
    update_contact,
)
from crm.customers.models import Customer
from gorilla.auth import normalize_email
from gorilla.extensions import db
from gorilla.unique_email import EmailTaken

from .. import schemas
from ..crud import Resource, declare_reads
from ..errors import ApiError
from ..forms import merged, validated
from ..operations import operation
from ..representation import check_if_match, one

SHOWN, PATCH = schemas.Contact(), schemas.ContactPatch()
ITEM = "/contacts/<int:contact_id>"
EMAIL_TAKEN = {"email": [_l("Another contact already uses this email address.")]}


def _email(query: Select, args: dict) -> Select:
    if "email" not in args:
        return query
    return query.where(Contact.email == normalize_email(args["email"]))


declare_reads(Resource(
    "contacts", "contact", Contact, SHOWN, schemas.ContactFilter(), Scope.CONTACTS_READ,
    equal=("customer_id",), narrow=_email,
))  # fmt: skip


def _saved(save):
    try:
        return save()
    except EmailTaken:
        raise ApiError(422, fields=EMAIL_TAKEN) from None
    except mail_templates.NotQueued as error:
        raise ApiError(409, str(error)) from None


@operation("POST", "/contacts", scope=Scope.CONTACTS_WRITE, tag="contacts",
           summary="Create a contact", response=SHOWN, body=SHOWN, status=201)  # fmt: skip
def contacts_create(data):
    """A new contact of ``customer_id`` with the tenant's default permissions unless given; the
    welcome email goes out unless ``donotsendwelcomeemail``."""
    customer = db.session.get(Customer, data["customer_id"])
    if customer is None:
        raise ApiError(422, fields={"customer_id": [_("No such customer.")]})
    form = validated(ContactForm, new_defaults(customer) | data)
    welcome = "donotsendwelcomeemail" in form and not form.donotsendwelcomeemail.data
    contact = _saved(lambda: create_contact(
        customer, form.contact_data(), send_welcome=welcome,
        send_set_password=form.sends_set_password and not form.password.data,
    ))  # fmt: skip
    response = one(SHOWN, contact, 201)
    response.headers["Location"] = url_for("api.contacts_show", contact_id=contact.id)
    return response


@operation("PATCH", ITEM, scope=Scope.CONTACTS_WRITE, tag="contacts",
           summary="Change a contact", response=SHOWN, body=PATCH, etag=True)  # fmt: skip
def contacts_update(contact_id: int, data):
    """Change the given fields; ``is_primary: true`` moves the primary flag here (it is never
    simply removed). ``If-Match`` must carry the contact's ETag."""
    contact = db.get_or_404(Contact, contact_id)
    check_if_match(SHOWN, contact)
    form = validated(ContactForm, merged(PATCH, contact, data), contact=contact)
    _saved(lambda: update_contact(
        contact, form.contact_data(), send_set_password=form.sends_set_password
    ))  # fmt: skip
    return one(SHOWN, contact)


@operation("POST", f"{ITEM}/send-welcome", scope=Scope.CONTACTS_WRITE, tag="contacts",
           summary="Send the welcome email", response=schemas.Sent(), status=202)  # fmt: skip
def contacts_send_welcome(contact_id: int):
    """Queue ``contact-welcome`` (409 when switched off or the contact is deactivated)."""
    contact = db.get_or_404(Contact, contact_id)
    _saved(lambda: send_welcome_email(contact))
    return {"queued": True}, 202


@operation("POST", f"{ITEM}/send-set-password", scope=Scope.CONTACTS_WRITE, tag="contacts",
           summary="Send a set-password link", response=schemas.Sent(), status=202)  # fmt: skip
def contacts_send_set_password(contact_id: int):
    """Queue ``contact-set-password`` with a fresh 48-hour link (409 when not possible)."""
    contact = db.get_or_404(Contact, contact_id)
    _saved(lambda: send_set_password_link(contact))
    return {"queued": True}, 202
