"""Operating a Citus cluster: `gorilla cluster status`, `tenants move`, `tenants rebalance`."""

import threading
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from gorilla.extensions import db
from tests.conftest import PG_URL, database_has_citus

citus_only = pytest.mark.citus_only


def placement(app, tenant) -> str:
    """``HOST:PORT`` of the one worker that holds every table of ``tenant``."""
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT DISTINCT sh.nodename, sh.nodeport FROM citus_shards sh"
                " JOIN citus_schemas s USING (colocation_id)"
                " WHERE s.schema_name = CAST(:schema AS regnamespace)"
            ),
            {"schema": tenant.schema_name},
        ).all()
    assert len(rows) == 1, rows
    return f"{rows[0][0]}:{rows[0][1]}"


def workers(app) -> list[str]:
    """The active workers as ``HOST:PORT``."""
    with app.app_context():
        rows = db.session.execute(
            sa.text("SELECT node_name, node_port FROM citus_get_active_worker_nodes()")
        )
        return sorted(f"{host}:{port}" for host, port in rows)


def other_worker(app, tenant) -> str:
    """A worker that does not hold ``tenant``."""
    return next(node for node in workers(app) if node != placement(app, tenant))


def move(runner, slug: str, node: str):
    return runner.invoke(args=["tenants", "move", slug, "--node", node])


@contextmanager
def worker_setting(node: str, setting: str, value: str):
    """``ALTER DATABASE … SET`` on one worker for the duration of the block."""
    host, port = node.rsplit(":", 1)
    engine = sa.create_engine(
        sa.engine.make_url(PG_URL).set(host=host, port=int(port)), isolation_level="AUTOCOMMIT"
    )
    database = engine.url.database
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SET citus.enable_ddl_propagation = off")  # worker only
            connection.exec_driver_sql(f'ALTER DATABASE "{database}" SET {setting} = {value}')
        yield
    finally:
        with engine.connect() as connection:
            connection.exec_driver_sql("SET citus.enable_ddl_propagation = off")
            connection.exec_driver_sql(f'ALTER DATABASE "{database}" RESET {setting}')
        engine.dispose()


@pytest.mark.parametrize(
    "command",
    [["cluster", "status"], ["tenants", "move", "acme", "--node", "h:1"], ["tenants", "rebalance"]],
)
def test_cluster_commands_without_citus_say_so(runner, tenant, command):
    if database_has_citus():
        pytest.skip("the test database has Citus")
    result = runner.invoke(args=command)
    assert result.exit_code == 1
    assert result.stderr == "Error: Citus ist in dieser Datenbank nicht installiert.\n"


@citus_only
def test_status_lists_both_workers_with_their_tenants_and_sizes(app, runner, tenant, other_tenant):
    result = runner.invoke(args=["cluster", "status"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NODE", "ROLE", "TENANTS", "SIZE"]
    held = {node: 0 for node in workers(app)}
    for info in (tenant, other_tenant):
        held[placement(app, info)] += 1
    for node, count in held.items():
        row = next(line.split() for line in lines if line.startswith(node))
        assert row[1:3] == ["worker", str(count)]
    for info in (tenant, other_tenant):
        row = next(line.split() for line in lines if line.startswith(f"{info.slug} "))
        assert row[1] == placement(app, info)
        assert row[3] in ("kB", "MB")  # an empty tenant's tables and indexes: about 1–2 MB


@citus_only
def test_move_puts_the_tenant_on_the_other_worker_and_it_keeps_serving(
    app, runner, tenant, staff_client
):
    source, target = placement(app, tenant), other_worker(app, tenant)
    result = move(runner, "acme", target)
    assert result.exit_code == 0, result.output
    assert f"wird von {source} nach {target} verschoben" in result.stdout
    assert f"acme liegt jetzt auf {target}" in result.stdout
    assert placement(app, tenant) == target
    assert staff_client.get("/admin/customers").status_code == 200


@citus_only
@pytest.mark.parametrize(
    "slug, node, message",
    [
        ("nobody", "OTHER", "Es gibt keinen Mandanten 'nobody'."),
        ("acme", "127.0.0.1:1", "Es gibt keinen Worker 127.0.0.1:1; Worker: "),
        ("acme", "worker-ohne-port", "Knoten als HOST:PORT angeben, nicht worker-ohne-port."),
        ("acme", "SAME", "Mandant acme liegt bereits auf SAME."),
    ],
)
def test_move_refusals_are_one_line(app, runner, tenant, slug, node, message):
    source = placement(app, tenant)
    node = node.replace("OTHER", other_worker(app, tenant)).replace("SAME", source)
    result = move(runner, slug, node)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert message.replace("SAME", source) in result.stderr
    assert placement(app, tenant) == source


@citus_only
def test_move_is_refused_while_a_worker_commits_without_waiting_for_the_disk(app, runner, tenant):
    source, target = placement(app, tenant), other_worker(app, tenant)
    with worker_setting(target, "synchronous_commit", "off"):
        result = move(runner, "acme", target)
    assert result.exit_code == 1
    assert f"synchronous_commit ist auf {target} ausgeschaltet" in result.stderr
    assert placement(app, tenant) == source


@citus_only
def test_rebalance_spreads_tenants_over_the_workers_and_reports_the_moves(
    app, runner, tenant, other_tenant
):
    crowded = placement(app, tenant)
    if placement(app, other_tenant) != crowded:
        assert move(runner, other_tenant.slug, crowded).exit_code == 0
    result = runner.invoke(args=["tenants", "rebalance"])
    assert result.exit_code == 0, result.output
    assert "1 von 1 Verschiebungen erledigt" in result.stdout
    assert "Mandanten verschoben: 1." in result.stdout
    assert sorted([placement(app, tenant), placement(app, other_tenant)]) == workers(app)
    moved = next(info for info in (tenant, other_tenant) if placement(app, info) != crowded)
    assert f"{moved.slug}: {crowded} → {placement(app, moved)}" in result.stdout
    again = runner.invoke(args=["tenants", "rebalance"])
    assert again.exit_code == 0, again.output
    assert "Nichts zu verschieben" in again.stdout


@citus_only
def test_no_acknowledged_write_is_lost_when_a_tenant_moves_under_load(
    app, runner, tenant, staff_client
):
    token = staff_client.csrf("/admin/customers/new")
    acknowledged: list[int] = []
    failures: list[object] = []
    warmed_up, moved = threading.Event(), threading.Event()

    def write_until_moved_and_three_more():
        writes_after_move = 0
        try:
            while writes_after_move < 3 and len(failures) < 5:
                after_move = moved.is_set()
                number = len(acknowledged) + len(failures)
                response = staff_client.post(
                    "/admin/customers/new", data={"csrf_token": token, "company": f"Firma {number}"}
                )
                if response.status_code == 303:
                    acknowledged.append(int(response.headers["Location"].rsplit("/", 1)[1]))
                else:
                    failures.append(response.status_code)
                writes_after_move += after_move
                if len(acknowledged) >= 5:
                    warmed_up.set()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            warmed_up.set()

    writer = threading.Thread(target=write_until_moved_and_three_more)
    writer.start()
    try:
        assert warmed_up.wait(timeout=120)
        before = len(acknowledged)
        result = move(runner, "acme", other_worker(app, tenant))
        during = len(acknowledged) - before
    finally:
        moved.set()
        writer.join(timeout=120)
    assert result.exit_code == 0, result.output
    assert not writer.is_alive()
    assert failures == []
    assert during > 0, "no write was acknowledged while the tenant moved"
    with app.app_context():
        stored = set(
            db.session.scalars(sa.text(f'SELECT id FROM "{tenant.schema_name}".customers'))
        )
    assert set(acknowledged) <= stored
    assert len(acknowledged) >= before + during + 3
