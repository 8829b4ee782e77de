"""Customer groups and their members (tenant tables)."""

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from crm.contacts.models import PERMISSIONS, Permission
from tenants.model_base import TenantModel

MAX_NAME = 100


def permission_set(value: str) -> set[str]:
    """The known permissions of a stored comma-separated list."""
    return {name for name in value.split(",") if name in PERMISSIONS}


# Which customer is in which group; deleting a customer or a group removes its rows.
customer_group_members = Table(
    "customer_group_members",
    TenantModel.metadata,
    Column(
        "customer_id",
        Integer,
        ForeignKey("customers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "group_id",
        Integer,
        ForeignKey("customer_groups.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Index("ix_customer_group_members_group_id", "group_id", "customer_id"),
)


class CustomerGroup(TenantModel):
    """A tag for customers (Kundengruppe); ``name_key`` keeps names unique in any case.

    ``default_permission_list`` is ``None`` when the group has no default permissions of its
    own, else the comma-separated permissions a new contact of a member customer gets.
    """

    __tablename__ = "customer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    name_key: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    default_permission_list: Mapped[str | None] = mapped_column(
        "default_permissions", String(100), nullable=True
    )

    @property
    def audit_label(self) -> str:
        """How the audit log names the group."""
        return self.name

    @property
    def has_default_permissions(self) -> bool:
        """Whether the group overrides the tenant's default permissions."""
        return self.default_permission_list is not None

    @property
    def default_permissions(self) -> set[str] | None:
        """The group's own default permissions (``None``: the group has none)."""
        if self.default_permission_list is None:
            return None
        return permission_set(self.default_permission_list)

    @property
    def default_permission_labels(self) -> list[str]:
        """The translated names of the group's default permissions, in the usual order."""
        own = self.default_permissions or set()
        return [str(Permission.label_of(name)) for name in PERMISSIONS if name in own]

    @default_permissions.setter
    def default_permissions(self, names) -> None:
        if names is None:
            self.default_permission_list = None
        else:
            chosen = set(names)
            self.default_permission_list = ",".join(n for n in PERMISSIONS if n in chosen)
