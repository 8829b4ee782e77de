"""Storing, handing out and removing attachment files of the current tenant."""

import contextlib
import secrets
import unicodedata
from collections.abc import Iterable

from flask import Flask, abort, current_app, send_file
from flask_babel import gettext as _
from sqlalchemy import func, inspect, select
from werkzeug.datastructures import FileStorage

from gorilla.extensions import db
from gorilla.forms import CONTROL_CHARACTERS
from gorilla.storage import tenant_folder
from gorilla.unit_of_work import on_commit, on_rollback
from gorilla.uploads import UploadTooLarge, read_upload
from tenants.settings import get_setting

from .models import StoredFile
from .types import detect_type

FOLDER = "files"  # below the tenant's upload folder
MEGABYTE = 1024 * 1024


class AttachmentRefused(ValueError):
    """The upload is not taken; ``str(error)`` is the user-facing reason."""


def init_app(app: Flask) -> None:
    """The operator's default quota per tenant (``ATTACHMENT_QUOTA_MB``, 500 MB)."""
    app.config.setdefault("ATTACHMENT_QUOTA_MB", 500)


def quota_bytes() -> int:
    """How much all attachments of the current tenant may take together: the tenant setting
    ``storage_quota_mb`` if the operator set one, else ``ATTACHMENT_QUOTA_MB``."""
    default = current_app.config["ATTACHMENT_QUOTA_MB"]
    return int(get_setting("storage_quota_mb", default)) * MEGABYTE


def used_bytes() -> int:
    """How much the current tenant's attachments take now."""
    return db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0)))


def _clean_name(filename: str | None, extension: str) -> str:
    """The uploader's file name, fit to show and to offer as download name."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = CONTROL_CHARACTERS.sub("", name).strip().strip(".")[:200]
    if not name:
        name = _("file")
    if not name.lower().endswith(f".{extension}"):
        name = f"{name}.{extension}"
    return name


def store_attachment(upload: FileStorage) -> StoredFile:
    """Check ``upload`` and keep it: the new ``StoredFile`` is added to the session, the file
    is written now and removed again if the request's transaction rolls back.

    Raises ``AttachmentRefused`` (too large, type not allowed, quota used up).
    """
    try:
        data = read_upload(upload.stream)
    except UploadTooLarge as error:
        raise AttachmentRefused(str(error)) from error
    if not data:
        raise AttachmentRefused(_("The file is empty."))
    kind = detect_type(data, upload.filename or "")
    if kind is None:
        raise AttachmentRefused(
            _("This file type is not allowed (PDF, images, office documents, text).")
        )
    if used_bytes() + len(data) > quota_bytes():
        raise AttachmentRefused(_("The storage space of your account is used up."))
    return _keep(data, kind, upload.filename)


def store_document(data: bytes, filename: str) -> StoredFile:
    """Keep a document the application made itself (a signed contract's PDF) like an upload,
    but outside the quota: a signature must never fail for lack of space."""
    kind = detect_type(data, filename)
    if kind is None:
        raise ValueError(f"not an allowed document type: {filename!r}")
    return _keep(data, kind, filename)


def _keep(data: bytes, kind: tuple[str, str], filename: str | None) -> StoredFile:
    content_type, extension = kind
    stored = StoredFile(
        name=secrets.token_hex(16),
        original_name=_clean_name(filename, extension),
        content_type=content_type,
        size=len(data),
    )
    folder = tenant_folder() / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / stored.name
    path.write_bytes(data)
    on_rollback(lambda: path.unlink(missing_ok=True))
    db.session.add(stored)
    return stored


def store_attachments(uploads: Iterable[FileStorage]) -> list[StoredFile]:
    """``store_attachment`` for every upload with a file name, all or none: when one is
    refused the ones stored before it are dropped again (session and disk) and
    ``AttachmentRefused`` is raised, so a form shown again with the error keeps nothing."""
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            if upload is not None and upload.filename:
                stored.append(store_attachment(upload))
    except AttachmentRefused:
        for row in stored:
            if inspect(row).persistent:  # flushed by the quota query of the next file
                db.session.delete(row)
            else:
                db.session.expunge(row)
            (tenant_folder() / FOLDER / row.name).unlink(missing_ok=True)
        raise
    return stored


def attachment_response(stored: StoredFile):
    """The download of ``stored``: images inline, everything else as attachment, always under
    the original name; 404 if the file is gone."""
    path = tenant_folder() / FOLDER / stored.name
    if not path.is_file():
        abort(404)
    return send_file(
        path,
        mimetype=stored.content_type,
        as_attachment=not stored.is_image,
        download_name=stored.original_name,
        max_age=0,
    )


def delete_attachment(stored: StoredFile) -> None:
    """Remove ``stored``: the row with the caller's transaction, the file once it committed."""
    path = tenant_folder() / FOLDER / stored.name
    db.session.delete(stored)

    def unlink() -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    on_commit(unlink)
