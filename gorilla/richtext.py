"""Rich text, said once: staff write Markdown in an editor with a toolbar and a preview
(``static/richtext.js``, field ``RichTextField``); pages and PDFs show it as sanitised HTML.

Raw HTML in the Markdown is not passed through (markdown-it's ``html`` option is off) and the
rendered HTML is cleaned again with nh3, so a document shows only headings, emphasis, lists,
links, quotes and tables. ``sanitize`` cleans HTML that is written directly (task descriptions).
"""

import nh3
from flask import url_for
from markdown_it import MarkdownIt
from markupsafe import Markup
from wtforms import TextAreaField

# CommonMark plus tables and strikethrough; no raw HTML, links only with safe schemes.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "del", "h1", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# A document body is text; the cap keeps rendering cheap and bounded.
MAX_LENGTH = 100_000


def sanitize(html: str | None) -> str:
    """Rich text reduced to safe HTML (no scripts, event handlers or foreign styles)."""
    return nh3.clean(html or "", link_rel="noopener noreferrer").strip()


def render(markdown: str | None) -> Markup:
    """The Markdown ``markdown`` as safe HTML for a page or a PDF."""
    html = _MARKDOWN.render(markdown or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean.strip())


class RichTextField(TextAreaField):
    """A Markdown text area that ``richtext.js`` turns into an editor with toolbar and
    preview (``data-richtext`` carries the preview URL)."""

    def __call__(self, **kwargs):
        kwargs.setdefault("data_richtext", url_for("admin.editor.preview"))
        kwargs.setdefault("rows", 14)
        return super().__call__(**kwargs)
