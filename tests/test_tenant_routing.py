"""Host → tenant resolution: platform, tenant, unknown, suspended, foreign hosts."""

import pytest

from tests.conftest import client_for


def test_unknown_subdomain_answers_404(app, tenant):
    response = client_for(app, "nobody").get("/admin/login")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_suspended_tenant_answers_503_until_resumed(app, tenant, runner):
    assert runner.invoke(args=["tenants", "suspend", "acme"]).exit_code == 0
    response = client_for(app, "acme").get("/admin/login")
    assert response.status_code == 503
    assert "nicht verfügbar" in response.get_data(as_text=True)
    assert runner.invoke(args=["tenants", "resume", "acme"]).exit_code == 0
    assert client_for(app, "acme").get("/admin/login").status_code == 200


def test_host_outside_base_domain_answers_400(app, tenant):
    client = app.test_client(host="acme.evil.example")
    assert client.get("/admin/login").status_code == 400


@pytest.mark.parametrize("host", ["a.b.gorilla.test", "gorilla.test.evil.example", "localhost"])
def test_other_hosts_are_foreign(app, host):
    assert app.test_client(host=host).get("/").status_code == 400


def test_host_is_case_insensitive_and_port_is_ignored(app, tenant):
    response = app.test_client(host="ACME.Gorilla.Test:8443").get("/admin/login")
    assert response.status_code == 200
    assert "ACME Agentur" in response.get_data(as_text=True)


@pytest.mark.parametrize("header", ["X-Forwarded-Host", "X-Tenant", "X-Original-Host", "Forwarded"])
def test_tenant_headers_sent_by_clients_are_ignored(app, tenant, header):
    value = "host=acme.gorilla.test" if header == "Forwarded" else "acme.gorilla.test"
    platform = client_for(app, None)
    assert platform.get("/admin/login", headers={header: value}).status_code == 404
    unknown = client_for(app, "nobody")
    assert unknown.get("/admin/login", headers={header: value}).status_code == 404


def test_platform_host_serves_landing_not_tenant_pages(app, tenant):
    platform = client_for(app, None)
    assert "CRM" in platform.get("/").get_data(as_text=True)
    assert platform.get("/admin/login").status_code == 404
    assert platform.get("/kunden/").status_code == 404
    assert app.test_client(host="www.gorilla.test").get("/").status_code == 200


def test_tenant_root_leads_to_customer_area(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kunden/")


@pytest.mark.parametrize("host", ["acme.gorilla.test", "nobody.gorilla.test", "x.evil.example"])
def test_healthz_answers_ok_on_any_host(app, tenant, host):
    response = app.test_client(host=host).get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_error_pages_speak_english_on_request(app, tenant):
    response = client_for(app, "nobody").get("/admin/login?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


def test_suspend_is_seen_at_once_despite_the_cache(app, tenant, runner):
    client = client_for(app, "acme")
    assert client.get("/admin/login").status_code == 200  # now cached
    runner.invoke(args=["tenants", "suspend", "acme"])
    assert client.get("/admin/login").status_code == 503


BAD_HOSTS = ["acme..gorilla.test", "a" * 64 + ".gorilla.test", ".gorilla.test"]


@pytest.mark.parametrize("path", ["/healthz", "/admin/login", "/static/gorilla.css"])
@pytest.mark.parametrize("host", BAD_HOSTS, ids=["empty label", "64-character label", "dot"])
def test_malformed_host_answers_400_with_the_error_page(app, host, path):
    response = app.test_client().get(path, headers={"Host": host})
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.get_data(as_text=True)
    assert "/static/gorilla.css" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
