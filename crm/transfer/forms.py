"""The upload form of the customer import and its confirmation."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from gorilla.forms import AppForm

MAX_IMPORT_BYTES = 10 * 1024 * 1024  # 10,000 rows with long addresses fit


class ImportUploadForm(AppForm):
    """The CSV file of customers and contacts."""

    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Please choose a CSV file."))],
        render_kw={"accept": ".csv,text/csv", "data_max_bytes": MAX_IMPORT_BYTES},
    )


class ImportConfirmForm(AppForm):
    """Confirming the previewed file; welcome emails only when asked for."""

    send_welcome = BooleanField(_l("Send the welcome email to the new contacts"))
