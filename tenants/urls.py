"""Absolute links to a tenant, built from the URL map and configuration, never from the
request's Host; they work without a request (CLI, mail worker, delivery thread)."""

from flask import current_app


def tenant_url_for(endpoint: str, slug: str, /, **values) -> str:
    """``<GORILLA_URL_SCHEME>://<slug>.<base domain><path of endpoint>`` (the base domain keeps
    its port), e.g. ``tenant_url_for("portal.invoices.show", slug, invoice_id=7)``."""
    config = current_app.config
    adapter = current_app.url_map.bind(
        f"{slug}.{config['BASE_DOMAIN']}", url_scheme=config["URL_SCHEME"]
    )
    return adapter.build(endpoint, values, force_external=True)
