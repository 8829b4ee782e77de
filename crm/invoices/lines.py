"""Line items and totals shared by invoices, estimates and credit notes.

A document table mixes in ``DocumentTotals`` (currency, net, VAT, total) and its item table
``LineItemColumns``; ``set_items`` replaces a document's items from form rows and recomputes
its totals exactly, in ``Decimal`` cents.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gorilla.money import cents

TAX_RATES = (Decimal("19"), Decimal("7"), Decimal("0"))
Money = Numeric(12, 2)


@dataclass
class TaxGroup:
    """The lines of one VAT rate: their net amount and VAT."""

    rate: Decimal
    net: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")


class DocumentTotals:
    """Currency and the totals a service keeps in sync with the items."""

    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    subtotal: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    tax: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))

    @property
    def tax_groups(self) -> list[TaxGroup]:
        """Net amount and VAT per rate (highest rate first), as § 14 UStG asks."""
        groups: dict[Decimal, TaxGroup] = {}
        for item in self.items:
            rate = Decimal(item.taxrate).normalize()
            group = groups.setdefault(rate, TaxGroup(rate))
            group.net += item.amount
            group.tax += item.tax
        return sorted(groups.values(), key=lambda group: group.rate, reverse=True)


class LineItemColumns:
    """One line: description, quantity, unit price (net) and VAT rate in percent."""

    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    qty: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    rate: Mapped[Decimal] = mapped_column(Money)
    taxrate: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    @property
    def amount(self) -> Decimal:
        """Net amount of the line, rounded to cents."""
        return (self.qty * self.rate).quantize(Decimal("0.01"))

    @property
    def tax(self) -> Decimal:
        """VAT of the line, rounded half-up to cents (the document's VAT is their sum)."""
        return (self.amount * self.taxrate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def set_items(
    document, rows: Iterable[Mapping[str, Any]], item_class: type, exempt: bool = False
) -> None:
    """Give ``document`` new ``items`` of ``item_class`` from ``rows`` (dicts of
    ``description``, ``qty``, ``rate``, ``taxrate``) and recompute its totals; an ``exempt``
    document (reverse charge, § 19 UStG) has 0 % VAT on every line."""
    document.items = [
        item_class(
            position=position,
            description=row["description"].strip(),
            qty=Decimal(row["qty"]),
            rate=cents(row["rate"]),
            taxrate=Decimal(0) if exempt else Decimal(row["taxrate"]),
        )
        for position, row in enumerate(rows)
    ]
    subtotal = sum((item.amount for item in document.items), Decimal("0"))
    tax = sum((item.tax for item in document.items), Decimal("0"))
    document.subtotal, document.tax, document.total = subtotal, tax, subtotal + tax


def item_rows(document) -> list[dict]:
    """A document's items as rows for ``set_items`` (copying items to another document)."""
    return [
        {"description": i.description, "qty": i.qty, "rate": i.rate, "taxrate": i.taxrate}
        for i in document.items
    ]
