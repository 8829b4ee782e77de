"""What German law asks an invoice to say (§ 14 UStG), shared by the invoice page and the PDF:
service date or period, the customer's address and VAT ID, the VAT notes (reverse charge,
§ 19 UStG) and the payment terms."""

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _

from tenants.company import CompanyProfile

from .models import Invoice, VatExemption


def service_period(invoice: Invoice) -> str:
    """``01.03.2026``, ``01.03.2026 – 31.03.2026``, or the invoice date when none was given."""
    if invoice.service_start and invoice.service_end:
        return f"{format_date(invoice.service_start)} – {format_date(invoice.service_end)}"
    if invoice.service_date:
        return format_date(invoice.service_date)
    return _("%(date)s (invoice date)", date=format_date(invoice.issue_date))


def customer_address(invoice: Invoice) -> tuple[str, ...]:
    """The recipient's full address: company, street lines, zip and city, country."""
    customer = invoice.customer
    place = f"{customer.zip} {customer.city}".strip()
    lines = (customer.company, *customer.address.splitlines(), place, customer.country)
    return tuple(line.strip() for line in lines if line and line.strip())


def vat_note(invoice: Invoice) -> str:
    """The sentence an invoice without VAT must carry (empty when VAT is charged)."""
    if invoice.vat_exemption == VatExemption.REVERSE_CHARGE:
        return _(
            "Reverse charge: the recipient of the service owes the VAT "
            "(Steuerschuldnerschaft des Leistungsempfängers, § 13b UStG)."
        )
    if invoice.vat_exemption == VatExemption.SMALL_BUSINESS:
        return _("No VAT is charged as a small business under § 19 UStG.")
    return ""


def payment_terms(invoice: Invoice, profile: CompanyProfile) -> str:
    """The agency's terms, else "payable by <due date> without deduction"."""
    if profile.payment_terms:
        return profile.payment_terms
    if invoice.duedate:
        return _("Payable by %(date)s without deduction.", date=format_date(invoice.duedate))
    return _("Payable without deduction.")


@dataclass(frozen=True)
class InvoiceFacts:
    """Everything § 14 UStG asks for beyond the lines and totals."""

    seller_tax_id: str
    customer_address: tuple[str, ...]
    customer_vat_id: str
    service_period: str
    vat_note: str
    payment_terms: str


def invoice_facts(invoice: Invoice, profile: CompanyProfile) -> InvoiceFacts:
    """The § 14 facts of ``invoice`` issued by the agency of ``profile``."""
    return InvoiceFacts(
        seller_tax_id=profile.tax_id,
        customer_address=customer_address(invoice),
        customer_vat_id=invoice.customer.vat,
        service_period=service_period(invoice),
        vat_note=vat_note(invoice),
        payment_terms=payment_terms(invoice, profile),
    )
