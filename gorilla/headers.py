"""Security and cache headers on every response, set in one ``after_request``.

Scripts come only from our own static files (no inline script, no ``on…=`` handlers); inline
``style`` attributes stay allowed (``style-src-attr``) because the email preview renders the
email HTML, which needs them, while ``<style>`` elements and foreign style sheets are refused.
"""

from flask import Flask, Response, request

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
NO_STORE = "private, no-store"


def init_app(app: Flask) -> None:
    """Register the one ``after_request`` that sets the headers above on every response,
    ``private, no-store`` on everything but static files (signed-in pages, PDFs and pictures
    stay out of shared caches) and HSTS when ``URL_SCHEME`` or the request is https."""
    always = dict(HEADERS)
    if app.config.get("URL_SCHEME") == "https":
        always["Strict-Transport-Security"] = HSTS

    def add_security_headers(response: Response) -> Response:
        current = request._get_current_object()  # one proxy lookup instead of three
        response.headers.update(always)
        if current.endpoint != "static":
            response.headers["Cache-Control"] = NO_STORE
        if current.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        return response

    app.after_request(add_security_headers)
