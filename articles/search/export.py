"""Every hit of a search, for the CSV, JSON and RSS exports (views.py writes the formats)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction

from archive.lib.db import is_statement_timeout
from articles.search.query import (
    EXPORT_CAP,
    SearchParams,
    SearchTimeout,
    clean_query,
)
from articles.search.results import match_by_tone, recognise_name
from articles.search.sql import SqlBuilder, bound_transaction


@dataclass(frozen=True)
class ExportRow:
    kind: str
    object_id: int
    title: str
    excerpt: str
    date: dt.date | None
    url: str
    citation: str
    score: float


def export_rows(
    params: SearchParams, cap: int = EXPORT_CAP, batch: int = 500
) -> Iterator[ExportRow]:
    """Every hit of a search (at most `cap`), fetched from a server-side cursor in batches.

    The transaction (and the statement timeout, SEARCH_EXPORT_TIMEOUT_MS, read at each export)
    lasts as long as the iteration; a timeout raises SearchTimeout, possibly after some rows.
    """
    query = clean_query(params.q)
    if not query.text and not params.has_filters:
        return
    query = recognise_name(params, query)
    # Words only (the exports have no meaning ranking), matched by tone as the page matched them.
    _page, how = match_by_tone(params, query)
    builder = SqlBuilder(params, query, **how)
    builder.args["lang"] = params.lang
    sql = builder.export_sql(cap)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                bound_transaction(cursor, settings.SEARCH_EXPORT_TIMEOUT_MS)
            with connection.chunked_cursor() as cursor:
                cursor.execute(sql, builder.args)
                while rows := cursor.fetchmany(batch):
                    for row in rows:
                        yield ExportRow(*row)
    except OperationalError as error:
        if is_statement_timeout(error):
            raise SearchTimeout from error
        raise
