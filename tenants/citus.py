"""Where tenants live on a Citus cluster and moving them: behind ``gorilla cluster status``
and ``gorilla tenants move|rebalance``.

Each tenant schema is a Citus *distributed schema*: all its tables are single-shard tables of one
colocation group placed on one worker. Everything here runs on the coordinator, in the caller's
connection.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from tenants.distribution import has_citus
from tenants.models import TenantInfo

# How shards are copied: ``auto`` streams the changes made during the copy (logical
# replication, needs ``wal_level = logical``) and blocks writes only for the final switch-over;
# ``block_writes`` blocks the tenant's writes for the whole copy.
TRANSFER_MODES = ("auto", "force_logical", "block_writes")
# Values of ``synchronous_commit`` under which ``citus_schema_move`` lost acknowledged writes.
UNSAFE_SYNCHRONOUS_COMMIT = ("off",)
# Rebalance jobs in these states will not change any more.
JOB_ENDED = ("finished", "cancelled", "failed")


class CitusError(RuntimeError):
    """A cluster operation refused or failed; ``str(error)`` is a one-line reason."""


@dataclass(frozen=True)
class Node:
    """One PostgreSQL server of the cluster, as Citus names it."""

    host: str
    port: int
    is_coordinator: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class Placement:
    """Where one tenant schema lives and how many bytes its tables take there."""

    node: Node
    size: int
    distributed: bool


def require_citus(connection: sa.Connection) -> None:
    """Raise :class:`CitusError` unless the database is a Citus coordinator."""
    if not has_citus(connection):
        raise CitusError(_("Citus is not installed on this database."))


def cluster_nodes(connection: sa.Connection) -> list[Node]:
    """The coordinator and the active primary workers, coordinator first."""
    rows = connection.execute(
        sa.text(
            "SELECT nodename, nodeport, groupid = 0 FROM pg_dist_node"
            " WHERE isactive AND noderole = 'primary' ORDER BY groupid, nodename, nodeport"
        )
    )
    return [Node(host, port, is_coordinator) for host, port, is_coordinator in rows]


def coordinator_node(connection: sa.Connection) -> Node:
    """The coordinator as registered in Citus, else as this connection reaches it."""
    for node in cluster_nodes(connection):
        if node.is_coordinator:
            return node
    url = connection.engine.url
    return Node(url.host or "localhost", url.port or 5432, is_coordinator=True)


def find_node(connection: sa.Connection, address: str) -> Node:
    """The worker named ``HOST:PORT`` exactly as Citus knows it, else :class:`CitusError`."""
    host, _sep, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise CitusError(_("Give the node as HOST:PORT, not %(node)s.", node=address))
    workers = [node for node in cluster_nodes(connection) if not node.is_coordinator]
    for node in workers:
        if (node.host, node.port) == (host, int(port)):
            return node
    raise CitusError(
        _(
            "There is no worker %(node)s; workers: %(workers)s.",
            node=address,
            workers=", ".join(map(str, workers)),
        )
    )


def placements(connection: sa.Connection, schemas: list[str]) -> dict[str, Placement]:
    """Node and size of each schema; schemas that are not distributed stay on the coordinator."""
    rows = connection.execute(
        sa.text(
            "SELECT s.schema_name::text, sh.nodename, sh.nodeport, sum(sh.shard_size)"
            " FROM citus_schemas s JOIN citus_shards sh USING (colocation_id)"
            " GROUP BY 1, 2, 3"
        )
    )
    found = {
        schema: Placement(Node(host, port), int(size), distributed=True)
        for schema, host, port, size in rows
    }
    coordinator = coordinator_node(connection)
    for schema in set(schemas) - set(found):
        found[schema] = Placement(coordinator, local_size(connection, schema), distributed=False)
    return {schema: found[schema] for schema in schemas}


def node_label(placement: Placement) -> str:
    """The node of a placement, marked when the tenant was never distributed."""
    if placement.distributed:
        return str(placement.node)
    return _("%(node)s (not distributed)", node=placement.node)


def schema_nodes(connection: sa.Connection, schemas: list[str]) -> dict[str, str] | None:
    """Label of the node holding each of ``schemas`` (``tenants list``); None without Citus."""
    if not has_citus(connection):
        return None
    return {
        schema: node_label(placement)
        for schema, placement in placements(connection, schemas).items()
    }


def local_size(connection: sa.Connection, schema: str) -> int:
    """Bytes of the tables (with indexes and TOAST) of a schema kept on this server."""
    query = sa.text(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm')"
    )
    return int(connection.scalar(query, {"schema": schema}))


def check_move(connection: sa.Connection, tenant: TenantInfo, target: Node) -> Placement:
    """Where ``tenant`` is now; :class:`CitusError` when moving it to ``target`` is refused.

    Refused: a tenant whose schema is not distributed, a move to the node that holds it, and
    any move while a worker runs with ``synchronous_commit`` off (writes acknowledged during a
    move were lost that way).
    """
    placement = placements(connection, [tenant.schema_name])[tenant.schema_name]
    if not placement.distributed:
        raise CitusError(
            _("Tenant %(slug)s is not distributed: it stays on the coordinator.", slug=tenant.slug)
        )
    if placement.node == target:
        raise CitusError(
            _("Tenant %(slug)s is already on %(node)s.", slug=tenant.slug, node=target)
        )
    if unsafe := workers_without_durable_commits(connection):
        raise CitusError(
            _(
                "Refusing to move: synchronous_commit is off on %(nodes)s, so writes"
                " acknowledged during the move could be lost.",
                nodes=", ".join(unsafe),
            )
        )
    return placement


def workers_without_durable_commits(connection: sa.Connection) -> list[str]:
    """Workers (``HOST:PORT``) whose sessions run with ``synchronous_commit`` off."""
    rows = connection.execute(
        sa.text(
            "SELECT nodename, nodeport, success, result"
            " FROM run_command_on_workers('SHOW synchronous_commit')"
        )
    )
    unsafe = []
    for host, port, success, result in rows:
        if not success:
            raise CitusError(
                _("Worker %(node)s did not answer: %(error)s", node=f"{host}:{port}", error=result)
            )
        if result in UNSAFE_SYNCHRONOUS_COMMIT:
            unsafe.append(f"{host}:{port}")
    return unsafe


def move_schema(connection: sa.Connection, schema: str, node: Node, mode: str) -> None:
    """Move a distributed schema with all its tables to ``node`` (``citus_schema_move``)."""
    connection.execute(
        sa.text("SELECT citus_schema_move(CAST(:schema AS regnamespace), :host, :port, :mode)"),
        {"schema": schema, "host": node.host, "port": node.port, "mode": mode},
    )


def move_progress(connection: sa.Connection, schema: str) -> tuple[str, int, int] | None:
    """Stage, bytes copied and bytes to copy of a running move of ``schema``; None if none."""
    row = connection.execute(
        sa.text(
            "SELECT string_agg(DISTINCT p.status, ', '), sum(p.target_shard_size),"
            " sum(p.source_shard_size) FROM get_rebalance_progress() p"
            " JOIN pg_class c ON c.oid = p.table_name"
            " WHERE c.relnamespace = CAST(:schema AS regnamespace)"
        ),
        {"schema": schema},
    ).one()
    return None if row[0] is None else (row[0], int(row[1] or 0), int(row[2] or 0))


def start_rebalance(connection: sa.Connection, mode: str) -> int | None:
    """Schedule a background rebalance job; its id, or None when nothing needs to move."""
    return connection.scalar(
        sa.text("SELECT citus_rebalance_start(shard_transfer_mode => :mode)"), {"mode": mode}
    )


def rebalance_state(connection: sa.Connection, job_id: int) -> tuple[str, dict[str, int]]:
    """State of rebalance job ``job_id`` and its task counts by state (``done``, ``running``…)."""
    row = connection.execute(
        sa.text(
            "SELECT state::text, details -> 'task_state_counts'"
            " FROM citus_rebalance_status() WHERE job_id = :job"
        ),
        {"job": job_id},
    ).one_or_none()
    if row is None:
        raise CitusError(_("Rebalance job %(job)d has vanished.", job=job_id))
    return row[0], dict(row[1] or {})
