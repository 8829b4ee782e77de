"""On a Citus coordinator every tenant becomes a distributed schema on a worker."""

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from gorilla.extensions import db
from tenants import provisioning
from tests.conftest import client_for, delete_all_tenants, make_app
from tests.crm_factories import add_customer

pytestmark = pytest.mark.citus_only

SHARDING_OFF = "-c citus.enable_schema_based_sharding=off"


@pytest.fixture
def unsharded_app(tmp_path, database_url):
    """The app on connections where the database-level schema sharding setting is off."""
    url = make_url(database_url).update_query_dict({"options": SHARDING_OFF})
    app = make_app(tmp_path, url.render_as_string(hide_password=False))
    with app.app_context():
        assert db.session.scalar(sa.text("SHOW citus.enable_schema_based_sharding")) == "off"
        db.session.rollback()
    yield app
    delete_all_tenants(app)


def workers(app) -> set[str]:
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT * FROM citus_get_active_worker_nodes()"))
        return {f"{host}:{port}" for host, port in rows}


def placement(app, schema: str) -> set[str]:
    """``host:port`` of the nodes holding the tables of ``schema`` (empty: not distributed)."""
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT DISTINCT nodename, nodeport FROM citus_shards"
                " WHERE table_name::text LIKE :prefix"
            ),
            {"prefix": f"{schema}.%"},
        )
        return {f"{host}:{port}" for host, port in rows}


def create(runner, slug):
    return runner.invoke(
        args=["tenants", "create", slug, "--name", "Acme", "--admin-email", f"chef@{slug}.test"]
    )


def test_create_distributes_the_schema_although_the_database_setting_is_off(unsharded_app):
    runner = unsharded_app.test_cli_runner()
    result = create(runner, "acme")
    assert result.exit_code == 0, result.output
    nodes = placement(unsharded_app, "tenant_acme")
    assert len(nodes) == 1 and nodes <= workers(unsharded_app)
    lines = runner.invoke(args=["tenants", "list"]).stdout.splitlines()
    assert lines[0].split()[-1] == "NODE"
    assert lines[1].startswith("acme") and lines[1].split()[-1] == nodes.pop()


def test_create_fails_cleanly_when_the_schema_is_not_distributed(unsharded_app, monkeypatch):
    monkeypatch.setattr(provisioning, "shard_new_schemas", lambda connection: None)
    result = create(unsharded_app.test_cli_runner(), "acme")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: Citus hat das Schema tenant_acme nicht verteilt."
    with unsharded_app.app_context():
        assert "tenant_acme" not in sa.inspect(db.engine).get_schema_names()
        assert db.session.scalar(sa.text("SELECT count(*) FROM tenants")) == 0


def test_imported_tenant_lands_on_a_worker_and_takes_new_records(app, runner, tenant, tmp_path):
    for number in range(3):
        add_customer(app, tenant, f"Firma {number}")
    archive = tmp_path / "acme.zip"
    assert runner.invoke(args=["tenants", "export", "acme", str(archive)]).exit_code == 0
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"]).exit_code == 0
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 0, result.output
    assert placement(app, "tenant_acme") <= workers(app) and placement(app, "tenant_acme")
    staff = client_for(app, "acme")
    assert staff.sign_in("admin@acme.test").status_code == 302
    response = staff.submit("/admin/customers/new", {"company": "Neu GmbH", "city": "Köln"})
    assert response.status_code == 303
    page = staff.get("/admin/customers").get_data(as_text=True)
    assert all(name in page for name in ("Firma 0", "Firma 1", "Firma 2", "Neu GmbH"))


def test_pg_trgm_is_on_every_worker_and_a_tenant_searches_names_with_typos(
    app, tenant, staff_client
):
    """Platform migration p0003 installs pg_trgm on the coordinator; Citus propagates it (and
    its schema ``extensions``, not a distributed schema) to the workers."""
    with app.app_context():
        installed = db.session.execute(
            sa.text(
                "SELECT nodeport, result FROM run_command_on_workers("
                "$$SELECT extnamespace::regnamespace::text FROM pg_extension"
                " WHERE extname = 'pg_trgm'$$)"
            )
        ).all()
        distributed = db.session.scalar(
            sa.text("SELECT count(*) FROM citus_schemas WHERE schema_name::text = 'extensions'")
        )
    assert len(installed) == len(workers(app)) and {row.result for row in installed} == {
        "extensions"
    }
    assert distributed == 0
    customer = add_customer(app, tenant, "Müller GmbH")
    assert placement(app, tenant.schema_name) <= workers(app)
    page = staff_client.get("/admin/search", query_string={"q": "Müler"}).get_data(as_text=True)
    assert f"/admin/customers/{customer}" in page
