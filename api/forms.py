"""Writes through the screens' forms: a JSON body becomes the form data the screen would send,
so the API keeps exactly the screen's rules (required fields, lengths, choices, unique email)."""

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from marshmallow import Schema
from werkzeug.datastructures import MultiDict
from wtforms import Form

from .errors import ApiError


def form_data(values: Mapping[str, Any]) -> MultiDict:
    """``values`` as a browser would post them (ticked boxes ``y``, repeated lists)."""
    data = MultiDict()
    for name, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            data.add(name, "y")
        elif isinstance(value, list | tuple | set):
            for item in value:
                data.add(name, str(item))
        elif isinstance(value, date):
            data.add(name, value.isoformat())
        else:
            data.add(name, str(value))
    return data


def merged(schema: Schema, record, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The record's writable fields as the API shows them, ``changes`` applied (PATCH)."""
    writable = {name for name, field in schema.fields.items() if not field.dump_only}
    current = schema.dump(record)
    return {name: current[name] for name in writable if name in current} | dict(changes)


def messages_of(errors) -> list[str]:
    """Every message of a nested error structure (form or schema), in order."""
    if isinstance(errors, dict):
        return [text for value in errors.values() for text in messages_of(value)]
    if isinstance(errors, list | tuple):
        return [text for value in errors for text in messages_of(value)]
    return [str(errors)]


def validated(make_form: Callable[..., Form], values: Mapping[str, Any], **options) -> Form:
    """The form built by ``make_form`` from ``values``, validated; 422 with its field errors."""
    form = make_form(formdata=form_data(values), meta={"csrf": False}, **options)
    if not form.validate():
        raise ApiError(422, fields={name: messages_of(errs) for name, errs in form.errors.items()})
    return form


def pick(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Only ``names`` of ``data`` (a form also holds fields the API does not show)."""
    return {name: data[name] for name in names if name in data}
