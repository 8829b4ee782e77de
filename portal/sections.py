"""Customer-area sections (Rechnungen, Projekte, …) gated by the contact's permissions.

Modules register their section; navigation and dashboard show only what the signed-in
contact may open, and a view of a section answers 403 without the permission.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort, current_app, g


@dataclass(frozen=True)
class Section:
    """One section: its list endpoint, label, permission and a counter for the dashboard."""

    endpoint: str
    label: object
    permission: str
    count: Callable[[object], int]


def register_section(app: Flask, section: Section) -> None:
    """Make ``section`` appear for contacts holding its permission."""
    app.extensions.setdefault("gorilla.portal_sections", []).append(section)


def visible_sections(contact) -> list[Section]:
    """Sections ``contact`` may open, in registration order."""
    sections = current_app.extensions.get("gorilla.portal_sections", [])
    return [section for section in sections if contact.has_permission(section.permission)]


def requires_permission(permission: str):
    """View decorator: 403 unless the signed-in contact holds ``permission``."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not g.contact.has_permission(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


@dataclass(frozen=True)
class Tile:
    """A dashboard figure linking to its section."""

    endpoint: str
    label: object
    count: int


def init_app(app: Flask) -> None:
    """Expose navigation and dashboard helpers to templates."""

    @app.context_processor
    def portal_helpers():
        def portal_sections():
            contact = g.get("contact")
            if contact is None:
                return []
            return [(s.endpoint, s.label, s.permission) for s in visible_sections(contact)]

        def dashboard_tiles(contact):
            return [Tile(s.endpoint, s.label, s.count(contact)) for s in visible_sections(contact)]

        return {"portal_sections": portal_sections, "dashboard_tiles": dashboard_tiles}
