"""Default settings written into every new tenant."""

from sqlalchemy.orm import Session

from crm.contacts.models import PERMISSIONS
from gorilla.i18n import DEFAULT_LANGUAGE
from tenants.models import TenantInfo
from tenants.provisioning import ProvisionRequest
from tenants.settings import set_setting

DEFAULT_SETTINGS = {
    "default_language": DEFAULT_LANGUAGE.value,
    "currency": "EUR",
    "invoice_prefix": "RE-",
    "estimate_prefix": "AN-",
    "credit_note_prefix": "GS-",
    "estimate_reminder_days": "3",
    "default_contact_permissions": list(PERMISSIONS),
}


def seed_settings(session: Session, tenant: TenantInfo, request: ProvisionRequest) -> None:
    """Provisioning seeder: company name and defaults."""
    set_setting("company_name", tenant.name, session=session)
    for key, value in DEFAULT_SETTINGS.items():
        set_setting(key, request.language if key == "default_language" else value, session)
