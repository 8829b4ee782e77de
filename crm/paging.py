"""Pages of a list query: fetch one row more than shown instead of counting every row."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select

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


def paginate(query: Select, page: int, size: int = PAGE_SIZE, *, scalars: bool = True) -> Page:
    """Run ``query`` for page ``page`` (1-based) of ``size`` rows."""
    page = max(page, 1)
    query = query.offset((page - 1) * size).limit(size + 1)
    result = db.session.scalars(query) if scalars else db.session.execute(query)
    rows = list(result.all())
    return Page(rows[:size], page, has_next=len(rows) > size)
