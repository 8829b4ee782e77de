"""Settings forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from crm.contacts.forms import PERMISSION_LABELS
from crm.contacts.models import PERMISSIONS
from gorilla.forms import MultiCheckboxField, choices


class CustomerSettingsForm(FlaskForm):
    """Settings › Customers: what every new contact may see in the customer area."""

    default_contact_permissions = MultiCheckboxField(
        _l("Default permissions of new contacts"),
        choices=choices((name, PERMISSION_LABELS[name]) for name in PERMISSIONS),
    )
