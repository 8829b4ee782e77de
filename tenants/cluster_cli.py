"""Operator commands for a Citus cluster: ``gorilla cluster status``, ``gorilla tenants move``
and ``gorilla tenants rebalance``."""

import threading
import time
from collections.abc import Iterable, Sequence

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import format_decimal
from flask_babel import gettext as _

from gorilla.extensions import db
from gorilla.unit_of_work import commit_now
from tenants import citus
from tenants.cli import fail, tenants_cli
from tenants.models import Tenant
from tenants.provisioning import ProvisioningError, get_tenant

# How often ``tenants move`` and ``tenants rebalance`` ask Citus how far they have come.
POLL_SECONDS = 0.5

mode_option = click.option(
    "--mode",
    type=click.Choice(citus.TRANSFER_MODES),
    default="auto",
    show_default=True,
    help="Shard transfer mode: auto keeps the tenant writable until the final switch-over.",
)


def init_app(app: Flask) -> None:
    """Add ``gorilla cluster`` and the ``tenants move|rebalance`` commands."""
    tenants_cli.add_command(move_command)
    tenants_cli.add_command(rebalance_command)
    app.cli.add_command(cluster_cli)


def coordinator() -> sa.Connection:
    """The session's connection to the Citus coordinator; one line on stderr without Citus."""
    connection = db.session.connection()
    try:
        citus.require_citus(connection)
    except citus.CitusError as error:
        fail(error)
    return connection


def tenant_placements(connection: sa.Connection) -> dict[str, citus.Placement]:
    """Node and size of every tenant, by slug."""
    tenants = db.session.execute(sa.select(Tenant.slug, Tenant.schema_name)).all()
    found = citus.placements(connection, [schema for _slug, schema in tenants])
    return {slug: found[schema] for slug, schema in sorted(tenants)}


def human_size(size: float) -> str:
    """``568 kB``-style size in the user's language."""
    units = ("bytes", "kB", "MB", "GB", "TB")
    power = 0
    while size >= 1024 and power < len(units) - 1:
        size /= 1024
        power += 1
    return f"{format_decimal(size, format='#,##0.#')} {units[power]}"


def print_table(headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Left-aligned columns separated by two spaces."""
    lines = [headers, *([str(cell) for cell in row] for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    for line in lines:
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


@click.group("cluster", help="Inspect the Citus cluster the tenants are spread over.")
def cluster_cli():
    """Citus cluster commands."""


@cluster_cli.command("status")
@with_appcontext
def status_command():
    """Nodes of the cluster with their tenants and sizes, then every tenant's node."""
    connection = coordinator()
    nodes = citus.cluster_nodes(connection)
    where = tenant_placements(connection)
    node_rows = []
    for node in nodes:
        held = [placement for placement in where.values() if placement.node == node]
        role = "coordinator" if node.is_coordinator else "worker"
        size = human_size(sum(placement.size for placement in held))
        node_rows.append((node, role, len(held), size))
    print_table(("NODE", "ROLE", "TENANTS", "SIZE"), node_rows)
    click.echo()
    tenant_rows = [
        (slug, citus.node_label(placement), human_size(placement.size))
        for slug, placement in where.items()
    ]
    print_table(("TENANT", "NODE", "SIZE"), tenant_rows)


@click.command("move")
@click.argument("slug")
@click.option("--node", "address", required=True, metavar="HOST:PORT", help="Target worker.")
@mode_option
@with_appcontext
def move_command(slug, address, mode):
    """Move tenant SLUG with all its tables to another worker while it keeps serving."""
    connection = coordinator()
    try:
        tenant = get_tenant(slug).info()
        target = citus.find_node(connection, address)
        source = citus.check_move(connection, tenant, target)
    except (ProvisioningError, citus.CitusError) as error:
        fail(error)
    commit_now()
    click.echo(
        _(
            "Moving %(slug)s (%(size)s) from %(source)s to %(target)s (mode %(mode)s) …",
            slug=tenant.slug,
            size=human_size(source.size),
            source=source.node,
            target=target,
            mode=mode,
        )
    )
    started = time.perf_counter()
    try:
        move_showing_progress(tenant.schema_name, target, mode)
    except sa.exc.DBAPIError as error:
        fail(_("Moving %(slug)s failed: %(error)s", slug=tenant.slug, error=first_line(error)))
    seconds = time.perf_counter() - started
    click.echo(
        _(
            "%(slug)s is now on %(node)s (%(seconds).1f s).",
            slug=tenant.slug,
            node=target,
            seconds=seconds,
        )
    )


def move_showing_progress(schema: str, target: citus.Node, mode: str) -> None:
    """Move ``schema`` on its own connection; meanwhile print how far Citus has copied it."""
    engine, failures = db.engine, []

    def move():
        try:
            with engine.begin() as connection:
                citus.move_schema(connection, schema, target, mode)
        except sa.exc.DBAPIError as error:
            failures.append(error)

    mover = threading.Thread(target=move, name=f"move {schema}", daemon=True)
    mover.start()
    shown = None
    while True:
        mover.join(POLL_SECONDS)
        if not mover.is_alive():
            break
        progress = citus.move_progress(db.session.connection(), schema)
        commit_now()
        if progress is not None and progress != shown:
            stage, copied, size = progress
            click.echo(
                _(
                    "  %(stage)s: %(copied)s of %(size)s",
                    stage=stage,
                    copied=human_size(copied),
                    size=human_size(size),
                )
            )
            shown = progress
    if failures:
        raise failures[0]


@click.command("rebalance")
@mode_option
@with_appcontext
def rebalance_command(mode):
    """Spread the tenants evenly over the workers and wait until every move is done."""
    before = tenant_placements(coordinator())
    try:
        job = citus.start_rebalance(db.session.connection(), mode)
        commit_now()
    except sa.exc.DBAPIError as error:
        db.session.rollback()
        fail(_("The rebalance did not start: %(error)s", error=first_line(error)))
    if job is None:
        click.echo(_("Nothing to move: the tenants are spread evenly."))
        return
    click.echo(_("Rebalance job %(job)d started.", job=job))
    started = time.perf_counter()
    state = wait_for_rebalance(job)
    if state != "finished":
        fail(
            _(
                "Rebalance job %(job)d ended as %(state)s; see SELECT * FROM"
                " citus_rebalance_status().",
                job=job,
                state=state,
            )
        )
    after = tenant_placements(coordinator())
    moved = [slug for slug in after if slug in before and after[slug].node != before[slug].node]
    for slug in moved:
        click.echo(f"{slug}: {before[slug].node} → {after[slug].node}")
    click.echo(
        _(
            "Rebalance finished in %(seconds).1f s; tenants moved: %(moved)d.",
            moved=len(moved),
            seconds=time.perf_counter() - started,
        )
    )


def wait_for_rebalance(job: int) -> str:
    """Poll rebalance job ``job``, printing each change of its progress; its final state."""
    shown = None
    while True:
        state, counts = citus.rebalance_state(db.session.connection(), job)
        commit_now()
        progress = (counts.get("done", 0), sum(counts.values()))
        if progress != shown:
            click.echo(_("%(done)d of %(total)d moves done", done=progress[0], total=progress[1]))
            shown = progress
        if state in citus.JOB_ENDED:
            return state
        time.sleep(POLL_SECONDS)


def first_line(error: sa.exc.DBAPIError) -> str:
    """The database's own message of ``error``, first line only."""
    return str(error.orig).splitlines()[0]
