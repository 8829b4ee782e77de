"""Estimates (with the acceptance signature file) and credit notes survive ``gorilla tenants
export`` / ``import``: the archive is table-driven."""

from datetime import date
from decimal import Decimal

from crm.credit_notes.models import CreditNote
from crm.credit_notes.service import credit_note_from_invoice, refund_credit
from crm.estimates.models import Estimate, EstimateStatus
from crm.invoices.models import Invoice
from crm.invoices.service import save_invoice, send_invoice
from gorilla.extensions import db
from gorilla.storage import upload_path
from tenants.provisioning import get_tenant
from tests.crm_factories import in_tenant
from tests.estimate_helpers import ITEMS, contact_client, customers, estimate, signature_url


def test_estimates_signatures_and_credit_notes_survive_export_and_import(
    app, runner, tenant, tmp_path
):
    kunde, kim, _ole, _andere = customers(app, tenant)
    estimate_id = estimate(app, tenant, kunde, contact_ids=[kim])
    client = contact_client(app, tenant.slug, "kim@kunde.de")
    data = {"firstname": "Kim", "lastname": "Kunde", "email": "kim@kunde.de",
            "signature": signature_url()}  # fmt: skip
    response = client.submit(f"/kunden/angebote/{estimate_id}/annehmen", data,
                             form_path="/kunden/profil")  # fmt: skip
    assert response.status_code == 303
    with in_tenant(app, tenant):
        data = {"customer_id": kunde, "date": date.today(), "duedate": None, "notes": "",
                "items": ITEMS}  # fmt: skip
        invoice = save_invoice(Invoice(), data)
        send_invoice(invoice, [kim])
        refund_credit(credit_note_from_invoice(invoice), Decimal("10"), date.today())
        db.session.commit()
    archive = tmp_path / "acme.zip"
    assert runner.invoke(args=["tenants", "export", "acme", str(archive)]).exit_code == 0
    assert runner.invoke(args=["tenants", "delete", "acme", "--yes", "--no-export"]).exit_code == 0
    result = runner.invoke(args=["tenants", "import", str(archive)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        info = get_tenant("acme").info()
    with in_tenant(app, info):
        stored = db.session.get(Estimate, estimate_id)
        assert stored.status == EstimateStatus.ACCEPTED and len(stored.items) == 2
        assert upload_path(stored.signature_file).read_bytes().startswith(b"\x89PNG")
        note = db.session.scalars(db.select(CreditNote)).one()
        assert note.amount_refunded == Decimal("10.00") and len(note.uses) == 1
