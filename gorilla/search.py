"""Global search: a registry of searchable record types and one index table kept in step.

Each feature registers a ``SearchSource`` (its model, the columns its text comes from, how to
turn a row into a title and a body, and the page a hit links to). Every row of a registered
model has one row in the tenant table ``search_index``; an ``after_flush`` listener writes it in
the same transaction as the change, so every ORM write path keeps the index right. Bulk inserts
through Core bypass the ORM: their callers index them with ``index_inserted``; ``reindex`` rebuilds
a tenant's index (``gorilla tenants reindex``).

PostgreSQL searches a GIN-indexed ``tsvector`` expression (German configuration: stemming;
title weighted above body; prefix queries ``'term':*``). Names with typos or spelled otherwise
("Müler", "Mueller" find "Müller GmbH") go through the tenant's vocabulary ``search_words``:
each word of the titles once, folded and trigram-indexed (``pg_trgm`` in the schema
``extensions``, see ``gorilla.trigram``); a query word's similar words join the full-text query
as alternatives. The vocabulary grows with the distinct words, not with the records, so a typo
costs the same at 100 and at 20,000 customers. SQLite uses an
FTS5 table (``unicode61`` tokenizer without diacritics, prefix queries) that triggers on
``search_index`` keep in step, ranked by ``bm25`` with the title weighted above the body.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import Flask, current_app, has_app_context
from sqlalchemy import (
    DDL,
    ColumnElement,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    column,
    delete,
    event,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from gorilla.trigram import SCHEMA as TRGM_SCHEMA
from gorilla.trigram import fold, trigram_index
from gorilla.unit_of_work import attributes_changed
from tenants.model_base import TENANT_SCHEMA, TenantModel

logger = logging.getLogger(__name__)
SOURCES = "gorilla.search_sources"
LIMIT = 25
CANDIDATES = 200
MAX_QUERY = 200
MAX_TERMS = 8
BATCH = 2000

# The PostgreSQL document: the index expression and the query use exactly this text.
# Punctuation inside words (emails, numbers like RE-2026-0001) splits them as on SQLite.
DOCUMENT = (
    "(setweight(to_tsvector('german'::regconfig, translate(title, '@.-_/:', '      ')), 'A')"
    " || setweight(to_tsvector('german'::regconfig, translate(body, '@.-_/:', '      ')), 'B'))"
)
# A hit through similar words ranks below every full-text hit (whose rank is 1 + ts_rank).
WORD_MATCH = 1.0
# The vocabulary: words of the titles (letters only), and how many similar words a query word
# brings at most; the session's pending vocabulary changes (``_note_words``).
TITLE_WORD = re.compile(r"[^\W\d_]{3,40}")
ALTERNATIVES = 8
PENDING_WORDS = "gorilla.search_words"
GERMAN = "'german'::regconfig"
FTS_TABLE = "search_fts"
# Prefix indexes up to 8 characters: a prefix query ("vorname2"*) reads one list instead of
# merging the lists of every word it starts, which costs as much as it matches.
FTS_PREFIXES = "2 3 4 5 6 7 8"
SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, content='search_index',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='{prefixes}')"
)
SQLITE_DDL = (
    SQLITE_FTS.format(prefixes=FTS_PREFIXES),
    "CREATE TRIGGER search_index_ai AFTER INSERT ON search_index BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_index_ad AFTER DELETE ON search_index BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_index_au AFTER UPDATE ON search_index BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    f" INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)


# The GIN index of search_index, without pending list (``fastupdate = off``).
GIN_INDEXES = ("ix_search_index_document",)


class SearchEntry(TenantModel):
    """The searchable text of one record of a registered type."""

    __tablename__ = "search_index"
    __table_args__ = (
        UniqueConstraint("kind", "record_id"),
        # fastupdate off: no pending list of new entries that every search would read through.
        Index(
            "ix_search_index_document",
            text(DOCUMENT),
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    record_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")


class SearchWord(TenantModel):
    """A word of the index's titles, lower case, and folded for the trigram index (umlauts
    spelled out). Written on PostgreSQL only (SQLite has no trigrams); a word stays when its
    records go, until ``reindex`` rebuilds the vocabulary."""

    __tablename__ = "search_words"
    # GiST: the most similar words are read from the index, nearest first.
    __table_args__ = (trigram_index("ix_search_words_folded_trgm", "folded", using="gist"),)

    word: Mapped[str] = mapped_column(Text, primary_key=True)
    folded: Mapped[str] = mapped_column(Text)


for _statement in SQLITE_DDL:
    event.listen(
        SearchEntry.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite")
    )
TenantModel.metadata.info.setdefault("index_storage", set()).add(FTS_TABLE)


@dataclass(frozen=True)
class SearchSource:
    """A searchable record type: its title and body are its ``title``/``body`` columns joined."""

    kind: str
    label: object
    model: type
    title: tuple[str, ...]
    body: tuple[str, ...]
    endpoint: str
    id_arg: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The columns the indexed text comes from."""
        return self.title + self.body

    def text(self, row: Any) -> tuple[str, str]:
        """Title and body of ``row`` (a model instance or a row with the ``fields`` columns)."""
        return tuple(
            " ".join(str(value) for name in names if (value := getattr(row, name)))
            for names in (self.title, self.body)
        )


class Hit(NamedTuple):
    """One search result: its source, record id, title and body."""

    source: SearchSource
    record_id: int
    title: str
    body: str


def register_source(app: Flask, source: SearchSource) -> None:
    """Make the records of ``source.model`` searchable in ``app``."""
    app.extensions.setdefault(SOURCES, {})[source.kind] = source


def sources() -> dict[str, SearchSource]:
    """The registered sources by kind (none outside an app context)."""
    return current_app.extensions.get(SOURCES, {}) if has_app_context() else {}


def _entries(source: SearchSource, rows: Iterable[Any]) -> list[dict]:
    entries = []
    for row in rows:
        title, body = source.text(row)
        entries.append(
            {"kind": source.kind, "record_id": row.id, "title": title[:300], "body": body}
        )
    return entries


def _title_words(titles: Iterable[str]) -> set[str]:
    return {word.lower() for title in titles for word in TITLE_WORD.findall(title)}


def _word_rows(words: Iterable[str]) -> list[dict]:
    # Sorted: concurrent writers of the same words take their locks in one order.
    return [{"word": word, "folded": fold(word)} for word in sorted(words)]


def _add_words(connection: Connection, words: set[str]) -> None:
    if words:
        statement = postgresql_insert(SearchWord.__table__).on_conflict_do_nothing()
        connection.execute(statement, _word_rows(words))


def _drop_unused_words(connection: Connection, words: set[str]) -> None:
    """Delete ``words`` that no indexed record contains any more (an erased contact's name
    leaves the vocabulary with it); the full-text index answers, stems compared."""
    if not words:
        return
    vocabulary, entries = SearchWord.__table__, SearchEntry.__table__
    used = select(entries.c.id).where(
        literal_column(DOCUMENT).op("@@")(
            func.plainto_tsquery(literal_column(GERMAN), vocabulary.c.word)
        )
    )
    connection.execute(
        delete(vocabulary).where(vocabulary.c.word.in_(sorted(words)), ~used.exists())
    )


def _note_words(session: Session, added: set[str], gone: set[str]) -> None:
    """PostgreSQL: the vocabulary follows the index once the transaction has committed, in a
    short transaction of its own (``_update_vocabulary``): its rows are a cache of candidate
    words, and writing them here would hold their locks until a long request ends. Inside a
    migration (a session bound to a connection) they are written at once."""
    if not (added or gone):
        return
    bind = session.get_bind(SearchEntry)
    if bind.dialect.name != "postgresql":
        return
    if isinstance(bind, Connection):
        _add_words(bind, added)
        _drop_unused_words(bind, gone - added)
        return
    pending = session.info.setdefault(PENDING_WORDS, {})
    noted_added, noted_gone = pending.setdefault(bind, (set(), set()))
    noted_added |= added
    noted_gone |= gone


@event.listens_for(Session, "after_commit")
def _update_vocabulary(session: Session) -> None:
    """Write the committed transaction's vocabulary changes (see ``_note_words``); a failure
    loses nothing but a candidate word (``gorilla tenants reindex`` rebuilds them all)."""
    for engine, (added, gone) in session.info.pop(PENDING_WORDS, {}).items():
        try:
            with engine.begin() as connection:
                _add_words(connection, added)
                _drop_unused_words(connection, gone - added)
        except SQLAlchemyError:
            logger.warning("search vocabulary not updated", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget_vocabulary(session: Session) -> None:
    """The transaction's records are gone: so are its vocabulary changes."""
    session.info.pop(PENDING_WORDS, None)


def _insert_entries(session: Session, entries: list[dict]) -> None:
    session.execute(insert(SearchEntry.__table__), entries)


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context) -> None:
    """Rewrite the index rows of the flushed records of registered types (same transaction)."""
    by_model = {source.model: source for source in sources().values()}
    if not by_model:
        return
    stale, fresh = [], []
    for instance in session.new | session.dirty | session.deleted:
        source = by_model.get(type(instance))
        if source is None:
            continue
        if instance in session.deleted:
            stale.append((source.kind, instance.id))
        elif instance in session.new or attributes_changed(instance, source.fields):
            stale.append((source.kind, instance.id))
            fresh.extend(_entries(source, [instance]))
    table = SearchEntry.__table__
    old_titles: list[str] = []
    if stale:
        gone = delete(table).where(tuple_(table.c.kind, table.c.record_id).in_(stale))
        old_titles = list(session.scalars(gone.returning(table.c.title)))
    if fresh:
        _insert_entries(session, fresh)
    new_words = _title_words(entry["title"] for entry in fresh)
    _note_words(session, new_words, _title_words(old_titles) - new_words)


def index_inserted(session: Session, model: type, rows: Iterable[Any]) -> int:
    """Index rows of ``model`` inserted in bulk through Core (the flush listener does not see
    them); ``rows`` carry ``id`` and the source's columns. Returns how many were indexed."""
    count = 0
    for source in sources().values():
        if source.model is model:
            entries = _entries(source, rows)
            for start in range(0, len(entries), BATCH):
                _insert_entries(session, entries[start : start + BATCH])
            _note_words(session, _title_words(entry["title"] for entry in entries), set())
            count += len(entries)
    return count


def _gin_bulk_mode(session: Session, on: bool) -> None:
    """PostgreSQL: while ``on``, the GIN index collects new entries in its pending list and
    merges them in bulk (inserting 120,000 rows one entry at a time took minutes); switching
    back merges what is pending, so searches never read through the list."""
    connection = session.connection(bind_arguments={"mapper": SearchEntry.__mapper__})
    if connection.dialect.name != "postgresql":
        return
    schema = connection.get_execution_options().get("schema_translate_map", {}).get(TENANT_SCHEMA)
    quote = connection.dialect.identifier_preparer.quote
    for name in GIN_INDEXES:
        index = f"{quote(schema)}.{name}" if schema else name
        if connection.scalar(text(f"SELECT to_regclass('{index}')")) is None:
            continue  # a migration older than the index reindexes (t0014 before trgm_1)
        if not on:
            statement = f"SELECT pg_catalog.gin_clean_pending_list('{index}'::regclass)"
            connection.execute(text(statement))
        connection.execute(text(f"ALTER INDEX {index} SET (fastupdate = {'on' if on else 'off'})"))


def _existing_tables(session: Session) -> set[str]:
    """The tenant's tables now (a migration that reindexes runs before later migrations create
    the tables of newer features and the vocabulary; those start empty)."""
    connection = session.connection(bind_arguments={"mapper": SearchEntry.__mapper__})
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    schema = translate.get(TENANT_SCHEMA, TENANT_SCHEMA)  # attached SQLite: "tenant"
    return set(sa_inspect(connection).get_table_names(schema=schema))


def reindex(session: Session, kinds: Iterable[str] | None = None) -> int:
    """Rebuild the current tenant's index from the registered tables (or those of ``kinds``:
    a migration names the tables that exist at its revision); returns the row count."""
    tables = _existing_tables(session)
    postgresql = session.get_bind(SearchEntry).dialect.name == "postgresql"
    with_words = SearchWord.__tablename__ in tables and postgresql
    _gin_bulk_mode(session, True)
    session.execute(delete(SearchEntry.__table__))
    if with_words:
        session.execute(delete(SearchWord.__table__))
    words: set[str] = set()
    count = 0
    for source in sources().values():
        if source.model.__tablename__ not in tables:
            continue
        if kinds is not None and source.kind not in kinds:
            continue
        columns = [getattr(source.model, name) for name in ("id", *source.fields)]
        result = session.execute(select(*columns).order_by(source.model.id))
        while rows := result.fetchmany(BATCH):
            entries = _entries(source, rows)
            _insert_entries(session, entries)
            words |= _title_words(entry["title"] for entry in entries)
            count += len(rows)
    if with_words:  # in the rebuild's own transaction, replacing the deleted vocabulary
        connection = session.connection(bind_arguments={"mapper": SearchEntry.__mapper__})
        ordered = sorted(words)
        for start in range(0, len(ordered), BATCH):
            _add_words(connection, set(ordered[start : start + BATCH]))
    _gin_bulk_mode(session, False)
    return count


def terms(query: str) -> list[str]:
    """The words of a user's query: letters and digits only, at most ``MAX_TERMS``."""
    return re.findall(r"\w+", query[:MAX_QUERY].replace("_", " "))[:MAX_TERMS]


def _german(query: ColumnElement[str] | str) -> ColumnElement:
    return func.to_tsquery(literal_column(GERMAN), query)


def _with_similar_words(word: str) -> ColumnElement[str]:
    """``(word:* | similar:* | …)``: the query word and up to ``ALTERNATIVES`` vocabulary
    words it is similar to (``word_similarity`` of the folded word to a stretch of theirs >=
    ``pg_trgm.word_similarity_threshold``, 0.6 by default), most similar first."""
    vocabulary = SearchWord.__table__
    folded = bindparam(None, fold(word), type_=String)
    distance = vocabulary.c.folded.op(f"OPERATOR({TRGM_SCHEMA}.<->>)")(folded)  # 1 - similarity
    best = (
        select(vocabulary.c.word)
        .where(vocabulary.c.folded.op(f"OPERATOR({TRGM_SCHEMA}.%>)")(folded))
        .order_by(distance, vocabulary.c.word)
        .limit(ALTERNATIVES)
        .subquery()
    )
    similar = select(func.string_agg(literal(" | ") + best.c.word + literal(":*"), literal("")))
    return literal(f"({word}:*") + func.coalesce(similar.scalar_subquery(), "") + literal(")")


def _postgresql_candidates(words: list[str], columns: tuple, kinds: list[str]) -> list[Select]:
    """Up to ``CANDIDATES`` full-text matches (every word a word prefix, German stemming; rank
    1 + ``ts_rank``) and, only while those do not fill a page, up to ``CANDIDATES`` matches
    of the query with each word widened by its similar words (rank ``ts_rank``, at most 1, so
    below every full-text match, which is why they could not reach a full page anyway)."""
    document = literal_column(DOCUMENT)
    tsquery = _german(" & ".join(f"{word}:*" for word in words))
    full_text = (
        select(*columns, (WORD_MATCH + func.ts_rank(document, tsquery)).label("rank"))
        .where(document.op("@@")(tsquery), columns[0].in_(kinds))
        .limit(CANDIDATES)
        .cte("full_text")
    )
    page = select(full_text.c.record_id).limit(LIMIT).subquery()
    page_full = select(func.count()).select_from(page).scalar_subquery() >= LIMIT
    widened_text = _with_similar_words(words[0])
    for word in words[1:]:
        widened_text = widened_text + literal(" & ") + _with_similar_words(word)
    widened = select(_german(widened_text).label("query")).cte("widened")
    query = select(widened.c.query).scalar_subquery()
    similar = (
        select(*columns, func.least(func.ts_rank(document, query), WORD_MATCH).label("rank"))
        .where(document.op("@@")(query), columns[0].in_(kinds), ~page_full)
        .limit(CANDIDATES)
    )
    return [select(*full_text.c), similar]


def _sqlite_candidates(words: list[str], columns: tuple, kinds: list[str]) -> list[Select]:
    """Up to ``CANDIDATES`` FTS5 matches (every word a prefix, diacritics removed), ranked by
    ``bm25``."""
    table = SearchEntry.__table__
    fts = table_clause(FTS_TABLE, column("rowid"), column(FTS_TABLE))
    return [
        select(*columns, literal_column(f"-bm25({FTS_TABLE}, 10.0, 1.0)").label("rank"))
        .join_from(table, fts, fts.c.rowid == table.c.id)
        .where(fts.c[FTS_TABLE].op("MATCH")(" ".join(f'"{word}"*' for word in words)))
        .where(table.c.kind.in_(kinds))
        .limit(CANDIDATES)
    ]


def search_statement(session: Session, words: list[str], kinds: Iterable[str]) -> Select:
    """The statement of ``search``: the candidates of each index among ``kinds``, the best
    ``LIMIT`` of them (a record both indexes find counts once, with its better rank)."""
    table = SearchEntry.__table__
    columns = (table.c.kind, table.c.record_id, table.c.title, table.c.body)
    if session.get_bind(SearchEntry).dialect.name == "postgresql":
        candidates = _postgresql_candidates(words, columns, list(kinds))
    else:
        candidates = _sqlite_candidates(words, columns, list(kinds))
    bounded = [select(*each.subquery().c) for each in candidates]
    found = union_all(*bounded).subquery() if len(bounded) > 1 else bounded[0].subquery()
    return (
        select(found.c.kind, found.c.record_id, found.c.title, found.c.body)
        .group_by(found.c.kind, found.c.record_id, found.c.title, found.c.body)
        .order_by(func.max(found.c.rank).desc(), found.c.title)
        .limit(LIMIT)
    )


def search(session: Session, query: str) -> list[Hit]:
    """The best ``LIMIT`` hits for ``query`` in the current tenant, best first (one query).

    Only the first ``CANDIDATES`` matches each index yields are ranked: a word found in tens of
    thousands of records costs the same as one found in a few hundred (every further word
    narrows the candidates; below ``CANDIDATES`` matches the ranking is exact).
    """
    words = terms(query)
    registered = sources()
    if not words or not registered:
        return []
    rows = session.execute(search_statement(session, words, registered))
    return [Hit(registered[row.kind], row.record_id, row.title, row.body) for row in rows]
