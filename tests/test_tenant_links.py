"""Absolute tenant links come from an endpoint, the base domain and GORILLA_URL_SCHEME."""

from tenants.urls import tenant_url_for


def test_link_ignores_the_host_and_scheme_of_the_request_it_is_built_in(app):
    with app.test_request_context("/", base_url="https://evil.example"):
        url = tenant_url_for("portal.invoices.show", "acme", invoice_id=7)
    assert url == "http://acme.gorilla.test/kunden/rechnungen/7"


def test_link_uses_the_configured_scheme_and_keeps_the_base_domain_port(app, monkeypatch):
    monkeypatch.setitem(app.config, "URL_SCHEME", "https")
    monkeypatch.setitem(app.config, "BASE_DOMAIN", "gorilla.test:8443")
    with app.app_context():
        assert (
            tenant_url_for("admin.dashboard.index", "acme")
            == "https://acme.gorilla.test:8443/admin/"
        )


def test_a_route_value_called_slug_is_a_route_value_not_the_tenant(app):
    with app.app_context():
        url = tenant_url_for(
            "admin.settings.email_template_edit", "acme", slug="contact-welcome", lang="en"
        )
    assert url == "http://acme.gorilla.test/admin/settings/email-templates/contact-welcome/en"
