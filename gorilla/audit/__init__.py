"""The tenant's append-only activity and audit log: who did what and when.

Low in the layers so that sign-in (``gorilla.auth``, ``gorilla.sign_in_limits``) and every
feature can write entries with one call, ``record(...)``; the staff pages that show it live in
``crm.audit``.
"""

from .models import AuditAction, AuditEntry
from .service import purge_older_than, record

__all__ = ["AuditAction", "AuditEntry", "purge_older_than", "record"]
