"""Lawful German invoices (§ 14 UStG) as page, PDF and e-invoice (Factur-X / XRechnung CII)."""

import re
from datetime import date
from io import BytesIO

import facturx
import pytest
from drafthorse.utils import validate_xml
from lxml import etree
from pypdf import PdfReader

from crm.customers.models import Customer
from tests.conftest import client_for
from tests.crm_factories import FORM_ITEMS, image_bytes, in_tenant, submit_multipart
from tests.portal_helpers import CONTACT_PASSWORD, make_contact, update
from tests.test_invoices import _create

YEAR = date.today().year
PROFILE = {
    "company_name": "ACME Agentur GmbH", "street": "Hauptstraße 1", "zip": "50667",
    "city": "Köln", "country": "Deutschland", "phone": "+49 221 123456",
    "email": "hallo@acme-agentur.de", "website": "https://acme-agentur.de",
    "managing_directors": "Erika Mustermann", "commercial_register": "HRB 12345",
    "register_court": "Amtsgericht Köln", "vat_id": "DE136695976", "tax_number": "93815/08152",
    "bank_name": "Commerzbank", "iban": "DE89370400440532013000", "bic": "COBADEFFXXX",
    "payment_terms": "Zahlbar innerhalb von 14 Tagen ohne Abzug.", "footer_text": "",
    "brand_color": "#aa3366", "email_signature": "", "invoice_prefix": "RE-",
    "default_language": "de",
}  # fmt: skip
XML_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def _save_profile(staff_client, **changes):
    data = PROFILE | changes
    logo = data.pop("logo", None)
    if logo is not None:
        data["logo"] = (BytesIO(logo), "logo.png")
    response = submit_multipart(staff_client, "/admin/settings/company", data)
    assert response.status_code == 303, response.get_data(as_text=True)


@pytest.fixture
def customer(app, tenant):
    """Kunde GmbH in Berlin, with a contact who may see invoices."""
    customer_id, _ = make_contact(app, tenant, "kim@kunde.de", permissions=["invoices"])
    update(
        app, tenant, Customer, customer_id,
        address="Friedrichstraße 10", zip="10117", city="Berlin", country="Deutschland",
        vat="DE811907980",
    )  # fmt: skip
    return customer_id


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_invoice_pdf_carries_every_field_of_section_14(staff_client, customer):
    _save_profile(staff_client)
    invoice_id = _create(
        staff_client, customer, service_start=f"{YEAR}-02-01", service_end=f"{YEAR}-02-28"
    )
    text = _pdf_text(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data)
    for expected in (
        "ACME Agentur GmbH", "Hauptstraße 1", "50667 Köln",  # agency name and address
        "Kunde GmbH", "Friedrichstraße 10", "10117 Berlin",  # customer's full address
        "DE136695976", "DE811907980", "93815/08152",  # VAT IDs, tax number
        f"RE-{YEAR}-0001",  # consecutive number
        f"01.03.{YEAR}",  # invoice date
        f"01.02.{YEAR} – 28.02.{YEAR}",  # service period
        "Webdesign", "Fachbuch",  # description and quantity
        "Nettobetrag zu 19 %", "955,00 €", "MwSt. 19 %", "181,45 €",  # per rate
        "Nettobetrag zu 7 %", "30,00 €", "MwSt. 7 %", "2,10 €",
        "Gesamt", "1.168,55 €",  # gross total
        "Zahlbar innerhalb von 14 Tagen ohne Abzug.",  # payment terms
        "DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "Commerzbank",  # bank in the footer
        "Erika Mustermann", "HRB 12345", "Amtsgericht Köln",
    ):  # fmt: skip
        assert expected in text, expected


def test_invoice_page_shows_the_same_fields(staff_client, client, customer, app, tenant):
    _save_profile(staff_client)
    invoice_id = _create(staff_client, customer, service_date=f"{YEAR}-02-20")
    page = staff_client.get(f"/admin/invoices/{invoice_id}/print").get_data(as_text=True)
    page = re.sub(r"<[^>]+>", "", page).replace("\xa0", " ")  # amounts come in <bdi> tags
    for expected in (
        "Hauptstraße 1", "Friedrichstraße 10", "DE136695976", "DE811907980",
        f"20.02.{YEAR}", "Nettobetrag zu 19 %", "MwSt. 7 %", "Zahlbar innerhalb von 14 Tagen",
        "DE89 3704 0044 0532 0130 00",
    ):  # fmt: skip
        assert expected in page, expected


def test_without_service_date_the_invoice_date_is_the_service_date(staff_client, customer):
    invoice_id = _create(staff_client, customer)
    text = _pdf_text(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data)
    assert f"01.03.{YEAR} (Rechnungsdatum)" in text


@pytest.mark.parametrize(
    "dates, message",
    [
        ({"service_start": f"{YEAR}-02-01"}, "Bitte geben Sie beide Enden des Leistungszeitraums"),
        (
            {"service_start": f"{YEAR}-02-10", "service_end": f"{YEAR}-02-01"},
            "Der Zeitraum darf nicht vor seinem Beginn enden.",
        ),
        (
            {
                "service_date": f"{YEAR}-02-01",
                "service_start": f"{YEAR}-02-01",
                "service_end": f"{YEAR}-02-02",
            },
            "entweder ein Leistungsdatum oder einen Zeitraum",
        ),
    ],
)
def test_service_period_is_validated(staff_client, customer, dates, message):
    data = {"customer_id": customer, "date": f"{YEAR}-03-01"} | FORM_ITEMS | dates
    response = staff_client.submit("/admin/invoices/new", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_arabic_and_polish_names_come_out_intact(app, tenant, staff_client, customer):
    update(app, tenant, Customer, customer, company="Łódź Spółka Zażółć", address="شركة الأمل")
    _save_profile(staff_client, company_name="Agentur Müller & Şahin")
    invoice_id = _create(staff_client, customer)
    text = _pdf_text(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data)
    assert "Łódź Spółka Zażółć" in text
    assert "Agentur Müller & Şahin" in text
    assert "شركة الأمل" in text
    assert "?" not in text


def test_reverse_charge_customer_gets_no_vat_and_the_note(app, tenant, staff_client, customer):
    update(app, tenant, Customer, customer, reverse_charge=True, country="AT", vat="ATU13585627")
    _save_profile(staff_client)
    invoice_id = _create(staff_client, customer)
    text = _pdf_text(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data)
    assert "Steuerschuldnerschaft des Leistungsempfängers" in text
    assert "ATU13585627" in text and "Gesamt" in text and "985,00 €" in text
    assert "MwSt. 19 %" not in text


def test_small_business_invoices_carry_no_vat(staff_client, customer):
    _save_profile(staff_client, small_business="y")
    invoice_id = _create(staff_client, customer)
    text = _pdf_text(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data)
    assert "§ 19 UStG" in text and "985,00 €" in text and "MwSt. 19 %" not in text


def test_customer_reverse_charge_needs_a_vat_number(staff_client, customer):
    response = staff_client.submit(
        f"/admin/customers/{customer}",
        {"company": "Kunde GmbH", "vat": "", "reverse_charge": "y", "default_language": "de"},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Umsatzsteuer-Identifikationsnummer" in text


def test_pdf_shows_the_logo(staff_client, customer):
    _save_profile(staff_client, logo=image_bytes((300, 100)))
    invoice_id = _create(staff_client, customer)
    reader = PdfReader(BytesIO(staff_client.get(f"/admin/invoices/{invoice_id}/pdf").data))
    assert len(reader.pages[0].images) == 1


def _xml_root(data: bytes):
    return etree.fromstring(data)


def test_xrechnung_xml_validates_against_the_factur_x_schema(staff_client, customer):
    _save_profile(staff_client)
    invoice_id = _create(staff_client, customer, service_date=f"{YEAR}-02-20")
    response = staff_client.get(f"/admin/invoices/{invoice_id}/xrechnung")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    assert "attachment" in response.headers["Content-Disposition"]
    validate_xml(response.data, "FACTUR-X_EN16931")  # raises on any schema error
    root = _xml_root(response.data)
    assert root.xpath("//rsm:ExchangedDocument/ram:ID/text()", namespaces=XML_NS) == [
        f"RE-{YEAR}-0001"
    ]
    assert "1168.55" in root.xpath("//ram:GrandTotalAmount/text()", namespaces=XML_NS)
    rates = root.xpath(
        "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
        "/ram:RateApplicablePercent/text()",
        namespaces=XML_NS,
    )
    assert sorted(rates) == ["19", "7"] or sorted(float(r) for r in rates) == [7.0, 19.0]


def test_reverse_charge_xml_uses_category_ae(app, tenant, staff_client, customer):
    update(app, tenant, Customer, customer, reverse_charge=True, country="AT", vat="ATU13585627")
    _save_profile(staff_client)
    invoice_id = _create(staff_client, customer)
    data = staff_client.get(f"/admin/invoices/{invoice_id}/xrechnung").data
    validate_xml(data, "FACTUR-X_EN16931")
    codes = _xml_root(data).xpath(
        "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode/text()",
        namespaces=XML_NS,
    )
    assert codes == ["AE"]


def test_zugferd_pdf_embeds_the_validating_xml(staff_client, customer):
    _save_profile(staff_client)
    invoice_id = _create(staff_client, customer)
    response = staff_client.get(f"/admin/invoices/{invoice_id}/zugferd")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.data))
    attached = reader.attachments
    assert list(attached) == ["factur-x.xml"]
    validate_xml(attached["factur-x.xml"][0], "FACTUR-X_EN16931")
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid" in metadata
    assert "Webdesign" in _pdf_text(response.data)
    # a second, independent reader (the factur-x package) finds and checks the XML too
    filename, xml = facturx.get_xml_from_pdf(response.data, check_xsd=True)
    assert filename == "factur-x.xml"
    assert facturx.get_flavor(_xml_root(xml)) == "factur-x"
    assert facturx.get_level(_xml_root(xml)) == "en16931"
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in metadata
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]  # PDF/A: the colour space declared
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"  # an ICC profile


@pytest.mark.parametrize("suffix", ["xrechnung", "zugferd", "pdf"])
def test_e_invoices_of_another_tenant_are_404(
    app, tenant, other_tenant, customer, staff_client, suffix
):
    path = f"/admin/invoices/{_create(staff_client, customer)}/{suffix}"
    other = client_for(app, other_tenant.slug)
    assert other.sign_in(f"admin@{other_tenant.slug}.test").status_code == 302
    assert other.get(path).status_code == 404
    assert client_for(app, tenant.slug).get(path).status_code == 302  # signed out: sign in
    assert staff_client.get(path).status_code == 200


def test_portal_e_invoice_for_own_customer_only(app, tenant, staff_client, customer):
    invoice_id = _create(staff_client, customer)
    staff_client.submit(
        f"/admin/invoices/{invoice_id}/send",
        {"contact_ids": _contact_ids(app, tenant, customer)},
    )
    make_contact(app, tenant, "eva@andere.de", company="Andere AG", permissions=["invoices"])
    make_contact(app, tenant, "ole@kunde.de", permissions=["projects"])
    path = f"/kunden/rechnungen/{invoice_id}/e-rechnung"
    response = _portal(app, "kim@kunde.de").get(path)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert _portal(app, "eva@andere.de").get(path).status_code == 404  # another customer
    assert _portal(app, "ole@kunde.de").get(path).status_code == 403  # no invoices permission


def _contact_ids(app, tenant, customer_id):
    from crm.contacts.models import Contact

    with in_tenant(app, tenant) as session:
        return [c.id for c in session.query(Contact).filter_by(customer_id=customer_id)]


def _portal(app, email):
    client = client_for(app, "acme")
    assert client.sign_in(email, CONTACT_PASSWORD, path="/kunden/login").status_code == 302
    return client
