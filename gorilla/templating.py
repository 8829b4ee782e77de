"""Template helpers shared by every page."""

from flask import Flask, current_app, has_request_context, request, url_for

from gorilla.money import money, number, percent
from gorilla.uploads import upload_limit_text

MEMOIZED_URLS_MAX = 4096


def memoized_url_for(endpoint: str, **values) -> str:
    """``url_for`` for templates: a link without arguments is built once per app and script root.

    Navigation bars repeat the same few argument-less links on every page; building each one
    through the URL map costs more than the rest of the link's rendering. Links with values,
    relative endpoints (``.name``) and calls outside a request go to ``url_for`` unchanged.
    """
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


def init_app(app: Flask) -> None:
    """Install the template helpers."""
    app.extensions["gorilla.memoized_urls"] = {}
    app.jinja_env.globals["url_for"] = memoized_url_for
    app.jinja_env.filters.update(money=money, number=number, percent=percent)
    app.jinja_env.globals["upload_limit_text"] = upload_limit_text
