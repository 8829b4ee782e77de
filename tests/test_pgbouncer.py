"""Behind PgBouncer in transaction pooling no session state stays on a server connection
(issue 19, item 6). Runs where ``GORILLA_TEST_PGBOUNCER_URL`` names a PgBouncer database with
``pool_size=1`` in front of the test database (``.ci/pgbouncer.sh`` sets it up)."""

import os

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.conftest import client_for, delete_all_tenants, make_app, provision
from tests.crm_factories import add_customer

POOL_OF_ONE = os.environ.get("GORILLA_TEST_PGBOUNCER_URL")
pytestmark = pytest.mark.skipif(
    not POOL_OF_ONE,
    reason="needs PgBouncer: set GORILLA_TEST_PGBOUNCER_URL (see .ci/pgbouncer.sh)",
)
PSYCOPG_PREPARE_THRESHOLD = 5  # psycopg's default: a query run this often gets prepared


@pytest.fixture
def pooled_app(tmp_path, database_url):
    """The app on PgBouncer's one-server-connection pool of the test database."""
    app = make_app(tmp_path, POOL_OF_ONE)
    yield app
    delete_all_tenants(app)


def test_two_tenants_taking_turns_on_one_server_connection_each_see_only_their_own(
    pooled_app,
):
    acme, globex = provision(pooled_app, "acme"), provision(pooled_app, "globex")
    add_customer(pooled_app, acme, "Nur Acme GmbH")
    add_customer(pooled_app, globex, "Nur Globex AG")
    clients = {}
    for tenant in (acme, globex):
        clients[tenant.slug] = client_for(pooled_app, tenant.slug)
        assert clients[tenant.slug].sign_in(f"admin@{tenant.slug}.test").status_code == 302
    for _turn in range(2 * PSYCOPG_PREPARE_THRESHOLD):
        for slug, own, other in (
            ("acme", "Nur Acme GmbH", "Nur Globex AG"),
            ("globex", "Nur Globex AG", "Nur Acme GmbH"),
        ):
            page = clients[slug].get("/admin/customers").get_data(as_text=True)
            assert own in page and other not in page


def assert_no_session_state_left() -> None:
    """What a later client of PgBouncer's one server connection would inherit: nothing."""
    probe = sa.create_engine(
        POOL_OF_ONE, poolclass=NullPool, connect_args={"prepare_threshold": None}
    )
    with probe.connect() as connection:  # PgBouncer hands it the one server connection
        assert connection.scalar(sa.text("SHOW search_path")) == '"$user", public'
        assert connection.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements")) == 0
        advisory = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
        assert connection.scalar(sa.text(advisory)) == 0
    probe.dispose()


def test_provisioning_sign_in_and_pages_leave_no_session_state_on_the_server(pooled_app):
    tenant = provision(pooled_app, "acme")  # many alike INSERTs in one committed transaction
    assert_no_session_state_left()
    client = client_for(pooled_app, tenant.slug)
    assert client.sign_in("admin@acme.test").status_code == 302
    assert_no_session_state_left()
    for _ in range(2 * PSYCOPG_PREPARE_THRESHOLD):
        assert client.get("/admin/customers").status_code == 200
    assert_no_session_state_left()


def test_tenants_create_and_delete_through_the_cli(pooled_app):
    runner = pooled_app.test_cli_runner()
    created = runner.invoke(
        args=["tenants", "create", "initech", "--name", "Initech", "--admin-email", "a@b.de"]
    )
    assert created.exit_code == 0, created.output
    assert_no_session_state_left()
    deleted = runner.invoke(args=["tenants", "delete", "initech", "--yes", "--no-export"])
    assert deleted.exit_code == 0, deleted.output
    assert "initech" not in runner.invoke(args=["tenants", "list"]).output
