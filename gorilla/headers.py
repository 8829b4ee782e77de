"""Security and cache headers on every response, set by one WSGI middleware.

Scripts come only from our own static files (no inline script, no ``on…=`` handlers); inline
``style`` attributes stay allowed (``style-src-attr``) because the email preview renders the
email HTML, which needs them, while ``<style>`` elements and foreign style sheets are refused.
"""

from flask import Flask

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


class SecurityHeaders:
    """WSGI middleware that puts the headers above on every response of ``wsgi_app``.

    Set as precomputed pairs on the WSGI header list, replacing any a view set: one pass over a
    short list instead of validating each value through ``Response.headers`` on every request.
    """

    def __init__(self, wsgi_app, static_prefix: str, https: bool):
        self.wsgi_app = wsgi_app
        self.static_prefix = static_prefix
        self.static = list(HEADERS.items())
        self.https = https
        if https:
            self.static.append(("Strict-Transport-Security", HSTS))
        self.page = [*self.static, ("Cache-Control", NO_STORE)]

    def __call__(self, environ, start_response):
        extra = self.static if environ["PATH_INFO"].startswith(self.static_prefix) else self.page
        if not self.https and environ["wsgi.url_scheme"] == "https":
            extra = [*extra, ("Strict-Transport-Security", HSTS)]
        names = {name.lower() for name, _value in extra}

        def start(status, headers, exc_info=None):
            headers[:] = [pair for pair in headers if pair[0].lower() not in names] + extra
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    """Wrap ``app`` so that every response carries the headers above, ``private, no-store``
    on everything but static files (signed-in pages, PDFs and pictures stay out of shared
    caches) and HSTS when ``URL_SCHEME`` or the request is https."""
    app.wsgi_app = SecurityHeaders(
        app.wsgi_app, f"{app.static_url_path}/", app.config.get("URL_SCHEME") == "https"
    )
