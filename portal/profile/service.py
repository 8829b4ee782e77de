"""Profile changes a contact may make itself; everything else is out of reach."""

from functools import partial

from crm.contacts.models import NOTIFICATIONS, NOTIFICATIONS_BY_PERMISSION, Contact
from crm.contacts.pictures import clean_picture
from gorilla.storage import delete_upload, save_upload
from gorilla.unit_of_work import on_commit, on_rollback
from tenants.settings import get_setting

EDITABLE = ("firstname", "lastname", "title", "phonenumber", "direction")


def text_direction(contact: Contact) -> str:
    """``rtl``/``ltr`` for the contact's pages: own choice, else the tenant default."""
    return contact.direction or get_setting("text_direction", "ltr")


def allowed_notifications(contact: Contact) -> list[str]:
    """Notification kinds the contact's permissions cover, in the canonical order."""
    covered = {flag for perm in contact.permissions for flag in NOTIFICATIONS_BY_PERMISSION[perm]}
    return [flag for flag in NOTIFICATIONS if flag in covered]


def update_profile(contact: Contact, values: dict, picture=None, remove_picture=False) -> None:
    """Apply the editable fields only and replace/remove the picture; a picture that cannot be
    used (``PictureError``) changes nothing. The replaced file is deleted once this commits,
    the new one when it does not."""
    cleaned = None
    if picture is not None and picture.filename:
        cleaned = clean_picture(picture.stream, picture.filename)
    for name in EDITABLE:
        setattr(contact, name, (values.get(name) or "").strip())
    old_picture = contact.profile_image
    if cleaned is not None:
        contact.profile_image = save_upload(cleaned.data, cleaned.extension)
        on_rollback(partial(delete_upload, contact.profile_image))
    elif remove_picture:
        contact.profile_image = None
    if contact.profile_image != old_picture:
        on_commit(partial(delete_upload, old_picture))


def change_password(contact: Contact, current: str, new: str) -> bool:
    """Change the password after checking the current one; ends other sessions."""
    if not contact.check_password(current):
        return False
    contact.set_password(new)
    return True


def set_notifications(contact: Contact, wanted: set[str]) -> None:
    """Switch the covered notification kinds on or off; others stay as they are."""
    for flag in allowed_notifications(contact):
        setattr(contact, flag, flag in wanted)
