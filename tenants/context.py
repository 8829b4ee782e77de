"""Run code as one tenant outside a request (CLI, sign-up, tests)."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g

from tenants.models import TenantInfo


@contextmanager
def tenant_context(tenant: TenantInfo) -> Iterator[None]:
    """A fresh app context (own database session) bound to ``tenant``."""
    with current_app.app_context():
        g.tenant = tenant
        yield
