"""A contact edits its own profile, and nothing else."""

import io

from flask import g
from PIL import Image

from crm.contacts.models import Contact
from gorilla.extensions import db
from tests.conftest import client_for
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

PROFILE = {
    "action": "profile",
    "firstname": "Kim",
    "lastname": "Kunde",
    "title": "",
    "phonenumber": "",
    "direction": "",
}


def signed_in(app, tenant, email="kim@kunde.de", **data):
    ids = make_contact(app, tenant, email, **data)
    client = client_for(app, tenant.slug)
    client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login")
    return client, ids


def load(app, tenant, contact_id):
    with app.app_context():
        g.tenant = tenant
        contact = db.session.get(Contact, contact_id)
        db.session.expunge(contact)
        return contact


def test_contact_changes_name_position_phone_and_direction(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant)
    data = PROFILE | {
        "firstname": "Kimberly",
        "title": "Einkauf",
        "phonenumber": "+49 30 1",
        "direction": "rtl",
    }
    assert client.submit("/kunden/profil", data).status_code == 302
    contact = load(app, tenant, contact_id)
    assert (contact.firstname, contact.title, contact.phonenumber, contact.direction) == (
        "Kimberly",
        "Einkauf",
        "+49 30 1",
        "rtl",
    )
    page = client.get("/kunden/profil").get_data(as_text=True)
    assert 'dir="rtl"' in page


def test_mass_assignment_changes_nothing_else(app, tenant):
    client, (customer_id, contact_id) = signed_in(app, tenant, permissions=["invoices"])
    other_customer, _other = make_contact(app, tenant, "eve@andere.de", company="Andere AG")
    data = PROFILE | {
        "email": "hacker@evil.example", "customer_id": str(other_customer),
        "permissions": ["projects", "support"], "is_primary": "", "active": "",
        "invoice_emails": "", "project_emails": "y",
    }  # fmt: skip
    assert client.submit("/kunden/profil", data).status_code == 302
    contact = load(app, tenant, contact_id)
    assert contact.email == "kim@kunde.de" and contact.customer_id == customer_id
    assert contact.permissions == {"invoices"} and contact.is_primary and contact.active
    assert contact.invoice_emails and not contact.project_emails


def test_profile_picture_upload_and_removal(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "PNG")
    data = PROFILE | {"profile_image": (io.BytesIO(buffer.getvalue()), "me.png")}
    response = client.submit("/kunden/profil", data, content_type="multipart/form-data")
    assert response.status_code == 302
    picture = client.get("/kunden/profil/bild")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    picture.close()
    bad = PROFILE | {"profile_image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.svg")}
    response = client.submit("/kunden/profil", bad, content_type="multipart/form-data")
    assert response.status_code == 200 and "WebP-Bild hoch" in response.get_data(as_text=True)
    client.submit("/kunden/profil", PROFILE | {"remove_profile_image": "y"})
    assert load(app, tenant, contact_id).profile_image is None
    assert client.get("/kunden/profil/bild").status_code == 404


def test_notifications_only_for_covered_kinds(app, tenant):
    client, (_cid, contact_id) = signed_in(app, tenant, permissions=["projects"])
    page = client.get("/kunden/profil").get_data(as_text=True)
    assert 'value="task_emails"' in page and 'value="invoice_emails"' not in page
    data = {"action": "notifications", "notifications": ["project_emails"], "invoice_emails": "y"}
    assert client.submit("/kunden/profil", data).status_code == 302
    contact = load(app, tenant, contact_id)
    assert contact.project_emails and not contact.task_emails and not contact.invoice_emails


def test_wrong_current_password_is_refused(app, tenant):
    client, _ids = signed_in(app, tenant)
    data = {
        "action": "password",
        "current_password": "falsch-falsch",
        "new_password": "neues-passwort-22",
        "new_password_confirm": "neues-passwort-22",
    }
    response = client.submit("/kunden/profil", data)
    assert response.status_code == 200 and "Das aktuelle Passwort ist falsch." in response.get_data(
        as_text=True
    )


def test_pages_follow_the_contacts_language(app, tenant):
    client, _ids = signed_in(app, tenant, language="en", company="English Ltd")
    page = client.get("/kunden/").get_data(as_text=True)
    assert 'lang="en"' in page and "Welcome, Kim" in page
