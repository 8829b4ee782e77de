"""The common operations of a resource, declared from a description: list (cursor page with
equality filters), read, the PDF where the resource has one, and — where the resource has a
form and a save service — create and change (``PATCH`` with ``If-Match``). Resource modules add
what is special to them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from marshmallow import Schema
from sqlalchemy import Select, select

from gorilla.extensions import db

from .forms import merged, pick, validated
from .operations import operation
from .representation import check_if_match, one, page


@dataclass(frozen=True)
class Resource:
    """What the common operations need to know about one resource."""

    name: str  # plural, the tag and the endpoints' prefix: ``customers``
    title: str  # singular, for summaries: ``customer``
    model: type
    shown: Schema
    filters: Schema
    read_scope: str
    equal: tuple[str, ...] = ()  # list filters compared with ``==``
    narrow: Callable[[Select, dict], Select] | None = None  # further list filters
    options: tuple = ()  # loader options of the list (``selectinload``)
    detail: Schema | None = None  # what reading one shows, when more than a list row
    pdf: Callable[[Any], Any] | None = None  # the record's PDF download (``GET …/pdf``)
    segment: str = ""  # the path segment when it differs from ``name``: ``credit-notes``
    write_scope: str | None = None
    patch: Schema | None = None
    form: Callable[..., Any] | None = None  # builds the screen's form
    save: Callable[[Any, dict], Any] | None = None  # the service saving form data
    written: tuple[str, ...] = field(default_factory=tuple)  # form fields the service gets

    @property
    def id_name(self) -> str:
        """The path parameter: ``customer_id``."""
        return f"{self.title}_id"

    @property
    def item(self) -> str:
        """The record's path: ``/customers/<int:customer_id>``."""
        return f"{self.path}/<int:{self.id_name}>"

    @property
    def path(self) -> str:
        """The list's path: ``/customers``."""
        return f"/{self.segment or self.name}"

    @property
    def words(self) -> str:
        """The title as words, for summaries: ``credit note``."""
        return self.title.replace("_", " ")

    @property
    def a_title(self) -> str:
        """The title with its article: ``an invoice``."""
        return f"{'an' if self.title[0] in 'aeiou' else 'a'} {self.words}"


def _named(view: Callable, name: str, doc: str) -> Callable:
    view.__name__, view.__qualname__, view.__doc__ = name, name, doc
    return view


def declare_reads(res: Resource) -> None:
    """``GET /<name>``, ``GET /<name>/<id>`` and, with ``pdf``, ``GET /<name>/<id>/pdf``."""

    def listing(args):
        query = select(res.model).options(*res.options)
        for name in res.equal:
            if name in args:
                query = query.where(getattr(res.model, name) == args[name])
        if res.narrow is not None:
            query = res.narrow(query, args)
        return page(res.shown, query, res.model, args)

    def show(**ids):
        return one(res.detail or res.shown, db.get_or_404(res.model, ids[res.id_name]))

    def download(**ids):
        return res.pdf(db.get_or_404(res.model, ids[res.id_name]))

    shown_filters = [name for name in res.filters.fields if name not in ("cursor", "limit")]
    plural = res.name.replace("_", " ")
    about = f"{plural.capitalize()} in id order; filters: {', '.join(shown_filters)}."
    operation("GET", res.path, scope=res.read_scope, tag=res.name,
              summary=f"List {plural}", response=res.shown, listing=True,
              query=res.filters)(_named(listing, f"{res.name}_list", about))  # fmt: skip
    about = f"One {res.words} with its ETag."
    operation("GET", res.item, scope=res.read_scope, tag=res.name,
              summary=f"Read {res.a_title}", response=res.detail or res.shown,
              etag=True)(_named(show, f"{res.name}_show", about))  # fmt: skip
    if res.pdf is not None:
        about = f"The {res.words}'s PDF, drafts included."
        operation("GET", f"{res.item}/pdf", scope=res.read_scope, tag=res.name,
                  summary=f"Download {res.a_title} as PDF", media_type="application/pdf",
                  )(_named(download, f"{res.name}_pdf", about))  # fmt: skip


def declare_writes(res: Resource) -> None:
    """``POST /<name>`` and ``PATCH /<name>/<id>`` through the screen's form and service."""

    def create(data):
        form = validated(res.form, data)
        record = res.save(res.model(), pick(form.data, res.written))
        response = one(res.shown, record, 201)
        response.headers["Location"] = url_for(f"api.{res.name}_show", **{res.id_name: record.id})
        return response

    def update(data, **ids):
        record = db.get_or_404(res.model, ids[res.id_name])
        check_if_match(res.shown, record)
        form = validated(res.form, merged(res.patch, record, data), obj=record)
        res.save(record, pick(form.data, res.written))
        return one(res.shown, record)

    about = f"A new {res.title}, checked like the screen's form."
    operation("POST", res.path, scope=res.write_scope, tag=res.name,
              summary=f"Create {res.a_title}", response=res.shown, body=res.shown,
              status=201)(_named(create, f"{res.name}_create", about))  # fmt: skip
    about = f"Change the given fields; ``If-Match`` must carry the {res.title}'s ETag."
    operation("PATCH", res.item, scope=res.write_scope, tag=res.name,
              summary=f"Change {res.a_title}", response=res.shown, body=res.patch,
              etag=True)(_named(update, f"{res.name}_update", about))  # fmt: skip


def declare(res: Resource) -> None:
    """Every common operation the description allows."""
    declare_reads(res)
    if res.form is not None:
        declare_writes(res)
