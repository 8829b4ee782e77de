"""Helpers for contract tests: a drawn signature, contracts made through the staff pages."""

import base64
import io
from datetime import date, timedelta

from PIL import Image, ImageDraw

TODAY = date.today()


def drawn_signature() -> str:
    """A PNG data URL with a visible stroke, as the signature pad posts it."""
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 70), (80, 20), (150, 75), (260, 30)], fill="black", width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def contract_data(customer_id: int, **extra) -> dict:
    """Form fields of a valid contract for ``customer_id``."""
    return {
        "customer_id": customer_id,
        "subject": "Wartungsvertrag Website",
        "contract_type": "",
        "contract_value": "1.200,50",
        "datestart": TODAY.isoformat(),
        "dateend": (TODAY + timedelta(days=365)).isoformat(),
        "content": "## Leistungen\n\n- Updates\n- **Sicherung**\n\n<script>alert(1)</script>",
    } | extra


def create_contract(staff_client, customer_id: int, **extra) -> int:
    """Create a draft through /admin/contracts/new; returns its id."""
    response = staff_client.submit("/admin/contracts/new", contract_data(customer_id, **extra))
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def send_to_all(staff_client, contract_id: int, contact_ids) -> None:
    """Send the contract to ``contact_ids`` through the send dialog."""
    path = f"/admin/contracts/{contract_id}/send"
    response = staff_client.submit(path, {"contact_ids": [str(i) for i in contact_ids]})
    assert response.status_code == 303, response.get_data(as_text=True)


def sign_data(**extra) -> dict:
    """Fields of a valid signature."""
    return {
        "firstname": "Kim",
        "lastname": "Kunde",
        "email": "kim@kunde.de",
        "signature": drawn_signature(),
    } | extra
