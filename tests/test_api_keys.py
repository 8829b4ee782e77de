"""API keys: created by admins (shown once, stored hashed), scoped, revocable, tenant-bound."""

import re

import pytest

from crm.api_keys.models import ApiKey
from gorilla.audit import AuditEntry
from tests.api_helpers import bearer, make_key
from tests.conftest import client_for
from tests.crm_factories import add_customer, in_tenant

KEY_RE = re.compile(r'<code class="api-key">(gk_[^<]+)</code>')


def create_through_page(staff_client, name="Buchhaltung", scopes=("customers:read",)):
    return staff_client.submit(
        "/admin/settings/api-keys/new",
        {"name": name, "scopes": list(scopes)},
        form_path="/admin/settings/api-keys",
    )


def test_admin_creates_a_key_shown_once_and_stored_only_as_hash(app, tenant, staff_client):
    page = create_through_page(staff_client).get_data(as_text=True)
    key = KEY_RE.search(page).group(1)
    assert "Buchhaltung" in page
    assert key not in staff_client.get("/admin/settings/api-keys").get_data(as_text=True)
    with in_tenant(app, tenant) as session:
        row = session.query(ApiKey).one()
        assert row.scopes == "customers:read" and key not in row.key_hash
        actions = [entry.action for entry in session.query(AuditEntry)]
    assert "api_key_created" in actions
    answer = client_for(app, tenant.slug).get("/api/v1/customers", headers=bearer(key))
    assert answer.status_code == 200


@pytest.mark.parametrize("data", [{"name": "", "scopes": ["customers:read"]},
                                  {"name": "x"}, {"name": "x", "scopes": ["root"]}])  # fmt: skip
def test_key_form_shows_errors(staff_client, data):
    response = staff_client.submit(
        "/admin/settings/api-keys/new", data, form_path="/admin/settings/api-keys"
    )
    assert response.status_code == 200
    assert 'class="api-key"' not in response.get_data(as_text=True)


def test_staff_without_admin_rights_gets_403(app, tenant, staff_client):
    from crm.staff.models import Staff

    with in_tenant(app, tenant) as session:
        session.query(Staff).update({"is_admin": False})
        session.commit()
    assert staff_client.get("/admin/settings/api-keys").status_code == 403


def test_revoked_key_is_refused_and_revocation_is_audited(app, tenant, staff_client):
    key = make_key(app, tenant)
    client = client_for(app, tenant.slug)
    assert client.get("/api/v1/customers", headers=bearer(key)).status_code == 200
    with in_tenant(app, tenant) as session:
        key_id = session.query(ApiKey.id).scalar()
    response = staff_client.submit(
        f"/admin/settings/api-keys/{key_id}/revoke", {}, form_path="/admin/settings/api-keys"
    )
    assert response.status_code == 303
    answer = client.get("/api/v1/customers", headers=bearer(key))
    assert answer.status_code == 401
    assert answer.json["error"]["code"] == "unauthorized"
    with in_tenant(app, tenant) as session:
        assert session.query(AuditEntry).filter_by(action="api_key_revoked").count() == 1


def test_revoking_another_tenants_key_id_is_404(app, tenant, other_tenant, staff_client):
    make_key(app, other_tenant)
    response = staff_client.submit(
        "/admin/settings/api-keys/1/revoke", {}, form_path="/admin/settings/api-keys"
    )
    assert response.status_code == 404


def test_key_of_another_tenant_is_refused(app, tenant, other_tenant):
    key = make_key(app, other_tenant)
    add_customer(app, tenant, "Nur ACME")
    answer = client_for(app, tenant.slug).get("/api/v1/customers", headers=bearer(key))
    assert answer.status_code == 401
    own = client_for(app, other_tenant.slug).get("/api/v1/customers", headers=bearer(key))
    assert own.status_code == 200 and own.json["data"] == []


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer gk_x_y", "Basic abc",
                                    "Bearer gk_" + "a" * 5000, "Bearer \u00e4\u00f6"])  # fmt: skip
def test_missing_or_made_up_keys_get_401(client, header):
    response = client.get("/api/v1/customers", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Set-Cookie" not in response.headers


def test_api_is_not_served_on_the_platform_host(app, tenant):
    key = make_key(app, tenant)
    assert client_for(app, None).get("/api/v1/customers", headers=bearer(key)).status_code == 404


def test_key_without_the_scope_gets_403(app, tenant):
    key = make_key(app, tenant, scopes=["contacts:read"])
    client = client_for(app, tenant.slug)
    answer = client.get("/api/v1/customers", headers=bearer(key))
    assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"
    write = client.post("/api/v1/customers", json={"company": "X"}, headers=bearer(key))
    assert write.status_code == 403
    assert client.get("/api/v1/contacts", headers=bearer(key)).status_code == 200


def test_last_used_time_is_recorded(app, tenant):
    key = make_key(app, tenant)
    client_for(app, tenant.slug).get("/api/v1/customers", headers=bearer(key))
    with in_tenant(app, tenant) as session:
        assert session.query(ApiKey).one().last_used_at is not None


def test_document_scopes_are_offered_with_german_labels(app, tenant, staff_client):
    page = staff_client.get("/admin/settings/api-keys").get_data(as_text=True)
    for scope in ("estimates:read", "credit_notes:read", "proposals:read", "contracts:read",
                  "tickets:read"):  # fmt: skip
        assert f'value="{scope}"' in page
    assert "Angebote lesen" in page and "Tickets lesen" in page
    created = create_through_page(staff_client, scopes=("tickets:read", "estimates:read"))
    key = KEY_RE.search(created.get_data(as_text=True)).group(1)
    with in_tenant(app, tenant) as session:
        assert session.query(ApiKey).one().scope_set == {"tickets:read", "estimates:read"}
    assert (
        client_for(app, tenant.slug).get("/api/v1/tickets", headers=bearer(key)).status_code == 200
    )
