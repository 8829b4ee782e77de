"""Pages of a list query: fetch one row more than shown instead of counting every row."""

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select, func, select

from gorilla.bounds import MAX_INT
from gorilla.extensions import db

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    """Rows of one page, its number and whether a next page exists."""

    items: list[Any]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.page > 1


def requested_page() -> int:
    """The ``?page=`` number of the request: 1 unless a number, at most MAX_INT."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_INT)


def _rows(query: Select, page: int, size: int, scalars: bool) -> list[Any]:
    query = query.offset((page - 1) * size).limit(size + 1)
    result = db.session.scalars(query) if scalars else db.session.execute(query)
    return list(result.all())


def paginate(query: Select, page: int, size: int = PAGE_SIZE, *, scalars: bool = True) -> Page:
    """Run ``query`` for page ``page`` (1-based) of ``size`` rows; beyond the end, the last page."""
    page = min(max(page, 1), MAX_INT)
    rows = _rows(query, page, size, scalars)
    if not rows and page > 1:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        page = max(-(-total // size), 1)
        rows = _rows(query, page, size, scalars)
    return Page(rows[:size], page, has_next=len(rows) > size)


def page_of(items: list[Any], page: int, size: int = PAGE_SIZE) -> Page:
    """Page ``page`` (1-based) of ``items``: all the rows, or at least those up to one past
    that page, in order; beyond the end, the last page."""
    page = min(max(page, 1), MAX_INT)
    if page > 1 and len(items) <= (page - 1) * size:
        page = max(-(-len(items) // size), 1)
    start = (page - 1) * size
    return Page(items[start : start + size], page, has_next=len(items) > start + size)
