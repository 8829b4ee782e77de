"""Customer groups: create, rename, delete, memberships, filters and default permissions.

Default permissions rule: a new contact of a customer that is in groups with default
permissions of their own gets the union of those groups' permissions; groups without own
defaults do not count; when none of the customer's groups has any, the tenant's defaults
(Einstellungen › Kunden) apply.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, delete, exists, func, insert, select
from sqlalchemy.exc import IntegrityError

from crm.customers.models import Customer
from gorilla.audit import AuditAction, record
from gorilla.extensions import db

from .models import CustomerGroup, customer_group_members, permission_set

members = customer_group_members.c
LOOKUP_BATCH = 500


class GroupNameTaken(ValueError):
    """Another group of the tenant already has this name (in any case)."""


def name_key(name: str) -> str:
    """What makes two group names the same: trimmed, case-insensitive."""
    return " ".join(name.split()).lower()


def name_taken(name: str, except_id: int | None = None) -> bool:
    """Whether a group other than ``except_id`` has ``name`` (any case)."""
    query = select(CustomerGroup.id).where(CustomerGroup.name_key == name_key(name))
    if except_id is not None:
        query = query.where(CustomerGroup.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def all_groups() -> list[CustomerGroup]:
    """Every group of the tenant, sorted by name."""
    return list(db.session.scalars(select(CustomerGroup).order_by(CustomerGroup.name_key)))


def group_choices() -> list[tuple[int, str]]:
    """``(id, name)`` of every group, sorted by name (form choices, list filters)."""
    rows = db.session.execute(
        select(CustomerGroup.id, CustomerGroup.name).order_by(CustomerGroup.name_key)
    )
    return [(row.id, row.name) for row in rows]


def groups_with_sizes() -> list[tuple[CustomerGroup, int]]:
    """Every group with its number of customers (one query)."""
    size = func.count(members.customer_id)
    query = (
        select(CustomerGroup, size)
        .outerjoin(customer_group_members, members.group_id == CustomerGroup.id)
        .group_by(CustomerGroup.id)
        .order_by(CustomerGroup.name_key)
    )
    return [(group, count) for group, count in db.session.execute(query)]


def _check_name(name: str, except_id: int | None = None) -> str:
    name = " ".join(name.split())
    if name_taken(name, except_id):
        raise GroupNameTaken(name)
    return name


@contextmanager
def _kept_unique(name: str) -> Iterator[None]:
    """Write the block in a savepoint: a name another request took meanwhile (the unique
    index refuses it) becomes ``GroupNameTaken``, not a failed request."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise GroupNameTaken(name) from None


def create_group(name: str, permissions: Iterable[str] | None = None) -> CustomerGroup:
    """A new group; ``permissions`` ``None`` means it has no default permissions of its own."""
    group = CustomerGroup(name=_check_name(name))
    group.name_key = name_key(group.name)
    group.default_permissions = permissions
    with _kept_unique(group.name):
        db.session.add(group)
    record(AuditAction.CUSTOMER_GROUP_CREATED, subject=group, details=_described(group))
    return group


def update_group(
    group: CustomerGroup, name: str, permissions: Iterable[str] | None = None
) -> CustomerGroup:
    """Rename a group and set (or drop, ``None``) its default permissions."""
    before = _described(group)
    with _kept_unique(name):
        group.name = _check_name(name, group.id)
        group.name_key = name_key(group.name)
        group.default_permissions = permissions
    after = _described(group)
    if after != before:
        record(
            AuditAction.CUSTOMER_GROUP_CHANGED,
            subject=group,
            details={"old": before, "new": after},
        )
    return group


def delete_group(group: CustomerGroup) -> None:
    """Delete a group; its customers stay, only their membership goes."""
    record(AuditAction.CUSTOMER_GROUP_DELETED, subject=group, details=_described(group))
    db.session.execute(delete(customer_group_members).where(members.group_id == group.id))
    db.session.delete(group)
    db.session.flush()


def _described(group: CustomerGroup) -> dict:
    permissions = group.default_permissions
    return {
        "name": group.name,
        "default_permissions": None if permissions is None else sorted(permissions),
    }


def groups_by_customer(customer_ids: Iterable[int]) -> dict[int, list[CustomerGroup]]:
    """The groups of each of ``customer_ids`` sorted by name (one query for a whole page)."""
    ids = list(customer_ids)
    found: dict[int, list[CustomerGroup]] = {customer_id: [] for customer_id in ids}
    if not ids:
        return found
    rows = db.session.execute(
        select(members.customer_id, CustomerGroup)
        .join(CustomerGroup, CustomerGroup.id == members.group_id)
        .where(members.customer_id.in_(ids))
        .order_by(CustomerGroup.name_key)
    )
    for customer_id, group in rows:
        found[customer_id].append(group)
    return found


def groups_of(customer_id: int) -> list[CustomerGroup]:
    """The groups of one customer, sorted by name."""
    return groups_by_customer([customer_id])[customer_id]


def set_customer_groups(customer: Customer, group_ids: Iterable[int]) -> None:
    """Make ``customer`` a member of exactly ``group_ids`` (unknown ids are ignored); the
    change goes to the customer's activity log."""
    current = {group.id: group for group in groups_of(customer.id)}
    wanted = set(group_ids)
    if wanted == set(current):
        return
    chosen = {
        group.id: group
        for group in db.session.scalars(select(CustomerGroup).where(CustomerGroup.id.in_(wanted)))
    }
    added, removed = set(chosen) - set(current), set(current) - set(chosen)
    if removed:
        db.session.execute(
            delete(customer_group_members).where(
                members.customer_id == customer.id, members.group_id.in_(removed)
            )
        )
    if added:
        db.session.execute(
            insert(customer_group_members),
            [{"customer_id": customer.id, "group_id": group_id} for group_id in sorted(added)],
        )
    if added or removed:
        names = {group_id: group.name for group_id, group in (current | chosen).items()}
        details = {
            "added": sorted(names[group_id] for group_id in added),
            "removed": sorted(names[group_id] for group_id in removed),
        }
        record(
            AuditAction.CUSTOMER_GROUPS_CHANGED,
            subject=customer,
            customer_id=customer.id,
            details=details,
        )


def in_group(customer_id: ColumnElement[int], group_id: int) -> ColumnElement[bool]:
    """A condition: the customer ``customer_id`` (a column) is a member of ``group_id``."""
    return exists().where(members.customer_id == customer_id, members.group_id == group_id)


def group_default_permissions(customer_id: int) -> set[str] | None:
    """The union of the default permissions of the customer's groups that have their own
    (``None`` when none of its groups has any: then the tenant's defaults apply)."""
    return groups_default_permissions([customer_id]).get(customer_id)


def groups_default_permissions(customer_ids: Iterable[int]) -> dict[int, set[str]]:
    """``group_default_permissions`` of many customers (one query per ``LOOKUP_BATCH``):
    only the customers that have a group with its own defaults are keys."""
    ids = sorted(set(customer_ids))
    found: dict[int, set[str]] = {}
    for start in range(0, len(ids), LOOKUP_BATCH):
        rows = db.session.execute(
            select(members.customer_id, CustomerGroup.default_permission_list)
            .join(customer_group_members, members.group_id == CustomerGroup.id)
            .where(
                members.customer_id.in_(ids[start : start + LOOKUP_BATCH]),
                CustomerGroup.default_permission_list.is_not(None),
            )
        )
        for customer_id, value in rows:
            found.setdefault(customer_id, set()).update(permission_set(value))
    return found
