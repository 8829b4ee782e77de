"""URL map of the legal pages of the customer area (readable without signing in)."""

from flask import Blueprint, render_template

from gorilla.legal import BY_SLUG, SLUG_RULE, legal_blocks

bp = Blueprint("legal", __name__, template_folder="templates")


def page(slug: str):
    """The agency's text, or a note that it has not written one."""
    return render_template("portal/legal/page.html", page=BY_SLUG[slug], blocks=legal_blocks(slug))


bp.add_url_rule(f"/{SLUG_RULE}", "page", page)
