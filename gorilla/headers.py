"""Security and cache headers on every response, set in one ``after_request``.

Scripts come only from our own static files (no inline script, no ``on…=`` handlers); inline
``style`` attributes stay allowed (``style-src-attr``) because the email preview renders the
email HTML, which needs them, while ``<style>`` elements and foreign style sheets are refused.
"""

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    """``after_request``: the headers above; ``private, no-store`` on everything but static
    files (signed-in pages, PDFs and pictures must stay out of shared caches); HSTS on https."""
    response.headers.update(HEADERS)
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "private, no-store"
    if request.is_secure or current_app.config.get("URL_SCHEME") == "https":
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def init_app(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(add_security_headers)
