"""The agency's company profile (Settings › Firma), read from the tenant's settings.

It sits beside ``tenants.settings`` so that every layer may read it: the settings page writes
it, invoices and PDFs print it, emails show its logo and address and answer to its address.
"""

import json
from dataclasses import dataclass, fields

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from gorilla.extensions import db
from gorilla.pdf import Letterhead
from gorilla.storage import upload_path

from .settings import Setting
from .urls import tenant_url_for

LOGO_ENDPOINT = "brand.logo"


@dataclass(frozen=True)
class CompanyProfile:
    """Every field of Settings › Firma (empty strings where nothing was entered)."""

    company_name: str = ""
    street: str = ""
    zip: str = ""
    city: str = ""
    country: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    managing_directors: str = ""
    commercial_register: str = ""
    register_court: str = ""
    vat_id: str = ""
    tax_number: str = ""
    bank_name: str = ""
    iban: str = ""
    bic: str = ""
    footer_text: str = ""
    payment_terms: str = ""
    brand_color: str = ""
    logo: str = ""  # stored upload name (``gorilla.storage``)
    small_business: bool = False  # § 19 UStG: no VAT on invoices
    company_address: str = ""  # free text of earlier versions; used while ``street`` is empty

    @property
    def address_lines(self) -> tuple[str, ...]:
        """Street, zip and city, country: the lines of a letter's address."""
        if not self.street and self.company_address:
            return tuple(line.strip() for line in self.company_address.splitlines() if line.strip())
        place = f"{self.zip} {self.city}".strip()
        return tuple(line for line in (self.street, place, self.country) if line)

    @property
    def address(self) -> str:
        """The address on one line: ``Hauptstr. 1, 50667 Köln, Deutschland``."""
        return ", ".join(self.address_lines)

    @property
    def tax_id(self) -> str:
        """What § 14 UStG asks for: the VAT ID, else the tax number."""
        return self.vat_id or self.tax_number


PROFILE_KEYS = tuple(field.name for field in fields(CompanyProfile))


def company_profile() -> CompanyProfile:
    """The current tenant's profile in one query; the name defaults to the tenant's."""
    rows = db.session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_(PROFILE_KEYS))
    ).all()
    values = {key: json.loads(raw) for key, raw in rows if raw is not None}
    values = {key: value for key, value in values.items() if value is not None}
    values["company_name"] = values.get("company_name") or g.tenant.name
    return CompanyProfile(**values)


def logo_url(profile: CompanyProfile) -> str:
    """The logo's absolute address (for emails), or ``""`` without a logo; the stored name
    in the query makes a new logo a new address, so no client keeps showing the old one."""
    if not profile.logo:
        return ""
    return tenant_url_for(LOGO_ENDPOINT, g.tenant.slug, v=profile.logo.split(".")[0][:8])


def letterhead(profile: CompanyProfile | None = None) -> Letterhead:
    """The profile as the head and foot of every PDF page (``gorilla.pdf``): address, contact,
    legal, tax and bank lines, and the footer text."""
    profile = profile or company_profile()
    contact = (profile.company_name, *profile.address_lines, profile.phone, profile.email)
    legal = (
        _("Managing directors: %(names)s", names=profile.managing_directors)
        if profile.managing_directors
        else "",
        ", ".join(filter(None, (profile.commercial_register, profile.register_court))),
        _("VAT ID: %(id)s", id=profile.vat_id) if profile.vat_id else "",
        _("Tax number: %(number)s", number=profile.tax_number) if profile.tax_number else "",
        profile.website,
    )
    bank = (
        profile.bank_name,
        f"IBAN: {profile.iban}" if profile.iban else "",
        f"BIC: {profile.bic}" if profile.bic else "",
        profile.footer_text,
    )
    return Letterhead(
        name=profile.company_name,
        address_lines=profile.address_lines,
        logo_path=upload_path(profile.logo),
        brand_color=profile.brand_color,
        footer_columns=tuple(
            tuple(line for line in column if line) for column in (contact, legal, bank)
        ),
    )
