"""The customer group form (create and edit on Einstellungen › Kundengruppen)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from crm.contacts.models import Permission
from gorilla.forms import AppForm, MultiCheckboxField, choices

from .models import MAX_NAME, CustomerGroup
from .service import name_taken


class CustomerGroupForm(AppForm):
    """Name (unique in any case) and optional default permissions of a group."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Please enter a name for the group.")),
            Length(max=MAX_NAME, message=_l("At most %(max)d characters, please.")),
        ],
    )
    has_default_permissions = BooleanField(_l("Own default permissions for new contacts"))
    default_permissions = MultiCheckboxField(
        _l("Default permissions"), choices=choices(Permission.choices())
    )

    def __init__(self, *args, group: CustomerGroup | None = None, **kwargs):
        if group is not None:
            kwargs.setdefault("name", group.name)
            kwargs.setdefault("has_default_permissions", group.has_default_permissions)
            kwargs.setdefault("default_permissions", sorted(group.default_permissions or ()))
        super().__init__(*args, **kwargs)
        self.group = group

    def validate_name(self, field) -> None:
        """Unique within the tenant, case-insensitively."""
        if name_taken(field.data or "", self.group.id if self.group else None):
            raise ValidationError(_l("A group with this name already exists."))

    @property
    def permissions(self) -> set[str] | None:
        """The ticked default permissions, ``None`` when the group has none of its own."""
        if not self.has_default_permissions.data:
            return None
        return set(self.default_permissions.data or ())
