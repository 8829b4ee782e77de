"""Numbers and money in the user's locale (Babel): one form field reads them, the ``money``,
``number`` and ``percent`` template filters show them (also in PDFs and emails).

German UI: ``1.234,56`` and ``1.234,56 €``; English UI: ``1,234.56`` and ``€1,234.56``.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    format_percent,
    parse_decimal,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import DecimalField, widgets
from wtforms.validators import StopValidation

CENT = Decimal("0.01")
EXAMPLE = Decimal("1234.56")


def cents(value: Decimal | int | str) -> Decimal:
    """``value`` rounded half-up to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_number(text: str) -> Decimal:
    """``text`` as typed in the user's locale; raises ``ValueError`` for anything else (also
    the other locale's notation, which would silently change the value)."""
    try:
        value = parse_decimal(text.strip(), locale=get_locale(), strict=True)
    except NumberFormatError:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def number(value: Decimal | int | str) -> str:
    """A number in the user's locale with every digit kept: ``12.345,25``, ``1,5``, ``2``."""
    return format_decimal(
        Decimal(value).normalize(), locale=get_locale(), decimal_quantization=False
    )


def money(value: Decimal | int | str | None, currency: str = "EUR") -> str:
    """An amount in cents with the currency, in the user's locale: ``1.234,56 €``."""
    return format_currency(cents(value or 0), currency, locale=get_locale())


def percent(value: Decimal | int | str) -> str:
    """A rate given in percent (``19``, ``7.5``) in the user's locale: ``19 %``."""
    return format_percent(Decimal(value) / 100, locale=get_locale(), decimal_quantization=False)


class NumberField(DecimalField):
    """A decimal typed in the user's locale: every amount, quantity and rate field uses it.

    ``digits`` and ``places`` are those of the database column; a value that does not fit
    gets a field error instead of being rounded or overflowing. A text input, not
    ``type=number``: browsers would send a number input's value in their own notation.
    """

    widget = widgets.TextInput()

    def __init__(self, label=None, validators=None, digits: int = 12, places: int = 2, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, places=places, **kwargs)
        self.digits = digits

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else number(self.data)

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            value = parse_number(valuelist[0])
        except ValueError:
            raise ValueError(
                _("Please enter a number such as %(example)s.", example=number(EXAMPLE))
            ) from None
        if value.adjusted() >= self.digits - self.places:
            raise ValueError(_("This number is too large."))
        if value != value.quantize(Decimal(1).scaleb(-self.places)):
            raise ValueError(_("At most %(places)d decimal places, please.", places=self.places))
        self.data = value

    def pre_validate(self, form) -> None:
        """What could not be read keeps its own message (``DataRequired`` would replace it)."""
        if self.process_errors:
            raise StopValidation()
