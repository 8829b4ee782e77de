"""JSON answers: one record with its ETag, a page of records with its cursor, and the
``If-Match`` check before a change."""

import base64
import hashlib
import json
from typing import Any

from flask import jsonify, request
from marshmallow import Schema
from sqlalchemy import Select

from gorilla.bounds import MAX_INT
from gorilla.extensions import db

from .errors import ApiError

DEFAULT_LIMIT, MAX_LIMIT = 25, 100


def etag_of(body: dict[str, Any]) -> str:
    """A strong ETag of the record as the API shows it."""
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return f'"{digest[:32]}"'


def one(schema: Schema, record, status: int = 200):
    """``record`` as JSON with its ETag; after a change, as the database now holds it (so the
    ETag equals the one a later GET shows)."""
    if request.method != "GET":
        db.session.flush()
        db.session.refresh(record)
    body = schema.dump(record)
    response = jsonify(body)
    response.status_code = status
    response.headers["ETag"] = etag_of(body)
    return response


def check_if_match(schema: Schema, record) -> None:
    """A change must name the version it changes: no If-Match → 428, another version → 412."""
    if not request.if_match:
        raise ApiError(428)
    if not request.if_match.contains(etag_of(schema.dump(record)).strip('"')):
        raise ApiError(412)


def encode_cursor(last_id: int) -> str:
    """An opaque position after the record ``last_id``."""
    return base64.urlsafe_b64encode(f"v1:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor stands after; 400 for anything a client made up."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, _, number = text.partition(":")
        value = int(number)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, code="invalid_cursor") from None
    if version != "v1" or not 0 <= value <= MAX_INT:
        raise ApiError(400, code="invalid_cursor")
    return value


def page(schema: Schema, query: Select, model, args: dict[str, Any]):
    """A page of ``query`` in id order after ``args["cursor"]``, at most ``args["limit"]``
    records (one query: one row more than shown tells whether another page follows)."""
    limit = args.get("limit") or DEFAULT_LIMIT
    if args.get("cursor"):
        query = query.where(model.id > decode_cursor(args["cursor"]))
    rows = list(db.session.scalars(query.order_by(model.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = encode_cursor(rows[-1].id) if more else None
    return jsonify({"data": schema.dump(rows, many=True), "next_cursor": cursor})
