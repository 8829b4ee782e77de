"""``tenants list``, ``migrate`` and ``check`` with a damaged tenant among healthy ones."""

import pytest
import sqlalchemy as sa

from gorilla.extensions import db
from tenants import provisioning
from tenants.migrations import head_revision, tenant_engine
from tests.test_cli_tenants import create, current, make_tenants_behind


def run_sql(app, slug: str, statement: str) -> None:
    """Run ``statement`` in the tenant's schema or file; ``{table}`` is prefixed as needed."""
    with app.app_context():
        binds = provisioning.tenant_binds()
        prefix = f'"tenant_{slug}".' if binds.uses_schemas else ""
        with tenant_engine(binds, f"tenant_{slug}").begin() as connection:
            connection.exec_driver_sql(statement.format(prefix=prefix))


def drop_customers_table(app, slug: str) -> None:
    cascade = " CASCADE" if app.config["DATABASE_URL"].startswith("postgresql") else ""
    run_sql(app, slug, "DROP TABLE {prefix}customers" + cascade)


def remove_storage(app, slug: str) -> None:
    """The tenant's schema (PostgreSQL) or file (SQLite) is gone."""
    with app.app_context():
        binds = provisioning.tenant_binds()
        binds.forget(f"tenant_{slug}")
        if binds.uses_schemas:
            with db.engine.begin() as connection:
                connection.execute(sa.schema.DropSchema(f"tenant_{slug}", cascade=True))
        else:
            binds.sqlite_path(f"tenant_{slug}").unlink()


DAMAGES = [drop_customers_table, remove_storage]


def rows_by_slug(output: str) -> dict[str, str]:
    return {line.split()[0]: line for line in output.splitlines()[1:]}


@pytest.mark.parametrize("damage", DAMAGES)
def test_list_marks_a_damaged_tenant_and_lists_the_others(
    app, runner, tenant, other_tenant, damage
):
    damage(app, "acme")
    result = runner.invoke(args=["tenants", "list"])
    assert result.exit_code == 0, result.output
    rows = rows_by_slug(result.stdout)
    assert "active, damaged" in rows["acme"]
    assert "damaged" not in rows["globex"] and "active" in rows["globex"]
    assert "acme: beschädigt" in result.stderr and "gorilla tenants check acme" in result.stderr


@pytest.mark.parametrize("damage", DAMAGES)
def test_migrate_reports_a_damaged_tenant_and_upgrades_the_others(app, runner, damage):
    for slug in ("acme", "bravo", "charlie"):
        create(runner, slug)
    make_tenants_behind(app, ["acme", "charlie"])
    damage(app, "bravo")  # at head, but no longer what the models expect
    result = runner.invoke(args=["tenants", "migrate"])
    assert result.exit_code == 1
    assert "2 aktualisiert, 0 bereits aktuell, 1 fehlgeschlagen" in result.stdout
    assert result.stderr.strip().count("\n") == 0
    assert "Migration von bravo fehlgeschlagen" in result.stderr
    revisions = current(app)
    assert revisions["acme"] == revisions["charlie"] == head_revision()


def test_check_of_healthy_tenants_reports_each_and_exits_zero(app, runner, tenant, other_tenant):
    result = runner.invoke(args=["tenants", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "acme: entspricht den Modellen",
        "globex: entspricht den Modellen",
    ]


def test_check_reports_missing_and_unexpected_tables_and_columns(app, runner, tenant, other_tenant):
    drop_customers_table(app, "acme")
    run_sql(app, "globex", "ALTER TABLE {prefix}contacts DROP COLUMN title")
    run_sql(app, "globex", "CREATE TABLE {prefix}old_notes (id INTEGER PRIMARY KEY)")
    run_sql(app, "globex", "ALTER TABLE {prefix}staff ADD COLUMN nickname VARCHAR(20)")
    result = runner.invoke(args=["tenants", "check"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "acme: Tabelle customers fehlt",
        "globex: Spalte contacts.title fehlt",
        "globex: Tabelle old_notes gehört zu keinem Modell",
        "globex: Spalte staff.nickname gehört zu keinem Modell",
    ]


def test_check_reports_a_missing_database(app, runner, tenant, other_tenant):
    remove_storage(app, "globex")
    result = runner.invoke(args=["tenants", "check"])
    assert result.exit_code == 1
    assert "globex: Datenbank fehlt" in result.stdout.splitlines()
    assert "acme: entspricht den Modellen" in result.stdout.splitlines()


def test_check_of_one_tenant_by_slug(app, runner, tenant, other_tenant):
    drop_customers_table(app, "acme")
    result = runner.invoke(args=["tenants", "check", "globex"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["globex: entspricht den Modellen"]


def test_check_of_an_unknown_tenant_fails_with_one_line(runner):
    result = runner.invoke(args=["tenants", "check", "nobody"])
    assert result.exit_code == 1
    assert "nobody" in result.stderr and result.stderr.strip().count("\n") == 0
