"""Absolute links to a tenant, built from configuration, never from the request's Host."""

from flask import current_app


def tenant_url(slug: str, path: str = "/") -> str:
    """``<scheme>://<slug>.<base domain><path>`` (the base domain keeps its port)."""
    scheme = current_app.config["URL_SCHEME"]
    return f"{scheme}://{slug}.{current_app.config['BASE_DOMAIN']}{path}"


def platform_url(path: str = "/") -> str:
    """Absolute link on the platform site (base domain)."""
    return f"{current_app.config['URL_SCHEME']}://{current_app.config['BASE_DOMAIN']}{path}"
