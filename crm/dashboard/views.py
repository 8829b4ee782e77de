"""Staff dashboard."""

from flask import g, render_template

from .widgets import loaded_widgets


def dashboard():
    """Start page: the registered widgets, one query each."""
    return render_template("dashboard/index.html", widgets=loaded_widgets(g.staff))
