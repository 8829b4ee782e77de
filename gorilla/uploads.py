"""One upload limit (``UPLOAD_MAX_BYTES``): file fields show it, carry it to the browser check in
``static/upload-limit.js`` and the server enforces it while reading the file, so the form comes
back with what was typed. Whole requests are capped far higher, only against floods."""

from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField

from gorilla.money import number

MEGABYTE = 1024 * 1024


class UploadTooLarge(ValueError):
    """The file is over the upload limit; ``str(error)`` is the user-facing reason."""


def upload_limit() -> int:
    """The largest file anyone may upload, in bytes."""
    return current_app.config["UPLOAD_MAX_BYTES"]


def megabytes_text(size: int) -> str:
    """``size`` bytes for people, in the user's locale: ``2 MB``, ``1,5 MB``."""
    megabytes = (Decimal(size) / MEGABYTE).quantize(Decimal("0.1"))
    return f"{number(megabytes)} MB"


def upload_limit_text() -> str:
    """The limit for people, in the user's locale: ``2 MB``, ``1,5 MB``."""
    return megabytes_text(upload_limit())


def too_large_message() -> str:
    """What the form says about a file over the limit."""
    return _("The file is too large (at most %(size)s).", size=upload_limit_text())


def read_upload(stream) -> bytes:
    """The file's bytes, reading at most one byte over the limit; raises ``UploadTooLarge``."""
    data = stream.read(upload_limit() + 1)
    if len(data) > upload_limit():
        raise UploadTooLarge(too_large_message())
    return data


class _CarriesLimit:
    """A file input that carries the limit (``data-max-bytes``) and the message for the check
    in the browser, which refuses a too-large file before the form is sent."""

    def __call__(self, **kwargs):
        kwargs.setdefault("data_max_bytes", upload_limit())
        kwargs.setdefault("data_too_large", too_large_message())
        return super().__call__(**kwargs)


class LimitedFileField(_CarriesLimit, FileField):
    """A file input with the upload limit."""


class LimitedMultipleFileField(_CarriesLimit, MultipleFileField):
    """Several files at once (ticket attachments), each under the upload limit."""


def attachments_field() -> "LimitedMultipleFileField":
    """Files sent with a message (checked by ``gorilla.attachments``)."""
    return LimitedMultipleFileField(_l("Attachments"))
