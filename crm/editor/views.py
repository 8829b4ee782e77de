"""The editor's preview: Markdown in, the sanitised HTML a page or PDF will show out."""

from flask import request

from gorilla.richtext import MAX_LENGTH, render


def preview():
    """Render the posted ``text`` (CSRF-checked like every POST) as the document shows it."""
    text = request.form.get("text", "")[:MAX_LENGTH]
    return render(text), 200, {"Content-Type": "text/html; charset=utf-8"}
