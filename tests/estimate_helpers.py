"""Helpers for estimate tests: estimates made through the service, a drawn signature."""

import base64
import io
from datetime import date, timedelta

from PIL import Image, ImageDraw

from crm.estimates.models import Estimate
from crm.estimates.service import create_estimate, send_estimate
from gorilla.extensions import db
from gorilla.signatures import DATA_URL_PREFIX
from tests.conftest import client_for
from tests.crm_factories import in_tenant
from tests.portal_helpers import CONTACT_PASSWORD, make_contact

ITEMS = [
    {"description": "Konzeption", "qty": 10, "rate": "95.50", "taxrate": 19},
    {"description": "Fachbuch", "qty": 1, "rate": "30", "taxrate": 7},
]


def signature_url(size=(400, 150)) -> str:
    """A PNG data URL with a drawn line, as the signature pad posts it."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 100), (120, 30), (300, 110)], fill=(20, 20, 60, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return DATA_URL_PREFIX + base64.b64encode(out.getvalue()).decode()


def estimate(app, tenant, customer_id, *, sent=True, issued=None, valid_days=30, contact_ids=()):
    """An estimate of ``customer_id`` (sent to ``contact_ids`` unless ``sent`` is false),
    valid ``valid_days`` days (``None``: no valid-until date)."""
    issued = issued or date.today()
    with in_tenant(app, tenant):
        record = create_estimate(
            {
                "customer_id": customer_id,
                "date": issued,
                "expirydate": issued + timedelta(days=valid_days) if valid_days else None,
                "notes": "Preise netto.",
                "items": ITEMS,
            }
        )
        if sent:
            send_estimate(record, contact_ids)
        db.session.commit()
        return record.id


def load(app, tenant, estimate_id) -> Estimate:
    """The stored estimate with its history loaded."""
    with in_tenant(app, tenant):
        record = db.session.get(Estimate, estimate_id)
        record.history, record.invoice  # noqa: B018 - load before the session ends
        return record


def contact_client(app, slug, email):
    """A signed-in contact of ``slug``."""
    client = client_for(app, slug)
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client


def customers(app, tenant):
    """Kunde GmbH with Kim (primary, estimates), Ole (estimate emails off), Paul (invoices
    only); Andere AG with Eva. Returns (kunde_id, kim_id, ole_id, andere_id)."""
    kunde, kim = make_contact(app, tenant, "kim@kunde.de", permissions=["estimates", "invoices"])
    _, ole = make_contact(
        app, tenant, "ole@kunde.de", permissions=["estimates"], estimate_emails=False
    )
    make_contact(app, tenant, "paul@kunde.de", permissions=["invoices"])
    andere, _ = make_contact(
        app, tenant, "eva@andere.de", company="Andere AG", permissions=["estimates"]
    )
    return kunde, kim, ole, andere
