"""Read an uploaded customer CSV: encoding (UTF-8 with or without BOM, else Windows-1252),
dialect (``csv.Sniffer``: comma, semicolon or tab) and the columns of its header row.

The layout is one row per contact; the customer's columns repeat on each of its rows (rows
with the same company belong to one customer, the first of them gives its fields). A row
without contact columns creates only the customer. Headers are the field names or the German
headers of the template, in any order and case; other columns are ignored (and named). The
customer export reads back: its headers (Stadt, Webseite), language names (Deutsch) and
formula-safe cells ('+49 …) are understood.
"""

import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from gorilla.i18n import Language
from gorilla.spreadsheets import FORMULA_STARTS

MAX_ROWS = 20_000
SNIFF_BYTES = 4 * 1024  # csv.Sniffer backtracks quadratically on stray quotes: keep it small
DELIMITERS = ";,\t"


class ImportFileError(ValueError):
    """The file cannot be read as a customer CSV; ``str(error)`` says why (German)."""


@dataclass(frozen=True)
class Column:
    """One column of the layout: field name, German header, longest value, and whether it
    belongs to the contact (else to the customer) and may hold line breaks."""

    key: str
    header: str
    max_length: int
    contact: bool = False
    lines: bool = False
    aliases: tuple[str, ...] = ()  # headers of the customer export and form


COLUMNS = (
    Column("company", "Firma", 200),
    Column("vat", "USt-IdNr.", 50),
    Column("phonenumber", "Telefon", 50),
    Column("website", "Website", 200, aliases=("Webseite",)),
    Column("address", "Adresse", 1000, lines=True),
    Column("zip", "PLZ", 20),
    Column("city", "Ort", 100, aliases=("Stadt",)),
    Column("country", "Land", 100),
    Column("default_language", "Sprache", 5),
    Column("firstname", "Vorname", 100, contact=True),
    Column("lastname", "Nachname", 100, contact=True),
    Column("title", "Position", 100, contact=True),
    Column("email", "E-Mail", 254, contact=True),
    Column(
        "contact_phonenumber",
        "Telefon Kontakt",
        50,
        contact=True,
        aliases=("Telefonnummer", "Telefonnummer Kontakt", "Kontakt Telefon"),
    ),
)
BY_NAME = {
    name.casefold(): column
    for column in COLUMNS
    for name in (column.key, column.header, *column.aliases)
}
CUSTOMER_KEYS = tuple(column.key for column in COLUMNS if not column.contact)
CONTACT_KEYS = tuple(column.key for column in COLUMNS if column.contact)
SAMPLE_ROWS = (
    ("Muster GmbH", "DE123456789", "+49 30 1234567", "https://muster.de", "Hauptstraße 1",
     "10115", "Berlin", "Deutschland", "de", "Erika", "Mustermann", "Geschäftsführerin",
     "erika@muster.de", "+49 30 1234568"),
    ("Muster GmbH", "", "", "", "", "", "", "", "", "Max", "Mustermann", "Buchhaltung",
     "max@muster.de", ""),
    ("Beispiel AG", "", "+49 89 7654321", "", "Marienplatz 2", "80331", "München",
     "Deutschland", "en", "", "", "", "", ""),
)  # fmt: skip


@dataclass
class CsvFile:
    """A readable upload: its text (for keeping), dialect and the columns found."""

    text: str
    delimiter: str
    columns: list[Column | None]  # per position; None = ignored
    ignored: list[str]

    def rows(self) -> Iterator[tuple[int, dict[str, str], bool]]:
        """``(spreadsheet row number, values by field name, too many values)`` of each row
        that is not empty; the header is row 1."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        next(reader, None)
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {column.key: "" for column in COLUMNS}
            for column, cell in zip(self.columns, cells, strict=False):
                if column is not None:
                    values[column.key] = _cell_value(column, cell.strip())
            yield number, values, len(cells) > len(self.columns)


@functools.cache
def _language_names() -> dict[str, str]:
    """Language code by every name an export may write (code, native, German, English)."""
    names = {}
    for locale in ("de", "en"):
        with force_locale(locale):
            names |= {str(language.label).casefold(): language.value for language in Language}
    return names | {
        name.casefold(): language.value
        for language in Language
        for name in (language.value, language.native_name)
    }


def _cell_value(column: Column, value: str) -> str:
    """``value`` without the ``'`` an export puts before formula-like text; a language
    name as its code (unknown ones stay, for the row's error)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    if column.key == "default_language":
        return _language_names().get(value.casefold(), value)
    return value


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else Windows-1252 (Excel's "CSV")."""
    if b"\x00" in data:
        raise ImportFileError(_("This is not a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None


def _header_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most columns."""
    return max(DELIMITERS, key=header.count)


def sniff_delimiter(text: str) -> str:
    """The delimiter ``csv.Sniffer`` finds (comma, semicolon or tab); when it is unsure or
    disagrees with the header line, the one that splits the header most."""
    header = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(text[:SNIFF_BYTES], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return _header_delimiter(header)
    return delimiter if header.count(delimiter) else _header_delimiter(header)


def read_csv(data: bytes) -> CsvFile:
    """Decode ``data`` and read its header; raises ``ImportFileError`` for anything that is
    not a customer CSV (no text, no header with a company column, too many rows)."""
    return parse_text(decode(data))


def parse_text(text: str) -> CsvFile:
    """Read the header of decoded ``text`` (see ``read_csv``)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    delimiter = sniff_delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
        count = sum(1 for _row in csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise ImportFileError(_("The file is not valid CSV.")) from None
    columns = [BY_NAME.get(name.strip().casefold()) for name in header]
    if not any(column is not None and column.key == "company" for column in columns):
        raise ImportFileError(
            _("The first row must name the columns; the column “%(name)s” is missing.",
              name="Firma")
        )  # fmt: skip
    if count - 1 > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(count)d rows.", count=MAX_ROWS))
    ignored = [name for name, column in zip(header, columns, strict=True) if column is None]
    return CsvFile(text, delimiter, columns, ignored)


def sample_csv() -> str:
    """The template offered for download: header and three example rows (UTF-8 with BOM,
    semicolons, as Excel saves it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(column.header for column in COLUMNS)
    writer.writerows(SAMPLE_ROWS)
    return "\ufeff" + buffer.getvalue()
