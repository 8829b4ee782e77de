"""REST API v1: JSON resources with cursor pages, filters, ETags, the forms' rules, errors in
the request's language, rate limits per key, and tenant isolation by id."""

import pytest
from sqlalchemy import select

from crm.customers.models import Customer
from mail_templates.models import OutboxMessage
from tests.api_helpers import add_invoice, bearer, make_key
from tests.conftest import client_for
from tests.crm_factories import add_contact, add_customer, in_tenant
from tests.work_helpers import add_project, add_task


@pytest.fixture
def key(app, tenant):
    return make_key(app, tenant)


@pytest.fixture
def api(app, tenant, key):
    """A client on acme's host that sends the key."""
    client = client_for(app, tenant.slug)

    def call(method, path, **kwargs):
        headers = bearer(key, **kwargs.pop("headers", {}))
        return client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    return call


def test_customers_are_listed_in_pages_with_an_opaque_cursor(app, tenant, api):
    for number in range(5):
        add_customer(app, tenant, f"Firma {number}")
    first = api("GET", "/customers?limit=2")
    assert first.status_code == 200
    assert [row["company"] for row in first.json["data"]] == ["Firma 0", "Firma 1"]
    second = api("GET", f"/customers?limit=2&cursor={first.json['next_cursor']}")
    assert [row["company"] for row in second.json["data"]] == ["Firma 2", "Firma 3"]
    third = api("GET", f"/customers?limit=2&cursor={second.json['next_cursor']}")
    assert [row["company"] for row in third.json["data"]] == ["Firma 4"]
    assert third.json["next_cursor"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=x", "cursor=%%%",
                                   "cursor=bm9wZQ", "cursor=djE6LTE", "active=vielleicht",
                                   "unknown=1"])  # fmt: skip
def test_bad_list_parameters_get_400(api, query):
    response = api("GET", f"/customers?{query}")
    assert response.status_code == 400
    assert set(response.json["error"]) == {"code", "message", "fields"}


def test_customers_are_filtered_by_company_and_active(app, tenant, api):
    add_customer(app, tenant, "Müller GmbH")
    add_customer(app, tenant, "Schulz AG", active=False)
    assert [c["company"] for c in api("GET", "/customers?company=müll").json["data"]] == [
        "Müller GmbH"
    ]
    assert [c["company"] for c in api("GET", "/customers?active=false").json["data"]] == [
        "Schulz AG"
    ]
    assert api("GET", "/customers?company=%25").json["data"] == []


def test_customer_is_created_with_the_forms_rules(app, tenant, api):
    refused = api("POST", "/customers", json={"company": " ", "website": "kein web"})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"company", "website"}
    created = api("POST", "/customers", json={"company": "Neu GmbH", "city": "Köln"})
    assert created.status_code == 201
    assert created.headers["Location"].endswith(f"/api/v1/customers/{created.json['id']}")
    with in_tenant(app, tenant) as session:
        assert session.scalar(select(Customer.city).where(Customer.company == "Neu GmbH")) == "Köln"


def test_errors_speak_the_requests_language(api):
    german = api("POST", "/customers", json={"company": ""}, headers={"Accept-Language": "de"})
    english = api("POST", "/customers", json={"company": ""},
                  headers={"Accept-Language": "en-GB,en;q=0.8"})  # fmt: skip
    assert english.json["error"]["fields"]["company"] == ["Please enter the company name."]
    assert german.json["error"]["fields"]["company"] != english.json["error"]["fields"]["company"]
    assert german.json["error"]["message"] == "Einige Felder sind ungültig."


@pytest.mark.parametrize("body,status", [("nicht json", 415), ("[1]", 400), ('{"x": 1}', 422)])
def test_malformed_bodies_are_refused(api, body, status):
    response = api("POST", "/customers", data=body,
                   content_type="text/plain" if status == 415 else "application/json")  # fmt: skip
    assert response.status_code == status


def test_patch_needs_the_current_etag(app, tenant, api):
    customer_id = add_customer(app, tenant, "Alt GmbH")
    shown = api("GET", f"/customers/{customer_id}")
    etag = shown.headers["ETag"]
    assert api("PATCH", f"/customers/{customer_id}", json={"city": "Bonn"}).status_code == 428
    stale = api("PATCH", f"/customers/{customer_id}", json={"city": "Bonn"},
                headers={"If-Match": '"abc"'})  # fmt: skip
    assert stale.status_code == 412
    changed = api("PATCH", f"/customers/{customer_id}", json={"city": "Bonn"},
                  headers={"If-Match": etag})  # fmt: skip
    assert changed.status_code == 200
    assert changed.json["company"] == "Alt GmbH" and changed.json["city"] == "Bonn"
    assert changed.headers["ETag"] != etag
    again = api("PATCH", f"/customers/{customer_id}", json={"city": "Ulm"},
                headers={"If-Match": etag})  # fmt: skip
    assert again.status_code == 412


def test_another_tenants_records_are_404_by_id(app, tenant, other_tenant, api):
    customer_id = add_customer(app, other_tenant, "Globex Kunde")
    contact_id = add_contact(app, other_tenant, customer_id, "kim@globex.test")
    project_id = add_project(app, other_tenant, customer_id)
    task_id = add_task(app, other_tenant, project_id, "Fremd")
    invoice_id = add_invoice(app, other_tenant, customer_id)
    for path in (f"/customers/{customer_id}", f"/contacts/{contact_id}",
                 f"/projects/{project_id}", f"/tasks/{task_id}", f"/invoices/{invoice_id}",
                 f"/invoices/{invoice_id}/pdf"):  # fmt: skip
        response = api("GET", path)
        assert response.status_code == 404, path
        assert response.json["error"]["code"] == "not_found"
    patched = api("PATCH", f"/customers/{customer_id}", json={}, headers={"If-Match": "*"})
    assert patched.status_code == 404
    assert api("POST", f"/contacts/{contact_id}/send-welcome").status_code == 404
    refused = api("POST", "/contacts", json={"customer_id": customer_id, "firstname": "A",
                                              "lastname": "B", "email": "a@b.test"})  # fmt: skip
    assert refused.status_code == 422


def test_contact_is_created_with_defaults_and_the_welcome_email(app, tenant, api):
    customer_id = add_customer(app, tenant)
    created = api("POST", "/contacts", json={
        "customer_id": customer_id, "firstname": "Eva", "lastname": "Meier",
        "email": "Eva@Kunde.test", "password": "ein-langes-passwort-1",
    })  # fmt: skip
    assert created.status_code == 201, created.json
    assert created.json["email"] == "eva@kunde.test" and created.json["is_primary"] is True
    assert created.json["permissions"] == sorted(created.json["permissions"])
    assert len(created.json["permissions"]) == 6 and "password" not in created.json
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(OutboxMessage.to_email)).all() == ["eva@kunde.test"]
    taken = api("POST", "/contacts", json={
        "customer_id": customer_id, "firstname": "Eva", "lastname": "Zwei",
        "email": "eva@kunde.test", "password": "ein-langes-passwort-1",
    })  # fmt: skip
    assert taken.status_code == 422 and "email" in taken.json["error"]["fields"]


def test_contact_permissions_and_primary_change_by_patch(app, tenant, api):
    customer_id = add_customer(app, tenant)
    first = add_contact(app, tenant, customer_id, "eins@kunde.test")
    second = add_contact(app, tenant, customer_id, "zwei@kunde.test")
    etag = api("GET", f"/contacts/{second}").headers["ETag"]
    changed = api("PATCH", f"/contacts/{second}", headers={"If-Match": etag},
                  json={"is_primary": True, "permissions": ["invoices"]})  # fmt: skip
    assert changed.status_code == 200, changed.json
    assert changed.json["permissions"] == ["invoices"] and changed.json["is_primary"]
    assert api("GET", f"/contacts/{first}").json["is_primary"] is False
    bad = api("PATCH", f"/contacts/{second}", headers={"If-Match": changed.headers["ETag"]},
              json={"permissions": ["root"]})  # fmt: skip
    assert bad.status_code == 422
    listed = api("GET", f"/contacts?customer_id={customer_id}&email=ZWEI@kunde.test")
    assert listed.status_code == 200, listed.json
    assert [row["id"] for row in listed.json["data"]] == [second]


def test_welcome_and_set_password_emails_are_queued_on_request(app, tenant, api):
    customer_id = add_customer(app, tenant)
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    assert api("POST", f"/contacts/{contact_id}/send-welcome").status_code == 202
    refused = api("POST", f"/contacts/{contact_id}/send-set-password",
                  headers={"Accept-Language": "en"})  # fmt: skip
    assert refused.status_code == 409  # the template is switched off by default
    assert refused.json["error"]["message"]
    with in_tenant(app, tenant) as session:
        assert session.scalars(select(OutboxMessage.to_email)).all() == ["kim@kunde.test"]


def test_projects_and_tasks_are_created_and_changed(app, tenant, api):
    customer_id = add_customer(app, tenant)
    project = api("POST", "/projects", json={"customer_id": customer_id, "name": "Relaunch",
                                             "start_date": "2026-12-01",
                                             "deadline": "2026-11-01"})  # fmt: skip
    assert project.status_code == 422 and "deadline" in project.json["error"]["fields"]
    project = api("POST", "/projects", json={"customer_id": customer_id, "name": "Relaunch"})
    assert project.status_code == 201, project.json
    task = api("POST", "/tasks", json={"project_id": project.json["id"], "name": "Entwurf",
                                       "description": "<script>x</script><b>fett</b>"})  # fmt: skip
    assert task.status_code == 201, task.json
    assert "<script>" not in task.json["description"]
    loose = api("POST", "/tasks", json={"name": "Ohne Projekt", "project_id": None})
    assert loose.status_code == 201 and loose.json["project_id"] is None
    done = api("PATCH", f"/tasks/{task.json['id']}", headers={"If-Match": task.headers["ETag"]},
               json={"status": "complete"})  # fmt: skip
    assert done.status_code == 200 and done.json["status"] == "complete"
    assert done.json["name"] == "Entwurf"
    listed = api("GET", f"/tasks?project_id={project.json['id']}&status=complete")
    assert [row["id"] for row in listed.json["data"]] == [task.json["id"]]
    renamed = api("PATCH", f"/projects/{project.json['id']}",
                  headers={"If-Match": project.headers["ETag"]}, json={"name": "Neu"})  # fmt: skip
    assert renamed.status_code == 200 and renamed.json["name"] == "Neu"


def test_invoices_are_read_with_items_and_as_pdf(app, tenant, api):
    customer_id = add_customer(app, tenant)
    invoice_id = add_invoice(app, tenant, customer_id)
    listed = api("GET", f"/invoices?customer_id={customer_id}&status=draft").json["data"]
    assert [row["id"] for row in listed] == [invoice_id]
    assert listed[0]["items"][0]["description"] == "Website"
    assert listed[0]["total"] == "119.00"
    pdf = api("GET", f"/invoices/{invoice_id}/pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert api("POST", "/invoices", json={}).status_code in (404, 405)


def test_api_requests_are_sessionless_and_need_no_csrf_token(app, tenant, key, staff_client):
    response = staff_client.post(
        "/api/v1/customers", json={"company": "Ohne Token"}, headers=bearer(key)
    )
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    signed_in_only = staff_client.get("/api/v1/customers")
    assert signed_in_only.status_code == 401  # a staff session is no API credential


def test_changes_by_key_are_audited_under_the_keys_name(app, tenant, api):
    customer_id = add_customer(app, tenant)
    contact_id = add_contact(app, tenant, customer_id, "kim@kunde.test")
    etag = api("GET", f"/contacts/{contact_id}").headers["ETag"]
    api("PATCH", f"/contacts/{contact_id}", headers={"If-Match": etag},
        json={"permissions": ["support"]})  # fmt: skip
    from gorilla.audit import AuditEntry

    with in_tenant(app, tenant) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "permissions_changed")
        ).one()
        assert entry.actor_realm == "api" and entry.actor_name.startswith("API: Zapier")


def test_rate_limit_per_key_with_headers(app, tenant, key, api):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    answers = [api("GET", "/customers") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    assert answers[1].headers["X-RateLimit-Remaining"] == "1"
    assert answers[3].json["error"]["code"] == "rate_limited"
    other = make_key(app, tenant, name="Zweiter")
    assert (
        client_for(app, tenant.slug).get("/api/v1/customers", headers=bearer(other)).status_code
        == 200
    )


def test_unknown_api_paths_answer_json_404(api):
    response = api("GET", "/nichts/hier")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_openapi_document_and_docs_page(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert "/customers/{customer_id}" in document["paths"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "PATCH /api/v1/contacts/{contact_id}" in page


def test_rate_limit_with_redis_down_still_answers(app, tenant, tmp_path, database_url, caplog):
    import logging

    from gorilla.extensions import db
    from tests.conftest import make_app

    down = make_app(tmp_path, database_url, REDIS_URL="redis://127.0.0.1:1/0",
                    API_RATE_LIMIT="2 per minute")  # fmt: skip
    try:
        key = make_key(down, tenant)
        client = client_for(down, tenant.slug)
        with caplog.at_level(logging.WARNING, logger="flask-limiter"):
            statuses = [client.get("/api/v1/customers", headers=bearer(key)).status_code
                        for _ in range(3)]  # fmt: skip
        assert statuses == [200, 200, 429]  # counted in memory meanwhile
    finally:
        with down.app_context():
            db.engine.dispose()


def test_schema_errors_are_translated_too(api):
    response = api("POST", "/customers", json={"company": 5, "extra": 1},
                   headers={"Accept-Language": "de"})  # fmt: skip
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "company": ["Kein gültiger Text."], "extra": ["Unbekanntes Feld."]
    }  # fmt: skip
