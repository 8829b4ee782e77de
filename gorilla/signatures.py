"""Drawn signatures: one form, one check, one set of columns for every document a contact
signs (estimates, proposals, contracts), and the form to decline one.

The page's canvas (``static/signature-pad.js``, macro ``macros/signature.html``) posts a PNG
data URL in the field ``signature``. The server decodes it strictly, opens it with Pillow, checks
its size and that something was drawn, and re-encodes it, so only a clean PNG is ever stored
(per tenant, through ``gorilla.storage``). Who signed, when and from which address is recorded
in the columns of ``SignatureColumns``.
"""

import base64
import binascii
import io
from datetime import datetime

from flask import g, request
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from gorilla.forms import AppForm, email_field, no_control_characters
from gorilla.storage import delete_upload, save_upload
from gorilla.unit_of_work import on_rollback

DATA_URL_PREFIX = "data:image/png;base64,"
# A drawn signature is a few kilobytes; the cap keeps decoding cheap.
MAX_DATA_URL_LENGTH = 400_000
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MIN_WIDTH, MIN_HEIGHT = 50, 20


class SignatureInvalid(ValueError):
    """The posted signature is not a drawn PNG; ``str(error)`` is the user-facing reason."""


def signature_png(data_url: str | None) -> bytes:
    """The PNG bytes of a posted signature data URL, re-encoded by Pillow.

    Raises ``SignatureInvalid`` when the value is not a PNG data URL, not a readable image of
    a sensible size, or blank.
    """
    if not data_url or not data_url.startswith(DATA_URL_PREFIX):
        raise SignatureInvalid(_l("Please sign in the box."))
    if len(data_url) > MAX_DATA_URL_LENGTH:
        raise SignatureInvalid(_l("The signature is too large."))
    try:
        raw = base64.b64decode(data_url[len(DATA_URL_PREFIX) :], validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG":
                raise SignatureInvalid(_l("The signature is not a valid image."))
            width, height = image.size
            if not (MIN_WIDTH <= width <= MAX_WIDTH and MIN_HEIGHT <= height <= MAX_HEIGHT):
                raise SignatureInvalid(_l("The signature is not a valid image."))
            drawing = image.convert("RGBA")
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError) as error:
        if isinstance(error, SignatureInvalid):
            raise
        raise SignatureInvalid(_l("The signature is not a valid image.")) from error
    if _is_blank(drawing):
        raise SignatureInvalid(_l("Please sign in the box."))
    out = io.BytesIO()
    drawing.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _is_blank(drawing: Image.Image) -> bool:
    """Whether nothing visible was drawn: fully transparent, or one flat colour."""
    alpha = drawing.getchannel("A")
    if alpha.getbbox() is None:
        return True
    visible = Image.new("RGBA", drawing.size, "white")
    visible.alpha_composite(drawing)
    ink = ImageOps.invert(visible.convert("L"))
    return ink.getbbox() is None


class SignatureField(HiddenField):
    """The hidden input the signature pad fills; after validation ``field.png`` holds the
    checked PNG bytes."""

    png: bytes | None = None

    def pre_validate(self, form) -> None:
        try:
            self.png = signature_png(self.data)
        except SignatureInvalid as error:
            self.png = None
            raise ValidationError(str(error)) from error


class SignatureForm(AppForm):
    """Who signs and the drawing: first name, last name, email and ``signature``."""

    firstname = StringField(
        _l("First name"),
        validators=[
            DataRequired(_l("Please enter the first name.")),
            Length(max=100),
            no_control_characters,
        ],
    )
    lastname = StringField(
        _l("Last name"),
        validators=[
            DataRequired(_l("Please enter the last name.")),
            Length(max=100),
            no_control_characters,
        ],
    )
    email = email_field()
    signature = SignatureField()


class DeclineForm(AppForm):
    """A contact declines a document, optionally saying why (``reason``)."""

    reason = TextAreaField(
        _l("Reason (optional)"), validators=[Length(max=2000), no_control_characters]
    )


class SignatureColumns:
    """Columns that record a signature on a document table (mix into a ``TenantModel``)."""

    signed_firstname: Mapped[str | None] = mapped_column(String(100))
    signed_lastname: Mapped[str | None] = mapped_column(String(100))
    signed_email: Mapped[str | None] = mapped_column(String(255))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_ip: Mapped[str | None] = mapped_column(String(45))
    signature_file: Mapped[str | None] = mapped_column(String(40))
    # The contact who signed or declined (no foreign key, like consents: proof outlives the
    # contact row); the GDPR export and anonymisation find a contact's answers by it.
    answered_by_id: Mapped[int | None] = mapped_column(Integer, index=True)

    @property
    def is_signed(self) -> bool:
        """Whether the document carries a signature."""
        return self.signed_at is not None

    @property
    def signed_name(self) -> str:
        """The signer's full name."""
        return f"{self.signed_firstname or ''} {self.signed_lastname or ''}".strip()


def record_signature(document: SignatureColumns, form: SignatureForm, now: datetime) -> None:
    """Store the checked drawing of ``form`` for the current tenant and record on ``document``
    who signed (the signed-in contact and the typed name), when and from which address. The
    stored file is removed again if the request's transaction rolls back."""
    name = save_upload(form.signature.png, "png")
    on_rollback(lambda: delete_upload(name))
    document.signed_firstname = form.firstname.data.strip()
    document.signed_lastname = form.lastname.data.strip()
    document.signed_email = form.email.data
    document.signed_at = now
    document.signed_ip = (request.remote_addr or "")[:45]
    document.signature_file = name
    contact = g.get("contact")
    document.answered_by_id = contact.id if contact is not None else None
