"""Form pieces shared by several screens."""

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import DataRequired, Email, EqualTo, Length

from gorilla.auth import normalize_email

MIN_PASSWORD_LENGTH = 10


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Select options from ``(value, label)`` pairs (labels may be lazy translations)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A repeated field shown as one checkbox per choice (``name=value`` for each ticked)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def assign_fields(record: object, data: Mapping[str, Any], names: Iterable[str]) -> None:
    """Copy the values of ``names`` that ``data`` holds onto ``record``; text is trimmed."""
    for name in names:
        if name in data:
            value = data[name]
            setattr(record, name, value.strip() if isinstance(value, str) else value)


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


class ChoosePasswordForm(FlaskForm):
    """``password`` and ``password_confirm`` on the set-password pages of staff and contacts."""

    password = new_password_field()
    password_confirm = repeat_password_field("password")
