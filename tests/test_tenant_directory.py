"""The resolver's tenant cache: changes made by other processes are seen within the TTL."""

import pytest
import sqlalchemy as sa

from gorilla.extensions import db
from tenants.lifecycle import rename_tenant
from tenants.models import SUSPENDED
from tenants.provisioning import set_status
from tests.conftest import client_for, make_app, provision


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def worker_clock(app) -> Clock:
    """Give the app's tenant directory a hand-moved clock."""
    clock = Clock()
    app.extensions["gorilla.tenant_directory"].clock = clock
    return clock


@pytest.fixture
def operator(app, tmp_path, database_url):
    """A second process (the operator's CLI) on the same databases and instance folder."""
    operator = make_app(tmp_path, database_url)
    yield operator
    with operator.app_context():
        db.engine.dispose()


def test_suspend_by_another_process_is_seen_after_the_ttl(app, tenant, operator):
    clock = worker_clock(app)
    worker = client_for(app, "acme")
    assert worker.get("/admin/login").status_code == 200  # cached in this process
    with operator.app_context():
        set_status("acme", SUSPENDED)
    clock.now += app.config["TENANT_CACHE_TTL"] - 1
    assert worker.get("/admin/login").status_code == 200  # still trusted within the TTL
    clock.now += 2
    assert worker.get("/admin/login").status_code == 503


def test_rename_and_creation_by_another_process_are_seen_after_the_ttl(app, tenant, operator):
    clock = worker_clock(app)
    assert client_for(app, "acme").get("/admin/login").status_code == 200
    assert client_for(app, "newco").get("/admin/login").status_code == 404  # cached as unknown
    with operator.app_context():
        rename_tenant("acme", "acme-neu")
    provision(operator, "newco")
    clock.now += app.config["TENANT_CACHE_TTL"] + 1
    assert client_for(app, "acme").get("/admin/login").status_code == 404
    assert client_for(app, "acme-neu").get("/admin/login").status_code == 200
    assert client_for(app, "newco").get("/admin/login").status_code == 200


def test_an_unchanged_registry_is_revalidated_with_one_query_for_all_tenants(
    app, tenant, other_tenant
):
    clock = worker_clock(app)
    for slug in ("acme", "globex"):
        assert client_for(app, slug).get("/admin/login").status_code == 200
    clock.now += app.config["TENANT_CACHE_TTL"] + 1
    statements = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for slug in ("acme", "globex"):
            assert client_for(app, slug).get("/admin/login").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    platform = [s for s in statements if "tenant_directory" in s or "FROM tenants" in s]
    assert len(platform) == 1 and "tenant_directory" in platform[0]
