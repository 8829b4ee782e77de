"""Files attached to documents (tickets, contracts, projects, …), said once.

A feature keeps its own link table with a foreign key to ``stored_files`` and calls
``store_attachment`` for an upload, ``attachment_response`` to hand it out and
``delete_attachment`` to remove it. The rules hold for every feature alike: files live under
the tenant's own upload folder with random names; the type is taken from the content (images
through Pillow, PDFs by their signature, an allow-list of office formats and plain text), never
from the name or the browser; each file is under ``UPLOAD_MAX_BYTES``; all of a tenant's
files together stay under its quota (config ``ATTACHMENT_QUOTA_MB``, per tenant the setting
``storage_quota_mb``); downloads carry ``Content-Disposition`` (attachment for anything but
images) and ``nosniff``.
"""

from .models import StoredFile
from .service import (
    AttachmentRefused,
    attachment_response,
    delete_attachment,
    init_app,
    quota_bytes,
    store_attachment,
    store_attachments,
    store_document,
    used_bytes,
)
from .types import detect_type

__all__ = [
    "AttachmentRefused",
    "StoredFile",
    "attachment_response",
    "delete_attachment",
    "detect_type",
    "init_app",
    "quota_bytes",
    "store_attachment",
    "store_attachments",
    "store_document",
    "used_bytes",
]
