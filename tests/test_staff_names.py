"""Staff are shown by name everywhere (header, assignees, comments, audit log), never as a bare
email address: sign-up asks for the name, nameless rows get one from their address."""

import pytest
from sqlalchemy import select, update

from crm.staff.models import Staff
from gorilla.auth import names_from_email
from gorilla.extensions import db
from tenants import provisioning
from tenants.migrations import downgrade_tenant, upgrade_tenant
from tests.conftest import client_for
from tests.crm_factories import in_tenant

SIGNUP = {
    "agency_name": "Müller & Söhne", "subdomain": "mueller", "first_name": "Anna",
    "last_name": "Müller", "email": "chefin@mueller.test", "password": "ein-sicheres-passwort",
    "terms": "y",
}  # fmt: skip


@pytest.mark.parametrize(
    "email, names",
    [
        ("anna.maria.schmidt@x.de", ("Anna Maria", "Schmidt")),
        ("jan-ole_berg@x.de", ("Jan Ole", "Berg")),
        ("info@x.de", ("Info", "")),
        ("", ("", "")),
    ],
)
def test_names_are_read_from_email_addresses(email, names):
    assert names_from_email(email) == names


def test_sign_up_asks_for_the_admins_name_and_the_crm_shows_it(app):
    platform = client_for(app, None)
    page = platform.get("/signup").get_data(as_text=True)
    assert 'name="first_name"' in page and 'name="last_name"' in page
    response = platform.submit("/signup", SIGNUP)
    assert response.status_code == 303
    crm = client_for(app, "mueller")
    assert crm.get(response.headers["Location"]).status_code in (302, 303)
    page = crm.get("/admin/").get_data(as_text=True)
    assert "Anna Müller" in page


def test_signup_without_names_names_the_admin_after_the_address(app):
    data = SIGNUP | {"first_name": "", "last_name": "", "email": "ole.berg@mueller.test"}
    assert client_for(app, None).submit("/signup", data).status_code == 303
    tenant = next(t for t in _tenants(app) if t.slug == "mueller")
    with in_tenant(app, tenant) as session:
        admin = session.scalar(select(Staff))
        assert (admin.first_name, admin.last_name) == ("Ole", "Berg")


def _tenants(app):
    from tenants.models import Tenant

    with app.app_context():
        return [tenant.info() for tenant in db.session.scalars(select(Tenant))]


def test_new_staff_without_a_name_is_shown_by_a_name(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/staff/new", {"email": "lena.koch@acme.test", "password": "ein-gutes-passwort-1"}
    )
    assert response.status_code == 303
    page = staff_client.get("/admin/staff").get_data(as_text=True)
    assert "Lena Koch" in page


def test_assignees_and_comments_show_names(app, tenant, staff_client):
    response = staff_client.submit(
        "/admin/tasks/new",
        {"name": "Logo entwerfen", "status": "not_started", "priority": "medium",
         "assignees": [_admin_id(app, tenant)]},
    )  # fmt: skip
    assert response.status_code == 303, response.get_data(as_text=True)
    task = response.headers["Location"]
    staff_client.submit(f"{task}/comments", {"body": "Erster Entwurf ist fertig."}, task)
    page = staff_client.get(task).get_data(as_text=True)
    assert "Admin" in page and "admin@acme.test" not in page.split("<main", 1)[1]


def _admin_id(app, tenant):
    with in_tenant(app, tenant) as session:
        return session.scalar(select(Staff.id))


def test_migration_names_nameless_staff_and_their_audit_entries(app, tenant, staff_client):
    with in_tenant(app, tenant) as session:
        session.execute(update(Staff).values(first_name="", last_name=""))
        session.commit()
    with app.app_context():
        binds = provisioning.tenant_binds()
        downgrade_tenant(binds, tenant.schema_name, "t0031")
        upgrade_tenant(binds, tenant.schema_name)
    with in_tenant(app, tenant) as session:
        admin = session.scalar(select(Staff))
        assert (admin.first_name, admin.last_name) == ("Admin", "")
