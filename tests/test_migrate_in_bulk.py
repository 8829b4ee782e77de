"""``tenants migrate`` reads every tenant's revision in bulk and starts Alembic only for tenants
behind head; tenants at head are checked against the models in bulk and still reported when
damaged."""

import logging

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tenants.migrations import head_revision
from tests.test_cli_damaged_tenants import run_sql
from tests.test_cli_tenants import create, current, make_tenants_behind


def migrate(runner, caplog):
    """Run ``tenants migrate``; its result, the tenants Alembic ran on and the statements sent
    through SQLAlchemy engines."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    caplog.clear()
    event.listen(Engine, "before_cursor_execute", record)
    try:
        with caplog.at_level(logging.INFO, logger="alembic.runtime.migration"):
            result = runner.invoke(args=["tenants", "migrate"])
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    alembic_runs = [r for r in caplog.records if r.getMessage().startswith("Context impl")]
    return result, len(alembic_runs), statements


def test_migrate_runs_alembic_only_for_the_tenant_behind_head(app, runner, caplog):
    for slug in ("acme", "bravo", "charlie"):
        create(runner, slug)
    make_tenants_behind(app, ["bravo"])
    result, alembic_runs, _ = migrate(runner, caplog)
    assert result.exit_code == 0, result.output
    assert "1 aktualisiert, 2 bereits aktuell, 0 fehlgeschlagen" in result.stdout
    assert alembic_runs == 1
    assert set(current(app).values()) == {head_revision()}


def test_noop_migrate_sends_as_many_statements_for_five_tenants_as_for_two(
    app, runner, caplog, tenant, other_tenant
):
    result, alembic_runs, two = migrate(runner, caplog)
    assert "0 aktualisiert, 2 bereits aktuell, 0 fehlgeschlagen" in result.stdout
    for slug in ("bravo", "charlie", "delta"):
        create(runner, slug)
    result, alembic_runs, five = migrate(runner, caplog)
    assert result.exit_code == 0, result.output
    assert "0 aktualisiert, 5 bereits aktuell, 0 fehlgeschlagen" in result.stdout
    assert alembic_runs == 0
    assert len(five) == len(two)


@pytest.mark.parametrize(
    "statement", ["DROP TABLE {prefix}alembic_version", "DELETE FROM {prefix}alembic_version"]
)
def test_tenant_without_a_version_is_reported_not_skipped(app, runner, caplog, statement):
    for slug in ("acme", "bravo", "charlie"):
        create(runner, slug)
    run_sql(app, "bravo", statement)
    result, _, _ = migrate(runner, caplog)
    assert result.exit_code == 1
    assert "0 aktualisiert, 2 bereits aktuell, 1 fehlgeschlagen" in result.stdout
    assert "Migration von bravo fehlgeschlagen" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_tenant_at_head_missing_a_column_is_reported(app, runner, caplog, tenant, other_tenant):
    run_sql(app, "globex", "ALTER TABLE {prefix}customers DROP COLUMN website")
    result, alembic_runs, _ = migrate(runner, caplog)
    assert result.exit_code == 1
    assert "0 aktualisiert, 1 bereits aktuell, 1 fehlgeschlagen" in result.stdout
    assert "globex" in result.stderr and "customers.website" in result.stderr
    assert alembic_runs == 0
