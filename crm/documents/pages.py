"""Staff-page steps every sales document repeats: the list filters of the query string, the
send dialog, saving the edit form, acting on a document the status may forbid."""

from collections.abc import Callable, Iterable
from typing import Any

from flask import abort, flash, render_template, request
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

import mail_templates
from gorilla.bounds import record_id
from gorilla.choices import LabelledEnum

Refusals = type[Exception] | tuple[type[Exception], ...]


def list_filter_args(statuses: type[LabelledEnum]) -> dict[str, Any]:
    """``status`` (``?status=``, one of ``statuses`` or ``None``) and ``customer_id``
    (``?customer=``) for a document list's filter."""
    status = request.args.get("status")
    return {
        "status": status if statuses.has(status) else None,
        "customer_id": request.args.get("customer", type=record_id),
    }


def send_dialog(
    form: FlaskForm,
    send: Callable[[Iterable[int]], int],
    sent: Callable[[int], str],
    done: Response,
    template: str,
    locked: Refusals = (),
    **context,
) -> Response | str:
    """The send dialog: on a valid POST ``send`` to the ticked ``contact_ids``, flash
    ``sent(count)`` and answer ``done``; a switched-off template becomes the field's error,
    ``locked`` answers 409. Otherwise ``template`` with ``form`` and ``context``."""
    if form.validate_on_submit():
        try:
            count = send(form.contact_ids.data)
        except locked:
            abort(409)
        except mail_templates.NotQueued as error:
            form.contact_ids.errors.append(str(error))
        else:
            flash(sent(count), "success")
            return done
    return render_template(template, form=form, **context)


def save_flashed(save: Callable[[], object], saved: str, locked: Refusals, refused: str) -> None:
    """Run ``save`` and flash ``saved``, or ``refused`` (an error) when it raises ``locked``."""
    try:
        save()
    except locked:
        flash(refused, "error")
    else:
        flash(saved, "success")


def act(document, action: Callable[[Any], Any], locked: Refusals, done: str):
    """``action(document)`` (delete a draft, cancel, terminate …), then flash ``done``;
    ``locked`` (the status forbids it) answers 409. Returns what ``action`` returned."""
    try:
        result = action(document)
    except locked:
        abort(409)
    flash(done, "success")
    return result
