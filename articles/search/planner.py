"""What the search SQL (sql.py) needs to know to plan well: the date slices and narrow facets.

Both are read from PostgreSQL's catalogs and kept per process for CACHE_SECONDS (one cache,
`forget()` clears it).

Date slices of the search index, each with its own GIN indexes
---------------------------------------------------------------

The candidate search (sql.py) looks for the newest matches slice by slice: the
newest ~0.1 %, 1 % and 10 % of entries, then the rest. A GIN bitmap over the whole table costs
as much as the word has matches in *all* entries, so at a million articles a word in a few
percent of entries (or a name whose words come together) cost hundreds of milliseconds per
slice. Each slice therefore gets partial GIN indexes over its own date range
(`search_entry_slice_vi_20260509_20260629`, `…_en_…`; the newest is open-ended, so new entries
go into it), and a bitmap in a slice reads only that slice's matches. The indexes cover about
10 % of the entries, the older rest is served by the table-wide indexes.

The slice dates are the indexes' own: the search reads them from the index names, so the
predicates match the search's date conditions exactly and the planner can use the indexes.
Without indexes (a small or new database) the dates come from the planner's histogram of
`search_entry.date`. The dates only steer the plan: any dates give the same results.

As entries are added the newest slice grows; `manage.py search_slices --refresh` (run after
loading and from cron) re-cuts the slices when a slice holds under half or over twice its
share, building the new indexes before dropping the old ones.

Narrow facets
-------------

How many entries a facet filter keeps, read from the planner's statistics, picks the plan.
Words filtered by an official, a document or a pillar: PostgreSQL intersects the facet's GIN
bitmap with the words' GIN bitmap. A GIN bitmap costs as much as it has matches, and a common
word has hundreds of thousands at a million articles while an official may be named in a few
dozen entries; PostgreSQL prices that bitmap far below its cost. Measured at 1M articles:
"chuyển đổi số" with the seed's speaker (29 entries) 165 ms, with a pillar (11,300 entries)
1.1 s. When a selected facet value is narrow (at most NARROW_ENTRIES entries by the
statistics), the search reads the facet's entries and checks the words on each instead: 9 ms
and 93 ms for those two, the same results, and bounded whatever the words.
"""

import datetime as dt
import re
import time
from collections.abc import Callable

from django.db import connection

from articles.search.query import SearchParams

TABLE = "search_entry"
SLICE_FRACTIONS = (0.001, 0.01, 0.1)  # cumulative shares of entries, newest first
COLUMNS = {"vi": "search_vi", "en": "search_en"}
NAME_PATTERN = re.compile(r"^search_entry_slice_(vi|en)_(\d{8})_(\d{8}|open)$")
NARROW_ENTRIES = 20_000  # reading 20,000 entries and checking the words: ~150 ms on 2 cores
FACET_COLUMNS = ("person_ids", "document_ids", "pillar_ids")
# Slices and statistics move slowly: each process re-reads them every 10 minutes.
CACHE_SECONDS = 600
_cache: dict[str, tuple[float, object]] = {}


def cached(name: str, read: Callable[[], object]) -> object:
    """`read()`, kept per process for CACHE_SECONDS under `name`."""
    hit = _cache.get(name)
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = read()
    _cache[name] = (time.monotonic(), value)
    return value


def forget() -> None:
    """Read the slices and statistics again at the next search (after they changed)."""
    _cache.clear()


# ---------------------------------------------------------------- date slices


def histogram_bounds() -> list[dt.date]:
    """Slice dates from the planner's histogram of search_entry.date, newest first.

    Cheap enough for every process to read ([] before ANALYZE); used when no slice indexes
    exist.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::date[] FROM pg_stats"
            " WHERE schemaname = 'public' AND tablename = %s AND attname = 'date'",
            [TABLE],
        )
        row = cursor.fetchone()
    dates = row[0] if row and row[0] else []
    bounds: list[dt.date] = []
    if len(dates) > 2:
        last = len(dates) - 1
        for fraction in SLICE_FRACTIONS:
            bound = dates[min(last, max(1, round(last * (1 - fraction))))]
            if not bounds or bound < bounds[-1]:
                bounds.append(bound)
    return bounds


def dated_entries() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_entry WHERE date IS NOT NULL")
        return cursor.fetchone()[0]


def counted_bounds() -> list[dt.date]:
    """Slice dates counted on the date index (exact, unlike the sampled histogram), newest first.

    Used when slices are cut, which is rare: at a million articles the counting reads about
    a tenth of the date index.
    """
    total = dated_entries()
    bounds: list[dt.date] = []
    with connection.cursor() as cursor:
        for fraction in SLICE_FRACTIONS:
            cursor.execute(
                "SELECT date FROM search_entry WHERE date IS NOT NULL"
                " ORDER BY date DESC OFFSET %s LIMIT 1",
                [max(0, round(total * fraction) - 1)],
            )
            row = cursor.fetchone()
            if row and (not bounds or row[0] < bounds[-1]):
                bounds.append(row[0])
    return bounds


def shares(bounds: list[dt.date]) -> list[float]:
    """The share of dated entries in each slice (newest first), counted."""
    total = max(1, dated_entries())
    newer = []
    with connection.cursor() as cursor:
        for bound in bounds:
            cursor.execute("SELECT count(*) FROM search_entry WHERE date >= %s", [bound])
            newer.append(cursor.fetchone()[0] / total)
    return [share - older for share, older in zip(newer, [0.0, *newer[:-1]], strict=True)]


def index_names(include_invalid: bool = False) -> list[str]:
    """The valid slice indexes (one being built CONCURRENTLY, or whose build failed, is not)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE i.indrelid = %s::regclass AND (i.indisvalid OR %s) AND c.relname LIKE %s",
            [TABLE, include_invalid, r"search\_entry\_slice\_%"],
        )
        return sorted(name for (name,) in cursor.fetchall() if NAME_PATTERN.match(name))


def indexed_bounds(names: list[str]) -> list[dt.date]:
    """The slice dates of a complete set of slice indexes, newest first; [] for any other set.

    Complete: both languages for every range, the newest open-ended, each range ending where
    the newer one starts (during a refresh two sets exist and neither is used).
    """
    ranges: dict[tuple[str, str], set[str]] = {}
    for name in names:
        lang, start, end = NAME_PATTERN.match(name).groups()
        ranges.setdefault((start, end), set()).add(lang)
    chain = sorted(ranges, reverse=True)
    ends = ["open"] + [start for start, _ in chain[:-1]]
    if not chain or any(ranges[r] != set(COLUMNS) for r in chain):
        return []
    if [end for _, end in chain] != ends:
        return []
    return [dt.datetime.strptime(start, "%Y%m%d").date() for start, _ in chain]


def date_slice_bounds() -> list[dt.date]:
    """The slice dates the search uses, newest first: the indexed ones, else the histogram's."""
    return cached("bounds", lambda: indexed_bounds(index_names()) or histogram_bounds())


def slice_ranges(bounds: list[dt.date]) -> list[tuple[dt.date, dt.date | None]]:
    """(start, end) of each indexed slice, newest first; the newest has no end."""
    return list(zip(bounds, [None, *bounds[:-1]], strict=True))


def index_name(lang: str, start: dt.date, end: dt.date | None) -> str:
    return f"search_entry_slice_{lang}_{start:%Y%m%d}_{f'{end:%Y%m%d}' if end else 'open'}"


def index_sql(lang: str, start: dt.date, end: dt.date | None, concurrently: bool) -> str:
    """CREATE INDEX for one language of one slice (dates are formatted, never user input)."""
    name = index_name(lang, start, end)
    where = f"date >= '{start.isoformat()}'" + (f" AND date < '{end.isoformat()}'" if end else "")
    how = "CONCURRENTLY " if concurrently else ""
    return (
        f"CREATE INDEX {how}IF NOT EXISTS {name} ON {TABLE} USING gin ({COLUMNS[lang]})"
        f" WHERE {where}"
    )


def slices_fit(bounds: list[dt.date]) -> bool:
    """Whether every slice still holds between half and twice its share of the entries."""
    if len(bounds) != len(SLICE_FRACTIONS):
        return False
    wanted = [new - old for new, old in zip(SLICE_FRACTIONS, (0, *SLICE_FRACTIONS), strict=False)]
    return all(w / 2 <= share <= w * 2 for w, share in zip(wanted, shares(bounds), strict=True))


def drop_slice_indexes(names: list[str] | None = None) -> None:
    """Drop these slice indexes (default: all, valid or not)."""
    concurrently = "" if connection.in_atomic_block else "CONCURRENTLY "
    with connection.cursor() as cursor:
        for name in index_names(include_invalid=True) if names is None else names:
            cursor.execute(f"DROP INDEX {concurrently}IF EXISTS {connection.ops.quote_name(name)}")
    forget()


def refresh_slice_indexes(force: bool = False) -> list[dt.date]:
    """Re-cut the slices if they no longer fit (or `force`); return the slice dates in use.

    Outside a transaction the indexes are built and dropped CONCURRENTLY, so searches and
    writes go on meanwhile. Entries on too few dates to cut three slices get none.
    """
    old = index_names()
    current = indexed_bounds(old)
    if current and slices_fit(current) and not force:
        return current
    wanted = counted_bounds()
    if len(wanted) < len(SLICE_FRACTIONS):  # too few dates to slice (a lone article)
        drop_slice_indexes(old)
        return []
    concurrently = not connection.in_atomic_block
    keep = {index_name(lang, start, end) for start, end in slice_ranges(wanted) for lang in COLUMNS}
    existing = index_names(include_invalid=True)
    # A build that failed half-way (CONCURRENTLY) leaves an invalid index under the name.
    drop_slice_indexes(sorted(keep - set(old)))
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for start, end in slice_ranges(wanted):
            for lang in COLUMNS:
                cursor.execute(index_sql(lang, start, end, concurrently))
        cursor.execute("RESET maintenance_work_mem")
    drop_slice_indexes([name for name in existing if name not in keep])
    return indexed_bounds(index_names())


def indexed_slices() -> tuple[list[str], list[tuple[dt.date, dt.date | None, float]]]:
    """The valid slice indexes and, when they form a complete set, each slice's start, end and
    share of the dated entries, newest first (what `manage.py search_slices` shows)."""
    names = index_names()
    bounds = indexed_bounds(names)
    if not bounds:
        return names, []
    pairs = zip(slice_ranges(bounds), shares(bounds), strict=True)
    return names, [(start, end, share) for (start, end), share in pairs]


# ---------------------------------------------------------------- narrow facets


def facet_statistics() -> dict:
    """Per facet column: ({element: share of entries}, share bound for unlisted elements);
    plus "rows", the table's estimated row count. Cached per process."""
    return cached("facets", read_facet_statistics)


def read_facet_statistics() -> dict:
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
    return stats


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
