"""Settings › Customers and staff management (admins only), staff language."""

from flask import g

from crm.staff.models import Staff
from gorilla.extensions import db
from tests.conftest import PASSWORD, client_for
from tests.crm_factories import add_contact, add_customer, contact_rows, ticked


def add_member(app, tenant, email="mia@acme.test", is_admin=False):
    with app.app_context():
        g.tenant = tenant
        member = Staff(email=email, first_name="Mia", last_name="Mit", is_admin=is_admin)
        member.set_password(PASSWORD)
        db.session.add(member)
        db.session.commit()
        return member.id


def test_changing_default_permissions_leaves_existing_contacts_alone(app, tenant, staff_client):
    customer_id = add_customer(app, tenant)
    add_contact(app, tenant, customer_id, "alt@kunde.test")
    page = staff_client.get("/admin/settings/customers").get_data(as_text=True)
    assert len([box for box in ticked(page) if box[0] == "default_contact_permissions"]) == 6
    # spelled as on Kundengruppen, whose help text points here
    assert "Standardberechtigungen neuer Kontakte" in page
    response = staff_client.submit(
        "/admin/settings/customers", {"default_contact_permissions": ["projects"]}
    )
    assert response.status_code == 303
    page = staff_client.get("/admin/settings/customers").get_data(as_text=True)
    assert ("default_contact_permissions", "projects") in ticked(page)
    assert ("default_contact_permissions", "invoices") not in ticked(page)
    assert len(contact_rows(app, tenant)[0].permissions) == 6


def test_settings_and_staff_management_are_for_admins_only(app, tenant):
    add_member(app, tenant)
    member = client_for(app, "acme")
    member.sign_in("mia@acme.test")
    assert member.get("/admin/settings/customers").status_code == 403
    assert member.get("/admin/staff/new").status_code == 403
    assert "Einstellungen" not in member.get("/admin/").get_data(as_text=True)


def test_admin_creates_a_member_who_can_sign_in(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/staff/new",
        {"email": "Neu@Acme.test", "first_name": "Nina", "last_name": "Neu",
         "language": "en", "password": "nina-passwort-1"},
    )  # fmt: skip
    assert response.status_code == 303
    nina = client_for(app, "acme")
    assert nina.sign_in("neu@acme.test", "nina-passwort-1").status_code == 302
    assert "Welcome, Nina Neu" in nina.get("/admin/").get_data(as_text=True)


def test_invited_member_gets_a_set_password_link_by_email(app, tenant, staff_client, smtp):
    data = {"email": "neu@acme.test", "first_name": "Nina"}
    response = staff_client.submit("/admin/staff/new", data)
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "http://acme.gorilla.test/admin/set-password/" in page
    (invite,) = smtp.messages
    assert invite["Subject"] == "Ihr Zugang zu ACME Agentur"
    text = invite.get_body(preferencelist=("plain",)).get_content()
    link = text.split("http://acme.gorilla.test", 1)[1].split()[0]
    nina = client_for(app, "acme")
    chosen = {"password": "ninas-passwort-1", "password_confirm": "ninas-passwort-1"}
    assert nina.submit(link, chosen).status_code == 302
    assert "Willkommen" in nina.get("/admin/").get_data(as_text=True)


def test_duplicate_staff_email_is_refused(staff_client):
    response = staff_client.submit("/admin/staff/new", {"email": "ADMIN@acme.test"})
    assert "Es gibt bereits einen Mitarbeiter" in response.get_data(as_text=True)


def test_deactivated_member_is_signed_out_and_cannot_sign_in(app, tenant, staff_client):
    member_id = add_member(app, tenant)
    mia = client_for(app, "acme")
    mia.sign_in("mia@acme.test")
    path = f"/admin/staff/{member_id}"
    staff_client.submit(f"{path}/active", {"active": "0"}, form_path=path)
    assert mia.get("/admin/").status_code == 302
    assert client_for(app, "acme").sign_in("mia@acme.test").status_code == 200


def test_reset_password_ends_sessions_and_shows_a_link(app, tenant, staff_client):
    member_id = add_member(app, tenant)
    mia = client_for(app, "acme")
    mia.sign_in("mia@acme.test")
    path = f"/admin/staff/{member_id}"
    response = staff_client.submit(f"{path}/reset-password", {}, form_path=path)
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/admin/set-password/" in page
    assert mia.get("/admin/").status_code == 302
    assert client_for(app, "acme").sign_in("mia@acme.test").status_code == 200


def test_admin_cannot_deactivate_themself(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/staff/1/active", {"active": "0"}, form_path="/admin/staff/1"
    )
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sie können sich nicht selbst deaktivieren." in page


def test_staff_member_switches_the_interface_to_english(staff_client):
    assert "Kunden" in staff_client.get("/admin/").get_data(as_text=True)
    response = staff_client.submit(
        "/admin/profile", {"first_name": "Ada", "last_name": "Admin", "language": "en"}
    )
    assert response.status_code == 303
    page = staff_client.get("/admin/customers").get_data(as_text=True)
    assert "Customers" in page and "New customer" in page and "Neuer Kunde" not in page


def test_company_settings_feed_invoices_and_emails(app, tenant, staff_client):
    data = {
        "company_name": "ACME Agentur GmbH", "street": "Hauptstr. 1", "zip": "50667",
        "city": "Köln", "brand_color": "#1d6fd8",
        "email_signature": "Ihr ACME-Team", "invoice_prefix": "AC-", "default_language": "de",
    }  # fmt: skip
    response = staff_client.submit("/admin/settings/company", data)
    assert response.status_code == 303
    page = staff_client.get("/admin/settings/company").get_data(as_text=True)
    assert "Hauptstr. 1" in page and "ACME Agentur GmbH" in page
    bad = staff_client.submit(
        "/admin/settings/company", data | {"invoice_prefix": "A/B", "company_name": ""}
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Bitte geben Sie den Firmennamen ein." in text
    assert "Nur Buchstaben, Ziffern und Bindestriche" in text
