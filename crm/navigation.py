"""The staff area's main navigation: each feature blueprint adds its link.

The links render in ``admin_base.html`` in ``order``; a link is highlighted on the pages its
``highlights`` test accepts (default: the pages of its own blueprint), the first in order
winning. Which link a page highlights is worked out once per endpoint, not per request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from flask import Flask, current_app


@dataclass(frozen=True)
class NavItem:
    """A main-navigation link: target endpoint, label, position and the pages it marks."""

    endpoint: str
    label: object
    order: int
    highlights: Callable[[str], bool] | None = None
    admin_only: bool = False

    def marks(self, endpoint: str) -> bool:
        """Whether pages of ``endpoint`` belong to this link."""
        if self.highlights is not None:
            return self.highlights(endpoint)
        return endpoint.startswith(self.endpoint.rpartition(".")[0] + ".")


def register_nav_item(app: Flask, item: NavItem) -> None:
    """Add ``item`` to the staff navigation of ``app``."""
    items = app.extensions.setdefault("gorilla.staff_nav", [])
    items.append(item)
    items.sort(key=attrgetter("order"))


def nav_items() -> list[NavItem]:
    """The links in display order."""
    return current_app.extensions.get("gorilla.staff_nav", [])


def highlighted(endpoint: str | None) -> str | None:
    """Target endpoint of the link highlighted on pages of ``endpoint`` (None: no link)."""
    memo = current_app.extensions.setdefault("gorilla.staff_nav_highlighted", {})
    if endpoint not in memo:
        marking = (item.endpoint for item in nav_items() if item.marks(endpoint or ""))
        memo[endpoint] = next(marking, None)
    return memo[endpoint]


def init_app(app: Flask) -> None:
    """Expose the navigation to templates."""
    app.jinja_env.globals.update(nav_items=nav_items, nav_highlighted=highlighted)
