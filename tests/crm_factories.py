"""Builders for customers, contacts and pictures used by the CRM tests."""

import re
import threading
from contextlib import contextmanager
from io import BytesIO

import email_validator
from flask import g
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from crm.contacts.models import Contact
from crm.contacts.service import create_contact
from crm.customers.models import Customer
from gorilla.extensions import db

CONTACT_PASSWORD = "kontakt-passwort-1"
# Two line items as the invoice and estimate forms post them.
FORM_ITEMS = {
    "items-0-description": "Webdesign", "items-0-qty": "10", "items-0-rate": "95,50",
    "items-0-taxrate": "19",
    "items-1-description": "Fachbuch", "items-1-qty": "1", "items-1-rate": "30",
    "items-1-taxrate": "7",
}  # fmt: skip

# Test addresses use the reserved ``.test`` domain, which email-validator refuses otherwise.
email_validator.TEST_ENVIRONMENT = True


@contextmanager
def in_tenant(app, tenant):
    """An app context whose session is bound to ``tenant``."""
    with app.app_context():
        g.tenant = tenant
        yield db.session


def save_in_threads(app, tenant, save, threads: int = 2, count: int = 10) -> list[Exception]:
    """Call ``save()`` ``count`` times in each of ``threads`` threads at once, committing each
    time (each save a request of its own); returns what was raised."""
    errors = []

    def run():
        try:
            with in_tenant(app, tenant):
                for _ in range(count):
                    save()
                    db.session.commit()
        except Exception as error:  # noqa: BLE001 - the caller asserts there is none
            errors.append(error)

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return errors


def add_customer(app, tenant, company: str = "Muster GmbH", **fields) -> int:
    """A customer of ``tenant``; returns its id."""
    with in_tenant(app, tenant) as session:
        customer = Customer(company=company, **fields)
        session.add(customer)
        session.commit()
        return customer.id


def add_contact(app, tenant, customer_id: int, email: str, **data) -> int:
    """A contact created through the service (no emails); returns its id."""
    values = {"firstname": "Kim", "lastname": "Muster", "email": email}
    values |= {"password": CONTACT_PASSWORD} | data
    with in_tenant(app, tenant) as session:
        customer = session.get(Customer, customer_id)
        contact = create_contact(customer, values, send_welcome=False, send_set_password=False)
        session.commit()  # what the request does after the view
        return contact.id


def contact_rows(app, tenant) -> list[Contact]:
    """Every contact of ``tenant`` (detached, attributes loaded)."""
    with in_tenant(app, tenant) as session:
        contacts = session.query(Contact).order_by(Contact.id).all()
        session.expunge_all()
        return contacts


def image_bytes(size=(64, 48), fmt: str = "PNG", **save_options) -> bytes:
    """A small valid picture in ``fmt``."""
    output = BytesIO()
    mode = "RGB" if fmt == "JPEG" else "RGBA"
    Image.new(mode, size, (30, 110, 220)).save(output, format=fmt, **save_options)
    return output.getvalue()


INPUT_RE = re.compile(r"<input\b([^>]*)>")
ATTR_RE = re.compile(r'(\w[\w-]*)(?:="([^"]*)")?')


def ticked(page: str) -> set[tuple[str, str]]:
    """``(name, value)`` of every checked checkbox on ``page``."""
    found = set()
    for attributes in INPUT_RE.findall(page):
        attrs = dict(ATTR_RE.findall(attributes))
        if "checked" in attrs and attrs.get("type") == "checkbox" and "name" in attrs:
            found.add((attrs["name"], attrs.get("value", "")))
    return found


def submit_multipart(client, path: str, data: dict, form_path: str | None = None):
    """Like ``client.submit`` but encodes the body in memory (the test client would spool
    large uploads to a temporary file it never closes)."""
    payload = {"csrf_token": client.csrf(form_path or path), **data}
    boundary, body = encode_multipart(MultiDict(_pairs(payload)))
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _pairs(payload: dict):
    for key, value in payload.items():
        for item in value if isinstance(value, list | set) else [value]:
            if isinstance(item, tuple):
                stream, filename = item
                yield key, FileStorage(stream, filename=filename)
            else:
                yield key, item
