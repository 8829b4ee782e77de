"""The operator CLI: create, list, suspend, resume, delete, migrate."""

import re

import pytest
import sqlalchemy as sa

from gorilla.extensions import db
from tenants import provisioning
from tenants.migrations import downgrade_tenant, head_revision, revisions, tenant_engine
from tenants.models import Tenant
from tests.conftest import PG_URL, client_for, database_has_citus


def registry_slugs(app):
    with app.app_context():
        return sorted(db.session.scalars(sa.select(Tenant.slug)))


def tenant_storage_exists(app, schema_name):
    with app.app_context():
        binds = provisioning.tenant_binds()
        if binds.uses_schemas:
            return schema_name in sa.inspect(db.engine).get_schema_names()
        return binds.sqlite_path(schema_name).exists()


def create(runner, slug, *extra):
    args = ["tenants", "create", "--name", "Acme GmbH", "--admin-email", f"chef@{slug}.test"]
    return runner.invoke(args=[*args, *extra, "--", slug])


def test_create_with_password_makes_a_working_tenant(app, runner):
    result = create(runner, "acme", "--admin-password", "lange-geheim-123")
    assert result.exit_code == 0, result.output
    assert "http://acme.gorilla.test/admin/" in result.stdout
    client = client_for(app, "acme")
    response = client.sign_in("chef@acme.test", "lange-geheim-123")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_create_without_password_prints_a_one_time_set_password_link(app, runner):
    result = create(runner, "acme")
    assert result.exit_code == 0, result.output
    url = re.search(r"http://acme\.gorilla\.test(/admin/set-password/\S+)", result.stdout).group(1)
    client = client_for(app, "acme")
    assert client.sign_in("chef@acme.test", "").status_code == 200  # no password yet
    response = client.submit(
        url, {"password": "mein-neues-pw-1", "password_confirm": "mein-neues-pw-1"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client_for(app, "acme").get(url).status_code == 410  # single use
    assert client_for(app, "acme").sign_in("chef@acme.test", "mein-neues-pw-1").status_code == 302


def test_set_password_link_of_one_tenant_is_refused_on_another(app, runner):
    url = re.search(r"(/admin/set-password/\S+)", create(runner, "acme").stdout).group(1)
    create(runner, "globex")
    assert client_for(app, "globex").get(url).status_code == 410


def test_create_twice_fails_cleanly(app, runner):
    assert create(runner, "acme").exit_code == 0
    result = create(runner, "acme")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "existiert bereits" in result.stderr
    assert registry_slugs(app) == ["acme"]


@pytest.mark.parametrize(
    "slug, reason",
    [
        ("www", "reserviert"),
        ("admin", "reserviert"),
        ("kunden", "reserviert"),
        ("ab", "3 bis 63"),
        ("a" * 64, "3 bis 63"),
        ("-acme", "Bindestrich"),
        ("acme-", "Bindestrich"),
        ("ac_me", "Bindestrich"),
        ("müller", "Bindestrich"),
    ],
)
def test_invalid_or_reserved_slugs_are_refused(app, runner, slug, reason):
    result = create(runner, slug)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert registry_slugs(app) == []


def test_uppercase_slug_is_normalised(app, runner):
    assert create(runner, "ACME").exit_code == 0
    assert registry_slugs(app) == ["acme"]


def test_create_failing_half_way_leaves_nothing_behind(app, runner, monkeypatch):
    def broken_seeder(session, tenant, request):
        raise RuntimeError("disk on fire")

    app.extensions["gorilla.tenant_seeders"].append(broken_seeder)
    result = create(runner, "acme")
    assert result.exit_code == 1
    assert "disk on fire" in result.stderr
    assert registry_slugs(app) == []
    assert not tenant_storage_exists(app, "tenant_acme")


def test_create_whose_schema_cannot_be_made_leaves_no_registry_row(app, runner):
    with app.app_context():
        binds = provisioning.tenant_binds()
        if binds.uses_schemas:
            with db.engine.begin() as connection:
                connection.execute(sa.schema.CreateSchema("tenant_acme"))
        else:
            binds.tenant_dir.mkdir(parents=True, exist_ok=True)
            binds.sqlite_path("tenant_acme").write_bytes(b"somebody else's file")
    result = create(runner, "acme")
    assert result.exit_code == 1
    assert registry_slugs(app) == []
    with app.app_context():
        binds = provisioning.tenant_binds()
        if binds.uses_schemas:
            with db.engine.begin() as connection:
                connection.execute(sa.schema.DropSchema("tenant_acme", cascade=True))
        else:
            assert binds.sqlite_path("tenant_acme").read_bytes() == b"somebody else's file"


def test_list_shows_a_table_of_tenants(app, runner, tenant, other_tenant):
    runner.invoke(args=["tenants", "suspend", "globex"])
    lines = runner.invoke(args=["tenants", "list"]).stdout.splitlines()
    assert lines[0].split() == [
        "SLUG", "NAME", "STATUS", "STAFF", "CUSTOMERS", "CONTACTS", "LAST", "ACTIVITY", "CREATED",
        "URL", *(["NODE"] if database_has_citus() else []),
    ]  # fmt: skip
    assert lines[1].startswith("acme") and "active" in lines[1]
    assert "http://acme.gorilla.test/" in lines[1]
    assert lines[2].startswith("globex") and "suspended" in lines[2]


def test_delete_needs_yes_and_then_drops_everything(app, runner, tenant):
    refused = runner.invoke(args=["tenants", "delete", "acme"])
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert tenant_storage_exists(app, tenant.schema_name)
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes"]).exit_code == 0
    assert registry_slugs(app) == []
    assert not tenant_storage_exists(app, tenant.schema_name)
    assert client_for(app, "acme").get("/admin/login").status_code == 404


@pytest.mark.parametrize("command", ["suspend", "resume", "delete", "migrate"])
def test_commands_on_unknown_tenant_fail_with_one_line(runner, command):
    result = runner.invoke(
        args=["tenants", command, "nobody", "--yes"][: 3 + (command == "delete")]
    )
    assert result.exit_code == 1
    assert "nobody" in result.stderr and result.stderr.strip().count("\n") == 0


def make_tenants_behind(app, slugs, broken=None):
    with app.app_context():
        binds = provisioning.tenant_binds()
        for slug in slugs:
            downgrade_tenant(binds, f"tenant_{slug}", "t0001")
        if broken:
            # An extra table where the next migration wants to create one.
            table = sa.Table("settings", sa.MetaData(schema="tenant"), sa.Column("x", sa.Integer))
            with tenant_engine(binds, f"tenant_{broken}").begin() as connection:
                table.create(connection)


def current(app):
    with app.app_context():
        binds = provisioning.tenant_binds()
        tenants = [t.info() for t in db.session.scalars(sa.select(Tenant))]
        return revisions(binds, tenants)


def test_migrate_upgrades_tenants_behind_and_skips_current_ones(app, runner, tenant, other_tenant):
    make_tenants_behind(app, ["acme"])
    result = runner.invoke(args=["tenants", "migrate"])
    assert result.exit_code == 0, result.output
    assert "1 aktualisiert, 1 bereits aktuell, 0 fehlgeschlagen" in result.stdout
    assert set(current(app).values()) == {head_revision()}


def test_migrate_continues_past_a_failing_tenant_and_exits_non_zero(app, runner):
    for slug in ("acme", "bravo", "charlie"):
        create(runner, slug)
    make_tenants_behind(app, ["acme", "bravo", "charlie"], broken="bravo")
    result = runner.invoke(args=["tenants", "migrate"])
    assert result.exit_code == 1
    assert "2 aktualisiert, 0 bereits aktuell, 1 fehlgeschlagen" in result.stdout
    assert "Migration von bravo fehlgeschlagen" in result.stderr
    revs = current(app)
    assert revs["acme"] == revs["charlie"] == head_revision()
    assert revs["bravo"] == "t0001"  # rolled back as a whole


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL: table locks")
def test_noop_migrate_holds_the_locks_of_one_batch_of_version_tables_at_a_time(
    app, runner, tenant, other_tenant, monkeypatch
):
    # Each version table read stays locked until its transaction ends; over 10,000 tenants
    # one transaction for all batches ran out of the server's lock table ("out of shared
    # memory"). Batches of one here: the second read must find no lock left by the first.
    monkeypatch.setattr("tenants.migrations.VERSION_BATCH", 1)
    held = []

    def count_version_locks(_conn, cursor, statement, *_args):
        if "alembic_version" in statement and "pg_locks" not in statement:
            locks = cursor.connection.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                " WHERE l.pid = pg_backend_pid() AND c.relname = 'alembic_version'"
            )
            held.append(locks.fetchone()[0])

    with app.app_context():
        engine = provisioning.tenant_binds().platform_engine
    sa.event.listen(engine, "before_cursor_execute", count_version_locks)
    try:
        result = runner.invoke(args=["tenants", "migrate"])
    finally:
        sa.event.remove(engine, "before_cursor_execute", count_version_locks)
    assert result.exit_code == 0, result.output
    assert "0 aktualisiert, 2 bereits aktuell, 0 fehlgeschlagen" in result.stdout
    assert len(held) >= 2 and set(held) == {0}


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL: the bulk read of the version tables")
def test_migrate_that_cannot_read_the_versions_says_so_in_one_line(
    app, runner, tenant, monkeypatch
):
    monkeypatch.setattr("tenants.migrations.VERSIONED_SCHEMAS", sa.text("SELECT nonsense"))
    result = runner.invoke(args=["tenants", "migrate"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "Error: Versionen und Tabellen der Mandanten konnten nicht gelesen werden:"
    )
    assert "nonsense" in result.stderr


def test_migrate_one_tenant_by_slug(app, runner, tenant, other_tenant):
    make_tenants_behind(app, ["acme", "globex"])
    assert runner.invoke(args=["tenants", "migrate", "globex"]).exit_code == 0
    revs = current(app)
    assert revs["globex"] == head_revision() and revs["acme"] == "t0001"


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL: schema names")
def test_tenant_lives_in_its_own_postgresql_schema(app, tenant):
    with app.app_context():
        tables = sa.inspect(db.engine).get_table_names(schema="tenant_acme")
        assert {"staff", "settings", "alembic_version"} <= set(tables)
        assert "staff" not in sa.inspect(db.engine).get_table_names()
