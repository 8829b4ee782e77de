"""One module per resource; importing a module declares its operations (``api.operations``)."""

from . import contacts, customers, invoices, projects, tasks

__all__ = ["contacts", "customers", "invoices", "projects", "tasks"]
