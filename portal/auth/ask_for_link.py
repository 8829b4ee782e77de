"""The page on which a contact asks for a link by email (forgot password, sign-in link)."""

from collections.abc import Callable

from flask import render_template


def ask_for_link(form, request_link: Callable[[str], None], heading: str, intro: str, sent: str):
    """``form.email`` asks for a link (``request_link`` records the request); the answer,
    ``sent``, never tells whether the address is known. ``heading`` and ``intro`` name the
    link on the page."""
    done = False
    if form.validate_on_submit():
        request_link(form.email.data)
        done = True
    return render_template(
        "portal/ask_for_link.html",
        form=form,
        sent=done,
        heading=heading,
        intro=intro,
        sent_text=sent,
    )
