"""The privacy-policy form of Einstellungen › Datenschutzerklärung."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from gorilla.forms import AppForm

MAX_POLICY_LENGTH = 100_000


class PrivacyPolicyForm(AppForm):
    """Plain text: paragraphs separated by blank lines, ``#`` lines as headings (no HTML)."""

    text = TextAreaField(_l("Privacy policy"), validators=[Length(max=MAX_POLICY_LENGTH)])
