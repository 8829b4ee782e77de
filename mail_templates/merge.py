"""Perfex-style merge fields: plain substitution of an allow-list, values escaped for HTML.

Staff-edited templates are never evaluated as code: ``render`` only swaps ``{field}`` names
for values, and ``problems`` refuses template syntax and unknown fields when a template is saved.
"""

import re
from collections.abc import Iterable, Mapping

from markupsafe import escape

FIELD_RE = re.compile(r"\{([a-z_]+)\}")
# Anything that looks like an attempt at a placeholder: ``{name}``, ``{ Name.attr }``, ``{x()}``.
PLACEHOLDER_RE = re.compile(r"\{\s*([A-Za-z_][\w.\[\]'\"()]*)\s*\}")
TEMPLATE_CODE_RE = re.compile(r"\{\{.*?(\}\}|$)|\{%.*?(%\}|$)|\{#.*?(#\}|$)", re.DOTALL)
MAX_OUTPUT = 200_000  # characters of one rendered part


def unknown_fields(text: str, allowed: Iterable[str]) -> list[str]:
    """Placeholders in ``text`` (as written, e.g. ``{ Name }``) that are not in ``allowed``."""
    allowed = set(allowed)
    found = []
    for match in PLACEHOLDER_RE.finditer(TEMPLATE_CODE_RE.sub("", text or "")):
        if match.group(0)[1:-1] not in allowed and match.group(0) not in found:
            found.append(match.group(0))
    return found


def template_code(text: str) -> list[str]:
    """Jinja-style constructs (``{{ … }}``, ``{% … %}``, ``{# … #}``) found in ``text``."""
    return [match.group(0)[:40] for match in TEMPLATE_CODE_RE.finditer(text or "")]


def render(text: str, values: Mapping[str, object], *, html: bool) -> str:
    """Replace known ``{field}`` placeholders; unknown ones stay literally. Never runs code."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = "" if values[name] is None else str(values[name])
        return str(escape(value)) if html else value

    return FIELD_RE.sub(replace, text or "")[:MAX_OUTPUT]
