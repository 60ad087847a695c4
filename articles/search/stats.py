"""How many entries a facet filter keeps, read from the planner's statistics, to pick a plan.

Words filtered by an official, a document or a pillar: PostgreSQL intersects the facet's GIN
bitmap with the words' GIN bitmap. A GIN bitmap costs as much as it has matches, and a common
word has hundreds of thousands at a million articles while an official may be named in a few
dozen entries; PostgreSQL prices that bitmap far below its cost. Measured at 1M articles:
"chuyển đổi số" with the seed's speaker (29 entries) 165 ms, with a pillar (11,300 entries)
1.1 s. When a selected facet value is narrow (at most NARROW_ENTRIES entries by the
statistics), the search reads the facet's entries and checks the words on each instead: 9 ms
and 93 ms for those two, the same results, and bounded whatever the words.
"""

import time

from django.db import connection

from articles.search.query import SearchParams

NARROW_ENTRIES = 20_000  # reading 20,000 entries and checking the words: ~150 ms on 2 cores
FACET_COLUMNS = ("person_ids", "document_ids", "pillar_ids")
STATS_SECONDS = 600
_cached: tuple[float, dict] | None = None


def facet_statistics() -> dict:
    """Per facet column: ({element: share of entries}, share bound for unlisted elements);
    plus "rows", the table's estimated row count. Cached per process for 10 minutes."""
    global _cached
    if _cached and time.monotonic() - _cached[0] < STATS_SECONDS:
        return _cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, most_common_elems::text::bigint[], most_common_elem_freqs"
            " FROM pg_stats WHERE schemaname = 'public' AND tablename = 'search_entry'"
            " AND attname = ANY(%s)",
            [list(FACET_COLUMNS)],
        )
        stats: dict = {}
        for column, elements, freqs in cursor.fetchall():
            elements = elements or []
            # After the listed frequencies come their minimum and maximum (and the null share):
            # an element that is not listed is rarer than the minimum.
            bound = freqs[len(elements)] if freqs else 0.0
            stats[column] = (dict(zip(elements, freqs or [], strict=False)), bound)
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_entry'::regclass")
        stats["rows"] = max(0.0, cursor.fetchone()[0])
    _cached = (time.monotonic(), stats)
    return stats


def forget_statistics() -> None:
    global _cached
    _cached = None


def facet_is_narrow(params: SearchParams) -> bool:
    """Whether a selected official, document or pillar is in at most NARROW_ENTRIES entries.

    Unknown (the table was never analyzed) counts as wide: the usual plan is then kept.
    """
    selected = {column: getattr(params, column) for column in FACET_COLUMNS}
    if not any(selected.values()):
        return False
    stats = facet_statistics()
    for column, ids in selected.items():
        if column not in stats:
            continue
        shares, bound = stats[column]
        for value in ids:
            if shares.get(value, bound) * stats["rows"] <= NARROW_ENTRIES:
                return True
    return False
