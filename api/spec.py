"""The OpenAPI 3.1 document, built by apispec from the declared operations and their
marshmallow schemas (``/api/v1/openapi.json``)."""

import re
from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from gorilla.bounds import MAX_INT

from .errors import CODES
from .operations import OPERATIONS, Operation

PARAMETER = re.compile(r"<int:(\w+)>")
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
DESCRIPTION = (
    "REST API of one Gorilla workspace. Authenticate with `Authorization: Bearer <key>` (keys:"
    " Einstellungen › API). Lists are paged by an opaque `cursor`; a change needs the"
    ' record\'s `ETag` in `If-Match`. Errors read `{"error": {"code", "message",'
    ' "fields"}}` in the language of `Accept-Language` (German or English).'
)


def _name(schema) -> str:
    return type(schema).__name__


def _errors(op: Operation) -> list[int]:
    codes = [401, 403, 406, 429]
    if PARAMETER.search(op.path):
        codes.append(404)
    if op.query is not None:
        codes.append(400)
    if op.method != "GET":
        codes += [400, 409, 413, 415, 422]
    if op.etag and op.method != "GET":
        codes += [412, 428]
    return sorted(set(codes))


def _success(op: Operation) -> dict:
    if op.media_type != "application/json":
        return {"description": "The file", "content": {op.media_type: {"schema": {}}}}
    schema = _name(op.response)
    if op.listing:
        schema = {
            "type": "object",
            "required": ["data", "next_cursor"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
                "next_cursor": {"type": ["string", "null"]},
            },
        }
    headers = {"ETag": {"schema": {"type": "string"}}} if op.etag else {}
    return {
        "description": "Success",
        "headers": headers,
        "content": {"application/json": {"schema": schema}},
    }


def _operation(op: Operation) -> dict:
    parameters = [
        {"in": "path", "name": name, "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_INT}}
        for name in PARAMETER.findall(op.path)
    ]  # fmt: skip
    if op.query is not None:
        parameters.append({"in": "query", "schema": op.query})
    if op.etag and op.method != "GET":
        parameters.append({"in": "header", "name": "If-Match", "required": True,
                           "schema": {"type": "string"}})  # fmt: skip
    responses = {str(op.status): _success(op)}
    for code in _errors(op):
        responses[str(code)] = {
            "description": str(CODES[code][1]),
            "content": {"application/json": {"schema": "Error"}},
        }
    spec = {
        "operationId": op.endpoint,
        "summary": op.summary,
        "description": op.view.__doc__ or "",
        "tags": [op.tag],
        "security": [{"bearer": [op.scope]}],
        "parameters": parameters,
        "responses": responses,
        "x-scope": op.scope,
    }
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _name(op.body)}},
        }
    return spec


@cache
def document() -> dict:
    """The OpenAPI document (built once per process)."""
    spec = APISpec(
        title="Gorilla API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={"description": DESCRIPTION},
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", ERROR)
    shown = {_name(schema): schema for op in OPERATIONS for schema in (op.response, op.body)
             if schema is not None}  # fmt: skip
    for name, schema in shown.items():
        spec.components.schema(name, schema=type(schema))
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        path = PARAMETER.sub(r"{\1}", op.path)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()
