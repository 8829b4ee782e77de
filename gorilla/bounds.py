"""Record ids from URLs, query strings and forms stay in the database's integer range."""

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1  # PostgreSQL ``integer``, the type of every id column


def record_id(value: str) -> int:
    """An id from a request (``type=``/``coerce=record_id``); ``ValueError`` outside 1..MAX_INT."""
    number = int(value)
    if not 1 <= number <= MAX_INT:
        raise ValueError(f"not a record id: {value!r}")
    return number


def optional_record_id(value) -> int | None:
    """A select's value → id, the empty choice → ``None`` (``coerce=optional_record_id``)."""
    return record_id(value) if value not in (None, "", "None") else None


class RecordIdConverter(IntegerConverter):
    """``<int:…>`` that does not match numbers above MAX_INT: such a URL answers 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Make every ``<int:…>`` rule of the app use the bounded converter."""
    app.url_map.converters["int"] = RecordIdConverter
