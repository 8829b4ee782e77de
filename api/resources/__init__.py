"""One module per resource; importing a module declares its operations (``api.operations``)."""

from . import (
    contacts,
    contracts,
    credit_notes,
    customers,
    estimates,
    invoices,
    projects,
    proposals,
    tasks,
    tickets,
)

__all__ = ["contacts", "contracts", "credit_notes", "customers", "estimates", "invoices",
           "projects", "proposals", "tasks", "tickets"]  # fmt: skip
