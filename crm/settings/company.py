"""Settings › Firma: saving the company profile and its logo (read it with
``tenants.company.company_profile``)."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from crm.contacts.pictures import Picture
from gorilla.storage import delete_upload, save_upload
from gorilla.unit_of_work import on_commit, on_rollback
from tenants.company import CompanyProfile, company_profile
from tenants.settings import set_setting

from .branding import forget_brand

TEXT_KEYS = (
    "company_name", "street", "zip", "city", "country", "phone", "email", "website",
    "managing_directors", "commercial_register", "register_court", "vat_id", "tax_number",
    "bank_name", "iban", "bic", "payment_terms", "footer_text", "email_signature",
    "invoice_prefix", "estimate_prefix", "credit_note_prefix", "estimate_reminder_days",
    "default_language",
)  # fmt: skip


def save_company(
    values: Mapping[str, Any], *, brand_color: str, small_business: bool,
    picture: Picture | None = None, remove_logo: bool = False,
) -> CompanyProfile:  # fmt: skip
    """Store the profile in the caller's transaction; a new logo replaces the old one (the
    old file goes once the change is committed, the new one if it is not)."""
    old_logo = company_profile().logo
    for key in TEXT_KEYS:
        set_setting(key, (values.get(key) or "").strip())
    set_setting("brand_color", brand_color)
    set_setting("small_business", bool(small_business))
    if picture is not None:
        stored = save_upload(picture.data, picture.extension)
        on_rollback(partial(delete_upload, stored))
        set_setting("logo", stored)
    elif remove_logo:
        set_setting("logo", "")
    if old_logo and (picture is not None or remove_logo):
        on_commit(partial(delete_upload, old_logo))
    on_commit(forget_brand)
    return company_profile()
