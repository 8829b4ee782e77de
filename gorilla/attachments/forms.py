"""The form that uploads one attachment (the Dateien sections of staff and customers)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileRequired

from gorilla.forms import AppForm
from gorilla.uploads import LimitedFileField


class FileForm(AppForm):
    """One file to add."""

    file = LimitedFileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])


def upload_of(form: FileForm):
    """The uploaded file of a valid form, else ``None`` (the reason is in ``form.file.errors``)."""
    return form.file.data if form.validate_on_submit() else None
