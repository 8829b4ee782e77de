"""Global search results."""

from flask import render_template, request

from gorilla.extensions import db
from gorilla.search import MAX_QUERY, search


def results():
    """The best hits across every registered record type, with their type labels."""
    query = request.args.get("q", "", type=str)[:MAX_QUERY].strip()
    return render_template("search/results.html", query=query, hits=search(db.session, query))
