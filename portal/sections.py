"""Customer-area sections (Rechnungen, Projekte, …) gated by the contact's permissions.

Modules register their section; navigation and the start page show only what the signed-in
contact may open, and a view of a section answers 403 without the permission.

On the start page (``/kunden/``) a section shows a **panel** when it brings one (a template
and a loader running one bounded query for the contact: open invoices with amounts, active
projects with progress), else a tile with its ``count``. Later sections fill their slot the
same way, e.g. estimates and proposals to answer, open tickets. A feature's blueprint adds
its section::

    add_section(bp, Section("portal.estimates.list", _l("Estimates"), Permission.ESTIMATES,
                            of_customer(customer_estimate_count),
                            Panel("portal/estimates/_home.html",
                                  of_customer(estimates_to_answer, PANEL_LIMIT))))
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g

# How many rows a start-page panel lists.
PANEL_LIMIT = 5


@dataclass(frozen=True)
class Panel:
    """A section's box on the start page: template (name or compiled ``jinja2.Template``,
    rendered with ``data``) and loader ``load(contact) -> data`` (one bounded query)."""

    template: object
    load: Callable[[object], object]


@dataclass(frozen=True)
class Section:
    """One section: its list endpoint, label, permission, a counter for its start-page tile
    and, instead of the tile, an optional panel."""

    endpoint: str
    label: object
    permission: str
    count: Callable[[object], int]
    panel: Panel | None = None


def register_section(app: Flask, section: Section) -> None:
    """Make ``section`` appear for contacts holding its permission."""
    app.extensions.setdefault("gorilla.portal_sections", []).append(section)


def add_section(bp: Blueprint, section: Section) -> None:
    """Register ``section`` with the app that registers ``bp`` (the section's feature)."""
    bp.record_once(lambda state: register_section(state.app, section))


def of_customer(query: Callable[..., Any], *args: Any) -> Callable[[object], Any]:
    """A counter or panel loader from a query about one customer: ``query(customer_id, *args)``
    for the contact's customer."""
    return lambda contact: query(contact.customer_id, *args)


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
    """A start-page figure linking to its section."""

    endpoint: str
    label: object
    count: int


def home_items(contact) -> tuple[list[tuple[Panel, object]], list[Tile]]:
    """The start page of ``contact``: panels with their data, and tiles for the sections
    without a panel (one query per visible section)."""
    panels, tiles = [], []
    for section in visible_sections(contact):
        if section.panel is not None:
            panels.append((section.panel, section.panel.load(contact)))
        else:
            tiles.append(Tile(section.endpoint, section.label, section.count(contact)))
    return panels, tiles


def init_app(app: Flask) -> None:
    """Expose the navigation to templates."""

    @app.context_processor
    def portal_helpers():
        def portal_sections():
            contact = g.get("contact")
            if contact is None:
                return []
            return [(s.endpoint, s.label, s.permission) for s in visible_sections(contact)]

        return {"portal_sections": portal_sections}
