"""Operations of the API as data: the blueprint mounts them, the OpenAPI document describes
them, so the two cannot drift apart.

A resource module declares each operation with :func:`operation`; the decorated view gets the
validated JSON body (``data``) when the operation has a ``body`` schema, and is refused with
403 unless the request's key holds the operation's ``scope``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError

from .errors import ApiError
from .forms import messages_of


@dataclass(frozen=True)
class Operation:
    """One method on one path, with what the document says about it."""

    method: str
    path: str  # Flask rule below /api/v1, e.g. ``/customers/<int:customer_id>``
    view: Callable
    scope: str
    tag: str
    summary: str
    response: Schema | None = None
    body: Schema | None = None
    listing: bool = False  # cursor-paginated list of ``response``
    query: Schema | None = None  # filters of a list
    etag: bool = False  # the answer carries an ETag; a body needs If-Match
    status: int = 200
    media_type: str = "application/json"

    @property
    def endpoint(self) -> str:
        """The view's endpoint name below ``api.``."""
        return self.view.__name__


OPERATIONS: list[Operation] = []
# marshmallow's fixed messages, here so that the catalog keeps their translations
SCHEMA_MESSAGES = (
    _l("Missing data for required field."), _l("Unknown field."), _l("Not a valid integer."),
    _l("Not a valid string."), _l("Not a valid boolean."), _l("Not a valid date."),
    _l("Not a valid list."), _l("Field may not be null."), _l("Invalid input type."),
)  # fmt: skip


def _load(schema: Schema, payload: dict, status: int) -> dict[str, Any]:
    try:
        return schema.load(payload)
    except ValidationError as error:
        messages = error.normalized_messages()
        fields = {name: [_(text) for text in messages_of(texts)]
                  for name, texts in messages.items()}  # fmt: skip
        raise ApiError(status, fields=fields) from None


def _body(schema: Schema) -> dict[str, Any]:
    if not request.is_json:
        raise ApiError(415)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError(400)
    return _load(schema, payload, 422)


def operation(method: str, path: str, *, scope: str, **details) -> Callable:
    """Register the decorated function as the operation ``method path`` (see ``Operation``)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(**kwargs):
            if scope not in g.api_key.scope_set:
                raise ApiError(403)
            if details.get("query") is not None:
                kwargs["args"] = _load(details["query"], request.args.to_dict(), 400)
            if details.get("body") is not None:
                kwargs["data"] = _body(details["body"])
            return view(**kwargs)

        OPERATIONS.append(Operation(method, path, checked, scope, **details))
        return checked

    return decorate
