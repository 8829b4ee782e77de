"""Template helpers shared by every page."""

from flask import Flask, current_app, has_request_context, request, url_for
from flask.globals import request_ctx

from gorilla.money import money, number, percent
from gorilla.uploads import upload_limit_text

MEMOIZED_URLS_MAX = 4096


def memoized_url_for(endpoint: str, **values) -> str:
    """``url_for`` for templates: a link without arguments is built once per app and script root.

    Navigation bars repeat the same few argument-less links on every page; building each one
    through the URL map costs more than the rest of the link's rendering. Links with values,
    relative endpoints (``.name``) and calls outside a request go to ``url_for`` unchanged.
    A request whose Host Werkzeug refused has no URL adapter; its links are built host-less.
    """
    if has_request_context() and request_ctx.url_adapter is None:
        return hostless_url(endpoint, **values)
    if values or endpoint.startswith(".") or not has_request_context():
        return url_for(endpoint, **values)
    cache = current_app.extensions["gorilla.memoized_urls"]
    key = (endpoint, request.script_root)
    url = cache.get(key)
    if url is None:
        url = url_for(endpoint)
        if len(cache) < MEMOIZED_URLS_MAX:
            cache[key] = url
    return url


def hostless_url(endpoint: str, **values) -> str:
    """The path of ``endpoint`` under the request's script root, built without the Host header.

    Only the error page of a malformed Host (Werkzeug's ``BadHost``) needs it, for its static links.
    """
    adapter = current_app.url_map.bind("localhost", script_name=request.script_root or "/")
    return adapter.build(endpoint, values)


def init_app(app: Flask) -> None:
    """Install the template helpers."""
    app.extensions["gorilla.memoized_urls"] = {}
    app.jinja_env.globals["url_for"] = memoized_url_for
    app.jinja_env.filters.update(money=money, number=number, percent=percent)
    app.jinja_env.globals["upload_limit_text"] = upload_limit_text
