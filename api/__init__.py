"""REST API v1 (``/api/v1/…``) of a tenant, authorised by the tenant's API keys.

The keys themselves (model, hashing, scopes, the admin page) live in ``crm.api_keys``;
``api.blueprint`` holds the URL map and the Bearer check; ``api.crud`` the common operations
and ``api.resources`` one module per resource; ``api.spec`` the OpenAPI document built from the
operations as they are declared.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount ``/api/v1`` (CSRF-exempt, session-less)."""
    from . import blueprint

    blueprint.init_app(app)
