"""Extension points for modules that attach to customers (projects, tasks, invoices).

A module registers a tab on the customer page, a notice above its tabs, and a guard that
refuses deleting a customer while it still owns that module's records.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app

ALL_CONTACTS = "admin.contacts.list"  # has its own navigation link
DeleteGuard = Callable[[object], str | None]


@dataclass(frozen=True)
class CustomerTab:
    """A tab on the customer page: label and endpoint taking ``customer_id``."""

    label: object
    endpoint: str


def register_customer_tab(app: Flask, label, endpoint: str) -> None:
    """Add a tab (after Profil and Kontakte) to the customer page."""
    app.extensions.setdefault("gorilla.customer_tabs", []).append(CustomerTab(label, endpoint))


def register_customer_notice(app: Flask, template: str) -> None:
    """Add a template shown above the tabs of every customer page (it gets ``customer``)."""
    app.extensions.setdefault("gorilla.customer_notices", []).append(template)


def customer_notices() -> list[str]:
    """Templates registered by later modules for the head of the customer page."""
    return current_app.extensions.get("gorilla.customer_notices", [])


def register_delete_guard(app: Flask, guard: DeleteGuard) -> None:
    """Add ``guard(customer) -> reason | None``; a reason refuses deleting the customer."""
    app.extensions.setdefault("gorilla.customer_delete_guards", []).append(guard)


def register_delete_cleanup(app: Flask, cleanup: Callable[[object], None]) -> None:
    """Add ``cleanup(customer)``, run in the delete's transaction before the customer goes
    (to remove what the database's cascade cannot: files on disk)."""
    app.extensions.setdefault("gorilla.customer_delete_cleanups", []).append(cleanup)


def run_delete_cleanups(customer) -> None:
    """Run every registered clean-up for ``customer``."""
    for cleanup in current_app.extensions.get("gorilla.customer_delete_cleanups", []):
        cleanup(customer)


def customer_tabs() -> list[CustomerTab]:
    """Tabs registered by later modules."""
    return current_app.extensions.get("gorilla.customer_tabs", [])


def is_customer_page(endpoint: str) -> bool:
    """Pages of a customer: its own, its contacts' and the tabs later modules registered."""
    if endpoint == ALL_CONTACTS:
        return False
    if endpoint.startswith(("admin.customers.", "admin.contacts.")):
        return True
    return any(tab.endpoint == endpoint for tab in customer_tabs())


def delete_refusals(customer) -> list[str]:
    """Reasons why ``customer`` cannot be deleted (empty when it can)."""
    guards = current_app.extensions.get("gorilla.customer_delete_guards", [])
    return [reason for guard in guards if (reason := guard(customer))]
