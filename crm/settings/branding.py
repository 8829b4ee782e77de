"""The agency's look on every page of its host: logo and brand colour.

Two public routes on tenant hosts (sign-in pages and emails need them before anyone signs
in): ``/brand/logo`` (the stored picture, ``nosniff`` like every response) and
``/brand/style.css``, a few CSS custom properties with the brand colour. A style sheet of our
own origin keeps the Content-Security-Policy strict (no inline ``<style>``). Pages read the
brand through the ``brand`` template variable, cached per tenant for ``TTL`` seconds (saving
the settings forgets it at once in this process; other processes follow within the TTL).
"""

import re
import time
from dataclasses import dataclass

from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    has_request_context,
    make_response,
    send_file,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError

from crm.contacts.pictures import MIMETYPES
from gorilla.pdf import DEFAULT_COLOR
from gorilla.storage import upload_path
from tenants.cache import MISSING, LRUCache
from tenants.company import company_profile

TTL = 30.0
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
bp = Blueprint("brand", __name__)
_cache = LRUCache(2048)


@dataclass(frozen=True)
class Brand:
    """What a page header shows of the agency."""

    name: str
    logo: str
    color: str

    @property
    def version(self) -> str:
        """Changes whenever logo or colour change: part of the addresses, so browsers reload."""
        return f"{self.color.lstrip('#')}{self.logo[:8]}"

    @property
    def css_url(self) -> str:
        return url_for("brand.style", v=self.version)

    @property
    def logo_url(self) -> str:
        return url_for("brand.logo", v=self.version) if self.logo else ""


def current_brand() -> Brand | None:
    """The current tenant's brand (``None`` on the platform host and outside requests)."""
    tenant = g.get("tenant") if has_request_context() else None
    if tenant is None:
        return None
    cached = _cache.get(tenant.id)
    if cached is not MISSING and cached[0] > time.monotonic():
        return cached[1]
    try:
        profile = company_profile()
    except SQLAlchemyError:  # an error page after a failed transaction: the plain header
        return None
    color = profile.brand_color if HEX_COLOR.fullmatch(profile.brand_color) else DEFAULT_COLOR
    brand = Brand(profile.company_name, profile.logo, color.lower())
    _cache.set(tenant.id, (time.monotonic() + TTL, brand))
    return brand


def forget_brand() -> None:
    """Drop the cached brand of the current tenant (after its settings changed)."""
    if g.get("tenant") is not None:
        _cache.delete(g.tenant.id)


def readable_ink(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (WCAG relative luminance)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#111827" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def _brand_or_404() -> Brand:
    brand = current_brand()
    if brand is None:
        abort(404)
    return brand


def logo():
    """The tenant's logo, public (emails and sign-in pages show it)."""
    path = upload_path(_brand_or_404().logo)
    if path is None:
        abort(404)
    return send_file(path, mimetype=MIMETYPES[path.suffix.lstrip(".")], max_age=0)


def style():
    """``--brand`` and a readable text colour on it, for ``gorilla.css`` to use."""
    color = _brand_or_404().color
    css = f":root {{ --brand: {color}; --brand-ink: {readable_ink(color)}; }}\n"
    response = make_response(css)
    response.headers["Content-Type"] = "text/css; charset=utf-8"
    return response


bp.add_url_rule("/brand/logo", "logo", logo)
bp.add_url_rule("/brand/style.css", "style", style)


def init_app(app: Flask) -> None:
    """Mount the two routes; ``base.html`` asks ``current_brand()`` for the header."""
    app.register_blueprint(bp)
    app.jinja_env.globals["current_brand"] = current_brand
