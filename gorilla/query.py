"""Query-string values without control characters, so no filter or search sends one to the DB."""

from flask import Flask, Request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

from gorilla.forms import CONTROL_CHARACTERS


class CleanQueryRequest(Request):
    """A request whose ``args`` hold no control characters (they mean nothing in a URL)."""

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The URL parameters with control characters removed from names and values."""
        return self.parameter_storage_class(
            (CONTROL_CHARACTERS.sub("", name), CONTROL_CHARACTERS.sub("", value))
            for name, value in super().args.items(multi=True)
        )


def init_app(app: Flask) -> None:
    """Serve every request of ``app`` as a CleanQueryRequest."""
    app.request_class = CleanQueryRequest
