"""The app's request class: query parameters without control characters, and body limits that
tell a multipart form (its files go to disk) from a body parsed in memory."""

from flask import Flask, Request, current_app
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

from gorilla.forms import CONTROL_CHARACTERS


class GorillaRequest(Request):
    """A request whose ``args`` hold no control characters (they mean nothing in a URL) and whose
    body limit depends on its type; both are worked out only when a view reads them."""

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The URL parameters without those whose name or value holds a control character."""
        return self.parameter_storage_class(
            (name, value)
            for name, value in super().args.items(multi=True)
            if not CONTROL_CHARACTERS.search(name + value)
        )

    @property
    def max_content_length(self) -> int | None:
        """Only a multipart form may use all of ``MAX_CONTENT_LENGTH``; any other body is parsed
        in memory and held to ``MAX_TEXT_BODY_LENGTH``."""
        if self._max_content_length is not None or self.mimetype == "multipart/form-data":
            return Request.max_content_length.fget(self)
        return current_app.config["MAX_TEXT_BODY_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)


def init_app(app: Flask) -> None:
    """Serve every request of ``app`` as a GorillaRequest."""
    app.request_class = GorillaRequest
