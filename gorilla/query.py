"""Query-string parameters with control characters are dropped, as if they were not given."""

from flask import Flask, Request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

from gorilla.forms import CONTROL_CHARACTERS


class CleanQueryRequest(Request):
    """A request whose ``args`` hold no control characters (they mean nothing in a URL)."""

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The URL parameters without those whose name or value holds a control character."""
        return self.parameter_storage_class(
            (name, value)
            for name, value in super().args.items(multi=True)
            if not CONTROL_CHARACTERS.search(name + value)
        )


def init_app(app: Flask) -> None:
    """Serve every request of ``app`` as a CleanQueryRequest."""
    app.request_class = CleanQueryRequest
