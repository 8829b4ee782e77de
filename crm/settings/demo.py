"""The demo tenant's company profile: address, tax and bank data for lawful sample invoices."""

from flask import Flask

from gorilla.demo import register_demo_seeder
from tenants.company import company_profile
from tenants.settings import set_setting

DEMO_PROFILE = {
    "street": "Hauptstraße 1", "zip": "50667", "city": "Köln", "country": "Deutschland",
    "phone": "+49 221 1234560", "email": "hallo@demo-agentur.example",
    "website": "https://demo-agentur.example", "managing_directors": "Erika Mustermann",
    "commercial_register": "HRB 12345", "register_court": "Amtsgericht Köln",
    "vat_id": "DE136695976", "tax_number": "93815/08152", "bank_name": "Commerzbank",
    "iban": "DE89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX", "brand_color": "#1d6fd8",
}  # fmt: skip


def seed_demo_profile() -> bool:
    """Fill the company profile unless a street was entered already."""
    if company_profile().street:
        return False
    for key, value in DEMO_PROFILE.items():
        set_setting(key, value)
    return True


def init_app(app: Flask) -> None:
    """Seed the profile before the sample invoices."""
    register_demo_seeder(app, seed_demo_profile, order=5)
