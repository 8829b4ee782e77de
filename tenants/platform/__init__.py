"""The platform site on the base domain: landing page (and agency sign-up)."""

from pathlib import Path

from flask import Blueprint, abort, g, redirect, render_template

bp = Blueprint(
    "platform",
    __name__,
    template_folder=str(Path(__file__).resolve().parent / "templates"),
)


@bp.get("/")
def landing():
    """Landing page on the base domain; a tenant's root leads to its customer area."""
    if g.get("tenant") is not None:
        return redirect("/kunden/")
    if g.site != "platform":
        abort(404)
    return render_template("platform/landing.html")
