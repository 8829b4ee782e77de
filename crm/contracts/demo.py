"""The demo tenant's contracts: contract types, one contract signed by the first sample
customer and one sent and waiting for its signature."""

import base64
import io
from datetime import date, timedelta

from flask import Flask, current_app
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from crm.customers.demo import first_customer
from gorilla.demo import register_demo_seeder
from gorilla.extensions import db
from gorilla.signatures import SignatureForm

from .models import Contract, ContractType
from .service import save_contract, send_contract, sign_contract

TYPES = ("Wartungsvertrag", "Hosting", "Rahmenvertrag")
CONTENT = """## Leistungen

Die Agentur betreut die Website des Kunden:

- Updates von System und Erweiterungen
- monatliche Sicherung
- bis zu **4 Stunden** Änderungen im Monat

## Laufzeit

Der Vertrag läuft ein Jahr und verlängert sich nicht von selbst."""


def _drawn_signature() -> str:
    """A signature-like PNG data URL drawn with Pillow."""
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    pen.line([(20, 70), (60, 20), (90, 75), (130, 30), (170, 70), (260, 40)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def seed_demo_contracts() -> bool:
    """Add the types and a signed and an unsigned contract unless there are contracts."""
    if db.session.scalar(select(func.count()).select_from(Contract)):
        return False
    types = [ContractType(name=name) for name in TYPES]
    db.session.add_all(types)
    db.session.flush()
    customer, contact = first_customer()
    today = date.today()

    def new(subject: str, kind: ContractType, value: str, started: int) -> Contract:
        start = today - timedelta(days=started)
        data = {
            "customer_id": customer.id,
            "subject": subject,
            "contract_type_id": kind.id,
            "contract_value": value,
            "datestart": start,
            "dateend": start + timedelta(days=365),
            "content": CONTENT,
        }
        contract = save_contract(Contract(), data)
        send_contract(contract, [contact.id])
        return contract

    signed = new("Wartungsvertrag Website", types[0], "1800.00", 60)
    new("Hosting 2026", types[1], "480.00", 0)
    form_data = MultiDict(
        {
            "firstname": contact.firstname,
            "lastname": contact.lastname,
            "email": contact.email,
            "signature": _drawn_signature(),
        }
    )
    with current_app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        form = SignatureForm(formdata=form_data, meta={"csrf": False})
        if form.validate():
            sign_contract(signed, form)
    return True


def init_app(app: Flask) -> None:
    """Seed the sample contracts after the invoices."""
    register_demo_seeder(app, seed_demo_contracts, order=45)
