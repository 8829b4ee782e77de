"""The set-password page of a realm (staff, contacts): reached through an emailed link, it
saves the chosen password, spends the link and signs the account in."""

from collections.abc import Callable
from typing import Any

from flask import render_template

from gorilla.auth import finish_sign_in, realm_of_request
from gorilla.forms import ChoosePasswordForm, password_problem
from gorilla.tokens import TokenInvalid


def set_password_page(
    token: str,
    find: Callable[[str], Any],
    save: Callable[[Any, str], bool],
    home: str,
    invalid: str,
):
    """The account ``find`` reads from ``token`` chooses a password (``set_password.html`` in
    the layout of the realm's area); ``save`` stores it and spends the link (``False`` when a
    simultaneous use of the link won), then the account is signed in and goes to ``home``. An
    expired, used or foreign link gets the template ``invalid`` with 410."""
    try:
        user = find(token)
    except TokenInvalid:
        return render_template(invalid), 410
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        if problem := password_problem(form.password.data, user.email):
            form.password.errors.append(problem)
        elif not save(user, form.password.data):
            return render_template(invalid), 410
        else:
            return finish_sign_in(user, home)
    layout = realm_of_request()[1].layout
    return render_template("set_password.html", layout=layout, form=form, user=user)
