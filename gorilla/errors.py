"""Error pages (400/403/404/413/429/503) in the request's language."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from gorilla.uploads import upload_limit_text

MESSAGES = {
    400: (_l("Bad request"), _l("This address does not belong to Gorilla.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    413: (_l("Upload too large"), None),  # the message names the limit, see render_error
    429: (_l("Too many attempts"), _l("Please wait a moment and try again.")),
    503: (
        _l("Temporarily unavailable"),
        _l("This workspace is currently not available. Please try again later."),
    ),
}


def render_error(error: HTTPException):
    """Render a friendly page for ``error`` with its status code and headers (``Allow``,
    ``Retry-After``)."""
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, error.description))
    if code == 400 and getattr(error, "description", None) and "CSRF" in str(error.description):
        message = _l("The form has expired. Please reload the page and try again.")
    if code == 403 and error.description != type(error).description:
        message = error.description  # a translated reason given with abort(403, …)
    if code == 413:
        message = _l(
            "The upload is too large: files may have at most %(size)s. Please go back, choose"
            " a smaller file and send the form again.",
            size=upload_limit_text(),
        )
    retry_after = getattr(error, "retry_after", None)
    if code == 429 and isinstance(retry_after, int):
        message = _l(
            "Too many failed attempts. Please try again in %(minutes)d minutes.",
            minutes=max(1, round(retry_after / 60)),
        )
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    page = render_template("errors/error.html", code=code, title=title, message=message)
    return page, code, headers


def init_app(app: Flask) -> None:
    """Register the handler for every HTTP error."""
    app.register_error_handler(HTTPException, render_error)
