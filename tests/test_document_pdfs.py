"""Proposal and contract PDFs on the shared document base: names in any script, the company's
letterhead, page breaks for long content, and the signature once signed."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.contract_helpers import create_contract, send_to_all, sign_data
from tests.portal_helpers import make_contact
from tests.proposal_helpers import contact_client, create, send, signed
from tests.test_invoice_documents import _pdf_text, _save_profile

NAMES = "Łódź Ağaç Ελλάδα Москва"
SIGNER = {"firstname": "Łucja", "lastname": "Şahin-Петрова"}


@pytest.fixture
def customer(app, tenant):
    """A customer named in four scripts, with Kim who may see proposals and contracts."""
    customer_id, kim = make_contact(
        app, tenant, "kim@kunde.de", company=f"{NAMES} GmbH",
        permissions=["proposals", "contracts"], contract_emails=True,
    )  # fmt: skip
    return {"id": customer_id, "kim": kim}


def _pages(data: bytes) -> int:
    return len(PdfReader(BytesIO(data)).pages)


# what is made, where its PDF is, the download's name, the subject's first word, its amounts
DOCUMENTS = {
    "proposal": (create, "/admin/proposals/{}/pdf", "PRO-{:06d}.pdf", "Vorschlag", "2.380,00 €"),
    "contract": (create_contract, "/admin/contracts/{}/pdf", "Vertrag-{}-v1.pdf", "Vertrag",
                 "1.200,50 €"),
}  # fmt: skip


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_pdf_prints_names_in_every_script_on_the_letterhead(kind, customer, staff_client, caplog):
    make, path, download, word, amount = DOCUMENTS[kind]
    _save_profile(staff_client)
    content = f"## Inhalt {NAMES}\n\n- *kursiv* und `Code` in **{NAMES}**"
    document_id = make(staff_client, customer["id"], subject=f"{word} {NAMES}", content=content)
    response = staff_client.get(path.format(document_id))
    assert download.format(document_id) in response.headers["Content-Disposition"]
    text = _pdf_text(response.data)
    for expected in (
        f"{NAMES} GmbH", f"{word} {NAMES}", f"Inhalt {NAMES}", f"kursiv und Code in {NAMES}",
        amount, "ACME Agentur GmbH", "Hauptstraße 1", "DE89 3704 0044 0532 0130 00",
    ):  # fmt: skip
        assert expected in text, expected
    assert "?" not in text  # nothing replaced
    assert "plain text" not in caplog.text  # laid out as rich text, not the fallback


def test_long_content_continues_on_further_pages(customer, staff_client):
    paragraphs = "\n\n".join(f"Absatz {n} über {NAMES}" for n in range(1, 121))
    contract_id = create_contract(staff_client, customer["id"], content=paragraphs)
    proposal_id = create(staff_client, customer["id"], content=paragraphs)
    for path in (f"/admin/contracts/{contract_id}/pdf", f"/admin/proposals/{proposal_id}/pdf"):
        data = staff_client.get(path).data
        assert _pages(data) > 2
        assert f"Absatz 120 über {NAMES}" in _pdf_text(data)


def test_signed_contract_pdf_shows_the_signer_and_the_drawing(app, customer, staff_client):
    contract_id = create_contract(staff_client, customer["id"], subject=f"Vertrag {NAMES}")
    send_to_all(staff_client, contract_id, [customer["kim"]])
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vertraege/{contract_id}"
    response = kim.submit(f"{path}/unterschreiben", sign_data(**SIGNER), form_path=path)
    assert response.status_code == 303
    stored = staff_client.get(f"/admin/contracts/{contract_id}/signed-pdf")
    data = stored.get_data()
    stored.close()  # the frozen file streams
    text = _pdf_text(data)
    assert "Łucja Şahin-Петрова" in text and "kim@kunde.de" in text
    assert "127.0.0.1" in text and f"Vertrag {NAMES}" in text
    assert b"/Subtype /Image" in data


def test_accepted_proposal_pdf_shows_the_signer_and_the_drawing(app, customer, staff_client):
    proposal_id = create(staff_client, customer["id"])
    send(staff_client, proposal_id)
    kim = contact_client(app, "kim@kunde.de")
    path = f"/kunden/vorschlaege/{proposal_id}"
    assert kim.submit(f"{path}/annehmen", signed(**SIGNER), form_path=path).status_code == 303
    data = kim.get(f"{path}/pdf").data
    text = _pdf_text(data)
    assert "Angenommen" in text and "Łucja Şahin-Петрова" in text and "kim@kunde.de" in text
    assert b"/Subtype /Image" in data


def test_rich_text_fpdf_cannot_lay_out_goes_in_as_plain_text(customer, staff_client, caplog):
    content = f"| Leistung |\n|---|\n| Wartung `{NAMES}` |"  # fpdf2: no <code> after text in <td>
    contract_id = create_contract(staff_client, customer["id"], content=content)
    response = staff_client.get(f"/admin/contracts/{contract_id}/pdf")
    assert response.status_code == 200
    assert "Wartung" in _pdf_text(response.data) and NAMES in _pdf_text(response.data)
    assert "drawn as plain text" in caplog.text
