"""URL map of the customer area (/kunden) and its wiring into the app."""

from pathlib import Path

from flask import Blueprint, Flask, abort, g, render_template
from flask_login import current_user

bp = Blueprint("portal", __name__, url_prefix="/kunden")


@bp.before_request
def require_tenant():
    """Only tenant hosts serve the customer area."""
    if g.get("tenant") is None:
        abort(404)


def signed_in_contact():
    """The signed-in contact, or ``None`` (a staff session never counts here)."""
    if current_user.is_authenticated and current_user.realm == "contact":
        return current_user
    return None


@bp.get("/")
def home():
    """Dashboard for a signed-in contact, the sign-in page for everybody else."""
    contact = signed_in_contact()
    if contact is None:
        return render_template("portal/signed_out.html")
    return render_template("portal/home.html", contact=contact)


def init_app(app: Flask) -> None:
    """Register the blueprint and its templates."""
    from gorilla.wiring import add_template_dir

    add_template_dir(app, Path(__file__).resolve().parent / "templates")
    app.register_blueprint(bp)
