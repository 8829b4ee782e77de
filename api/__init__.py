"""REST API v1 (``/api/v1/…``) of a tenant, authorised by the tenant's API keys.

``api.keys`` holds the keys (model, hashing, scopes); ``api.blueprint`` the URL map and the
Bearer check; ``api.resources`` one module per resource; ``api.spec`` the OpenAPI document
built from the operations as they are declared.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount ``/api/v1`` (CSRF-exempt, session-less)."""
    from . import blueprint

    blueprint.init_app(app)
