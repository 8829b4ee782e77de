"""Fixtures that read like the product: app, tenant, other_tenant, staff_client, runner."""

import email
import email.policy
import functools
import os
import re
import socket
import threading

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from flask_migrate import upgrade as upgrade_platform
from sqlalchemy import event
from sqlalchemy.engine import Engine

from gorilla import create_app
from gorilla.extensions import db, mail
from gorilla.passwords import hash_password
from mail_templates.delivery import background_delivery
from tenants.distribution import has_citus
from tenants.models import Tenant
from tenants.provisioning import ProvisionRequest, create_tenant, delete_tenant
from tests import tenant_pool
from tests.compile_once import SharedTemplateCode, share_url_builders

BASE_DOMAIN = "gorilla.test"
PASSWORD = "correct-horse-battery"
PG_URL = os.environ.get("GORILLA_TEST_DATABASE_URL")
TEMPLATE_CODE = SharedTemplateCode()
share_url_builders()
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


class HostClient(FlaskClient):
    """A test client that talks to one host (``acme.gorilla.test``) unless told otherwise.

    Like a user who reads the mail a page promised, it waits for the app's delivery thread
    after each request (``waits_for_mail = False`` to see the bare response).
    """

    waits_for_mail = True

    def __init__(self, *args, host: str = BASE_DOMAIN, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{self.host}")
        response = super().open(*args, **kwargs)
        if self.waits_for_mail:
            assert background_delivery(self.application).wait_idle(timeout=30)
        return response

    def session_transaction(self, *args, **kwargs):
        """Open the cookie session of this client's host."""
        kwargs.setdefault("base_url", f"http://{self.host}")
        return super().session_transaction(*args, **kwargs)

    def csrf(self, path: str) -> str:
        """The CSRF token of the form at ``path``."""
        match = CSRF_RE.search(self.get(path).get_data(as_text=True))
        assert match, f"no csrf_token on {path}"
        return match.group(1) or match.group(2)

    def submit(self, path: str, data: dict, form_path: str | None = None, **kwargs):
        """POST ``data`` to ``path`` with the CSRF token of the form at ``form_path``."""
        payload = {"csrf_token": self.csrf(form_path or path), **data}
        return self.post(path, data=payload, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD, path: str = "/admin/login"):
        """Sign in through the real form."""
        return self.submit(path, {"email": email, "password": password})


def _drop_everything(url: str) -> None:
    """Drop every tenant schema, kept ones too, and the platform tables (a schema per
    transaction: one holding the locks of dozens of schemas' tables exhausts the lock table)."""
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        schemas = conn.scalars(
            sa.text(
                "SELECT nspname FROM pg_namespace"
                " WHERE nspname LIKE 'tenant\\_%' OR nspname LIKE 'pool\\_%'"
            )
        ).all()
    for schema in schemas:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "DROP TABLE IF EXISTS tenants, tenant_directory, alembic_version CASCADE"
        )
    engine.dispose()
    tenant_pool.forget_kept()


@functools.cache
def database_has_citus() -> bool:
    """Whether GORILLA_TEST_DATABASE_URL is a Citus coordinator."""
    if not PG_URL:
        return False
    engine = sa.create_engine(PG_URL)
    try:
        with engine.connect() as connection:
            return has_citus(connection)
    finally:
        engine.dispose()


def pytest_collection_modifyitems(config, items):
    """Skip ``citus_only`` tests unless the test database has Citus."""
    marked = [item for item in items if "citus_only" in item.keywords]
    if marked and not database_has_citus():
        skip = pytest.mark.skip(reason="needs a Citus coordinator in GORILLA_TEST_DATABASE_URL")
        for item in marked:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url():
    """PostgreSQL from GORILLA_TEST_DATABASE_URL (emptied first), else None for SQLite."""
    if PG_URL:
        _drop_everything(PG_URL)
    yield PG_URL
    if PG_URL:
        _drop_everything(PG_URL)


def make_app(tmp_path, database_url, **overrides):
    """A fresh app on its own instance folder (and, on PostgreSQL, the shared test DB)."""
    settings = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "BASE_DOMAIN": BASE_DOMAIN,
        "URL_SCHEME": "http",
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        **overrides,
    }
    app = create_app(settings)
    app.test_client_class = HostClient
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    with app.app_context():
        upgrade_platform()
    return app


@pytest.fixture
def app(tmp_path, database_url):
    """The app; every tenant it created is deleted afterwards."""
    app = make_app(tmp_path, database_url)
    yield app
    delete_all_tenants(app)


def delete_all_tenants(app) -> None:
    """Teardown of an app: delete every tenant it created (on PostgreSQL keep the schemas that
    can be reused: ``tests.tenant_pool``) and close its pool."""
    background_delivery(app).wait_idle(timeout=30)
    with app.app_context():
        for slug in db.session.scalars(sa.select(Tenant.slug)).all():
            if not (PG_URL and tenant_pool.keep(app, slug)):
                delete_tenant(slug)
        db.session.remove()
        db.engine.dispose()


def provision(app, slug: str, name: str | None = None, admin_email: str | None = None):
    """Create a tenant with an admin ``admin@<slug>.test`` whose password is PASSWORD."""
    with app.app_context():
        request = ProvisionRequest(
            slug=slug,
            name=name or slug.title(),
            admin_email=admin_email or f"admin@{slug}.test",
            admin_password_hash=hash_password(PASSWORD),
        )
        reused = tenant_pool.reuse(app, request) if PG_URL else None
        return reused or create_tenant(request)


@pytest.fixture
def tenant(app):
    """The agency ``acme``."""
    return provision(app, "acme", "ACME Agentur")


@pytest.fixture
def other_tenant(app):
    """A second agency, ``globex``, to try to break isolation against."""
    return provision(app, "globex", "Globex Werbung")


def client_for(app, slug: str | None) -> HostClient:
    """A client on ``<slug>.gorilla.test`` (or the platform host for ``None``)."""
    host = f"{slug}.{BASE_DOMAIN}" if slug else BASE_DOMAIN
    return app.test_client(host=host)


@pytest.fixture
def client(app, tenant):
    """An anonymous browser on acme's host."""
    return client_for(app, tenant.slug)


@pytest.fixture
def staff_client(app, tenant):
    """acme's admin, signed in."""
    client = client_for(app, tenant.slug)
    response = client.sign_in(f"admin@{tenant.slug}.test")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def runner(app):
    """Runs ``gorilla`` commands against the app."""
    return app.test_cli_runner()


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1:``port``; ``messages`` holds what arrived."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []
        self.envelope_senders: list[str] = []  # MAIL FROM of each message, in order
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        self.envelope_senders.append(envelope.mail_from)
        return "250 Message accepted"

    def start(self) -> None:
        """Start listening (again) on the same port."""
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        """Stop listening; connections are refused until ``start``."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_down(app):
    """The app sends through SMTP to a port where no server listens (``start()`` brings it up)."""
    server = SmtpServer(free_port())
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SUPPRESS_SEND=False, MAIL_TIMEOUT=5
    )
    mail.init_app(app)
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_down):
    """A running SMTP server the app delivers to; read ``smtp.messages``."""
    smtp_down.start()
    return smtp_down


def run_together(*calls):
    """Start every callable at the same moment, each in its own thread; results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


pytest_plugins = ["tests.browser"]


def count_queries(client, path: str) -> int:
    """Statements sent by any engine for one GET of ``path``, after a first, warming GET."""
    assert client.get(path).status_code == 200
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return len(statements)
