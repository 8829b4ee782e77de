"""Cells for files people open in a spreadsheet (CSV, XLSX): text that starts like a formula
is prefixed with ``'`` so Excel and LibreOffice show it instead of running it."""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a cell: ``None`` → ``""``; text starting like a formula gets a leading
    ``'``; numbers and dates stay as they are (a negative amount is no formula)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    return value


def csv_line(values: Iterable[object], delimiter: str = ",") -> str:
    """One CSV line of safe cells (what a streamed export yields per row)."""
    buffer = io.StringIO()
    cells = [cell if isinstance(cell := safe_cell(value), str) else str(cell) for value in values]
    csv.writer(buffer, delimiter=delimiter).writerow(cells)
    return buffer.getvalue()
