"""Small builders shared by tests: duck-typed contacts and entering a tenant's context."""

from contextlib import contextmanager
from types import SimpleNamespace

from flask import g

NOTIFICATION_FLAGS = (
    "invoice_emails", "estimate_emails", "credit_note_emails", "project_emails",
    "ticket_emails", "task_emails", "contract_emails",
)  # fmt: skip


def contact(**overrides) -> SimpleNamespace:
    """Stands in for the future Contact model: the attributes mail code may read."""
    customer = SimpleNamespace(company="Kunde & Co", default_language="de")
    values = dict(
        id=7, firstname="<img src=x onerror=alert(1)>", lastname="Muster", email="k@kunde.test",
        title="", direction="", customer=customer, full_name="Kim Muster", active=True,
        password_hash=None, token_version=1, link_nonce=None, realm="contact",
        **{flag: True for flag in NOTIFICATION_FLAGS},
    )  # fmt: skip
    return SimpleNamespace(**(values | overrides))


@contextmanager
def in_tenant(app, tenant):
    """An app context with ``g.tenant`` set, as a request on the tenant's host would have."""
    with app.app_context():
        g.tenant = tenant
        yield
