"""E-invoices: the invoice as UN/CEFACT CII XML in the EN 16931 profile (Factur-X/ZUGFeRD,
read by XRechnung receivers); ``pdf.zugferd_pdf`` embeds it into the invoice PDF.

Built with ``drafthorse``, which validates the XML against the Factur-X schema it ships while
serialising.
"""

from datetime import date
from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem
from flask import make_response
from stdnum.eu import vat

from tenants.company import CompanyProfile, company_profile

from .legal import invoice_facts
from .models import Invoice, VatExemption

SCHEMA = "FACTUR-X_EN16931"
GUIDELINE = "urn:cen.eu:en16931:2017"
UNIT = "C62"  # one (piece)
DEFAULT_COUNTRY = "DE"
# Country names as agencies type them → ISO 3166 codes (the schema needs a code).
COUNTRY_CODES = {
    "deutschland": "DE", "germany": "DE", "österreich": "AT", "austria": "AT",
    "schweiz": "CH", "switzerland": "CH", "frankreich": "FR", "france": "FR",
    "niederlande": "NL", "netherlands": "NL", "belgien": "BE", "belgium": "BE",
    "polen": "PL", "poland": "PL", "italien": "IT", "italy": "IT", "spanien": "ES",
    "spain": "ES", "dänemark": "DK", "denmark": "DK", "luxemburg": "LU", "luxembourg": "LU",
}  # fmt: skip
# VAT category (UNTDID 5305) and exemption reason of each VAT rule.
CATEGORIES = {
    VatExemption.REVERSE_CHARGE: ("AE", "VATEX-EU-AE", "Reverse charge"),
    VatExemption.SMALL_BUSINESS: ("E", "VATEX-EU-O", "Kleinunternehmer gemäß § 19 UStG"),
}


def country_code(name: str, vat_id: str = "") -> str:
    """ISO code of a country typed as a name or code; else the VAT ID's prefix; else DE."""
    text = (name or "").strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    if text.lower() in COUNTRY_CODES:
        return COUNTRY_CODES[text.lower()]
    prefix = vat.compact(vat_id)[:2] if vat_id else ""
    return prefix.upper() if prefix.isalpha() and len(prefix) == 2 else DEFAULT_COUNTRY


def _category(invoice: Invoice, rate: Decimal) -> tuple[str, str, str]:
    if invoice.vat_exemption in CATEGORIES:
        return CATEGORIES[invoice.vat_exemption]
    return ("S", "", "") if rate > 0 else ("Z", "", "")


def _parties(doc: Document, invoice: Invoice, profile: CompanyProfile) -> None:
    seller = doc.trade.agreement.seller
    seller.name = profile.company_name
    seller.address.line_one = profile.street or ", ".join(profile.address_lines[:1])
    seller.address.postcode = profile.zip
    seller.address.city_name = profile.city
    seller.address.country_id = country_code(profile.country, profile.vat_id)
    if profile.vat_id:
        seller.tax_registrations.add(TaxRegistration(id=("VA", profile.vat_id)))
    if profile.tax_number:
        seller.tax_registrations.add(TaxRegistration(id=("FC", profile.tax_number)))
    customer = invoice.customer
    buyer = doc.trade.agreement.buyer
    buyer.name = customer.company
    lines = [line.strip() for line in customer.address.splitlines() if line.strip()]
    if lines:
        buyer.address.line_one = lines[0]
    buyer.address.postcode = customer.zip
    buyer.address.city_name = customer.city
    buyer.address.country_id = country_code(customer.country, customer.vat)
    if customer.vat:
        buyer.tax_registrations.add(TaxRegistration(id=("VA", vat.compact(customer.vat))))


def _lines(doc: Document, invoice: Invoice) -> None:
    for position, item in enumerate(invoice.items, start=1):
        line = LineItem()
        line.document.line_id = str(position)
        line.product.name = item.description[:500]
        line.agreement.net.amount = item.rate
        line.delivery.billed_quantity = (item.qty, UNIT)
        code, _reason_code, _reason = _category(invoice, Decimal(item.taxrate))
        line.settlement.trade_tax.type_code = "VAT"
        line.settlement.trade_tax.category_code = code
        line.settlement.trade_tax.rate_applicable_percent = Decimal(item.taxrate)
        line.settlement.monetary_summation.total_amount = item.amount
        doc.trade.items.add(line)


def _settlement(doc: Document, invoice: Invoice, profile: CompanyProfile) -> None:
    settlement = doc.trade.settlement
    settlement.currency_code = invoice.currency
    settlement.payment_reference = invoice.number
    if profile.iban:
        means = PaymentMeans()
        means.type_code = "58"  # SEPA credit transfer
        means.payee_account.iban = profile.iban.replace(" ", "")
        if profile.bic:
            means.payee_institution.bic = profile.bic
        settlement.payment_means.add(means)
    for group in invoice.tax_groups:
        code, reason_code, reason = _category(invoice, group.rate)
        tax = ApplicableTradeTax()
        tax.calculated_amount = group.tax
        tax.basis_amount = group.net
        tax.type_code = "VAT"
        tax.category_code = code
        if reason:
            tax.exemption_reason = reason
            tax.exemption_reason_code = reason_code
        tax.rate_applicable_percent = group.rate
        settlement.trade_tax.add(tax)
    if invoice.service_start and invoice.service_end:
        settlement.period.start = invoice.service_start
        settlement.period.end = invoice.service_end
    terms = PaymentTerms()
    terms.description = invoice_facts(invoice, profile).payment_terms[:500]
    if invoice.duedate:
        terms.due = invoice.duedate
    settlement.terms.add(terms)
    totals = settlement.monetary_summation
    totals.line_total = invoice.subtotal
    totals.charge_total = Decimal("0.00")
    totals.allowance_total = Decimal("0.00")
    totals.tax_basis_total = invoice.subtotal
    totals.tax_total = (invoice.tax, invoice.currency)
    totals.grand_total = invoice.total
    totals.prepaid_total = invoice.amount_paid
    totals.due_amount = invoice.balance


def invoice_xml(invoice: Invoice) -> bytes:
    """The invoice as CII XML (EN 16931), validated against the shipped XSD."""
    profile = company_profile()
    doc = Document()
    doc.context.guideline_parameter.id = GUIDELINE
    doc.header.id = invoice.number
    doc.header.type_code = "380"  # commercial invoice
    doc.header.issue_date_time = invoice.issue_date
    note = invoice_facts(invoice, profile).vat_note
    if note:
        doc.header.notes.add(IncludedNote(content=note))
    if invoice.notes:
        doc.header.notes.add(IncludedNote(content=invoice.notes[:2000]))
    _parties(doc, invoice, profile)
    service_date: date | None = invoice.service_date
    if service_date is None and not invoice.service_start:
        service_date = invoice.issue_date
    if service_date is not None:
        doc.trade.delivery.event.occurrence = service_date
    _lines(doc, invoice)
    _settlement(doc, invoice, profile)
    return doc.serialize(schema=SCHEMA)


def xml_response(invoice: Invoice):
    """The CII XML as a download ``<number>.xml``."""
    response = make_response(invoice_xml(invoice))
    response.headers["Content-Type"] = "application/xml"
    response.headers["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
    return response
