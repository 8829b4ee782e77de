"""Exact money: Decimal rounded to cents, shown the German way (``1.234,56 €``)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Entered amounts and invoice totals stay below this, so totals plus payments fit Numeric(12, 2).
MAX_AMOUNT = Decimal("999999999.99")
SYMBOLS = {"EUR": "€"}


def cents(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half-up to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | int | str | None, currency: str = "EUR") -> str:
    """German notation with thousands dots and decimal comma: ``1.234,56 €``."""
    amount = cents(value or 0)
    digits = f"{abs(amount):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    sign = "-" if amount < 0 else ""
    return f"{sign}{digits} {SYMBOLS.get(currency, currency)}"


def quantity(value: Decimal | int | str) -> str:
    """A quantity without trailing zeros, decimal comma, every digit kept: ``12345,25``."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def percent(value: Decimal) -> str:
    """A VAT rate as ``19 %`` (``7,5 %`` when it has decimals)."""
    return f"{quantity(value)} %"
