"""Form pieces shared by several screens."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from wtforms import (
    EmailField,
    Form,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from gorilla.auth import normalize_email

MIN_PASSWORD_LENGTH = 10
# A customer's website: no whitespace, a dot with something after it. The lookahead refuses
# whitespace first, so "a....... " fails in linear time instead of backtracking quadratically.
WEBSITE_PATTERN = r"^(?=\S*$)(https?://)?[^\s/$.?#]\S*\.\S+$"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(form, field) -> None:
    """Refuse control characters in text (a text area keeps tabs and line breaks)."""
    lines = isinstance(field, TextAreaField)
    pattern = CONTROL_CHARACTERS_BUT_LINES if lines else CONTROL_CHARACTERS
    if isinstance(field.data, str) and pattern.search(field.data):
        raise StopValidation(_l("Please remove the control characters."))


class TextMeta:
    """Form options of every form: text fields refuse control characters."""

    def bind_field(self, form, unbound_field, options):
        """Bind the field; text fields check for control characters before anything else."""
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField):
            field.validators = [no_control_characters, *field.validators]
        return field


class AppForm(FlaskForm):
    """The base of every form of the app (with CSRF token)."""

    Meta = TextMeta


class SubForm(Form):
    """The base of forms nested in an AppForm (``FormField``, ``FieldList``): no token."""

    class Meta(TextMeta):
        def get_translations(self, form):
            """German field errors, like the AppForm around it."""
            return translations


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (labels may be lazy translations)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A repeated field shown as one checkbox per choice (``name=value`` for each ticked)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        """Only offered values; the message is ours (WTForms' German catalog lacks its own)."""
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(_l("Please choose only from the offered options.")) from None


def assign_fields(record: object, data: Mapping[str, Any], names: Iterable[str]) -> None:
    """Copy the values of ``names`` that ``data`` holds onto ``record``; text is trimmed."""
    for name in names:
        if name in data:
            value = data[name]
            setattr(record, name, value.strip() if isinstance(value, str) else value)


MESSAGE_MAX = 20000


def message_field(required: bool = True) -> TextAreaField:
    """The text of a reply or note (at most ``MESSAGE_MAX`` characters)."""
    validators = [Length(max=MESSAGE_MAX)]
    if required:
        validators.insert(0, DataRequired(_l("Please enter a message.")))
    return TextAreaField(_l("Message"), validators=validators)


def website_field() -> StringField:
    """An optional website address (``https://`` may be left out)."""
    return StringField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=200),
            Regexp(WEBSITE_PATTERN, message=_l("Invalid website.")),
        ],
    )


def email_field() -> EmailField:
    """A required, valid email address field with German-translatable errors."""
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter the email address.")),
            Email(_l("Please enter a valid email address.")),
            Length(max=254),
        ],
    )


def password_problem(password: str, email: str) -> str | None:
    """Why ``password`` is too weak for the account ``email``, else ``None``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("At least 10 characters, please.")
    if normalize_email(password) == normalize_email(email):
        return _l("The password must not be the email address.")
    return None


def new_password_field(label=None) -> PasswordField:
    """A required password field with the length rule (the email rule needs the account)."""
    return PasswordField(
        label or _l("New password"),
        validators=[
            DataRequired(_l("Please enter a password.")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("At least 10 characters, please.")),
        ],
    )


def repeat_password_field(other: str, label=None) -> PasswordField:
    """A field that must equal the password field ``other``."""
    return PasswordField(
        label or _l("Repeat password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo(other, message=_l("The passwords do not match.")),
        ],
    )


class ChoosePasswordForm(AppForm):
    """``password`` and ``password_confirm`` on the set-password pages of staff and contacts."""

    password = new_password_field()
    password_confirm = repeat_password_field("password")


class CommentForm(AppForm):
    """A message in a discussion (a task's or a proposal's, written by staff or by a contact)."""

    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Please enter a comment.")), Length(max=10000)],
    )
