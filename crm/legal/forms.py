"""The three legal texts of the agency."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from gorilla.forms import AppForm
from gorilla.legal import MAX_LENGTH


class LegalTextsForm(AppForm):
    """Plain text each (paragraphs, ``#`` headings), shown in the customer area."""

    imprint = TextAreaField(_l("Legal notice"), validators=[Length(max=MAX_LENGTH)])
    terms = TextAreaField(_l("Terms of service"), validators=[Length(max=MAX_LENGTH)])
    dpa = TextAreaField(_l("Data processing agreement"), validators=[Length(max=MAX_LENGTH)])
