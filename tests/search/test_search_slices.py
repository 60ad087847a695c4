"""The candidate search in date slices finds exactly what the unsliced search finds.

articles/search/sql.py looks for the newest matches slice by slice (newest 0.1 %, 1 %, 10 % of
the entries, then the rest). The slices have their own GIN indexes (articles/search/planner.py),
whose dates the search uses; without them the dates come from the planner's statistics. The
slices only change the plan: every result, total and facet must be the one a single scan gives.
"""

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import replace

import pytest
from django.db import connection
from django.http import QueryDict

from articles.search import (
    SearchEntry,
    SqlBuilder,
    clean_query,
    parse_params,
    planner,
    run_bounded,
)
from articles.search.planner import (
    counted_bounds,
    date_slice_bounds,
    histogram_bounds,
    index_names,
    indexed_bounds,
    refresh_slice_indexes,
)
from tests.builders import ENTRY_WORDS, FIRST_ENTRY_DAY, make_dated_entries, truncate_records

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_slices_yet():
    """Each test starts without slice indexes (a committed corpus of another test may have
    left some) and reads the slice dates of its own data, not dates cached before."""
    planner.drop_slice_indexes()
    yield
    planner.forget()


FIRST_DAY, WORDS = FIRST_ENTRY_DAY, ENTRY_WORDS


@pytest.fixture(scope="module")
def entries(django_db_setup, django_db_blocker) -> Iterator[list[SearchEntry]]:
    """3,000 dated entries (tests/builders.py), committed once for the module: each test's own
    changes (slice indexes, more entries) are rolled back after it. A test that commits
    (`transaction=True`) would flush them: those are in test_search_slices_command.py."""
    with django_db_blocker.unblock():
        created = make_dated_entries()
        yield created
        truncate_records()


def builder_for(query: str, bounds=None, narrow_facet=None, **filters) -> SqlBuilder:
    """The page SQL; slice dates and facet narrowness read from the database when None."""
    data = QueryDict(mutable=True)
    data["q"] = query
    # These entries stand for records that do not exist: facet ids go in as they are, not
    # through parse_params, which keeps only those of records the public may see.
    facets = {
        f"{name}_ids": (int(filters.pop(name)),)
        for name in ("person", "document", "pillar")
        if name in filters
    }
    for name, value in filters.items():
        data[name] = str(value)
    params, _ = parse_params(data, "vi")
    params = replace(params, **facets)
    builder = SqlBuilder(
        params, clean_query(params.q), slice_bounds=bounds, narrow_facet=narrow_facet
    )
    builder.args["lang"] = "vi"
    return builder


def page(query: str, bounds: list[dt.date], narrow_facet: bool = False, **filters) -> dict:
    builder = builder_for(query, bounds, narrow_facet, **filters)
    return run_bounded(builder.page_sql(), builder.args)


def test_without_slice_indexes_the_dates_come_from_the_statistics(entries):
    bounds = date_slice_bounds()
    assert bounds == histogram_bounds()
    dated = sorted(e.date for e in entries if e.date)
    assert len(bounds) == 3
    assert bounds == sorted(bounds, reverse=True)
    for bound, fraction in zip(bounds, planner.SLICE_FRACTIONS, strict=True):
        newer = sum(day >= bound for day in dated) / len(dated)
        assert fraction / 3 <= newer <= fraction * 3, (bound, fraction, newer)


@pytest.mark.parametrize("query", WORDS + ["chuyen doi so", "tỉnh -xã", "Hùng or Lan"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_sliced_search_returns_the_same_page_as_one_scan(entries, query, sort):
    plain = page(query, [], sort=sort)
    assert plain["rows"], f"{query!r} should match something"
    slicings = [
        date_slice_bounds(),
        [dt.date(2030, 1, 1), FIRST_DAY + dt.timedelta(days=2990), dt.date(2000, 1, 1)],
        [FIRST_DAY + dt.timedelta(days=d) for d in (2999, 2500, 900, 3)],
    ]
    for bounds in slicings:
        assert page(query, bounds, sort=sort) == plain, bounds


def test_sliced_search_keeps_filters_and_later_pages(entries):
    bounds = [FIRST_DAY + dt.timedelta(days=d) for d in (2990, 2700, 1500)]
    for person, page_number in itertools.product((1, 4), (1, 3, 40)):
        filters = {"person": person, "page": page_number, "type": "statement"}
        sliced, plain = page("tỉnh", bounds, **filters), page("tỉnh", [], **filters)
        assert sliced == plain
        assert sliced["total"] > 0


def test_phrases_and_symbols_are_not_sliced(entries):
    for query in ['"hạ tầng"', "11-QĐ/TW"]:
        params, _ = parse_params(QueryDict(f"q={query}"), "vi")
        builder = SqlBuilder(params, clean_query(params.q), slice_bounds=[dt.date(2015, 1, 1)])
        assert "UNION ALL" not in builder.page_sql()
    params, _ = parse_params(QueryDict("q=hạ tầng"), "vi")
    builder = SqlBuilder(params, clean_query(params.q), slice_bounds=[dt.date(2015, 1, 1)])
    assert builder.page_sql().count("UNION ALL") == 2


def plan(query: str, **filters) -> str:
    """EXPLAIN of the page query, with bitmaps preferred (3,000 rows would be scanned whole)."""
    builder = builder_for(query, **filters)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + builder.page_sql(), builder.args)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_each_slice_gets_gin_indexes_the_search_plans_with(entries):
    assert "search_entry_slice" not in plan("Hùng")
    bounds = refresh_slice_indexes()
    assert bounds == counted_bounds()
    assert len(index_names()) == 2 * len(bounds) == 6  # Vietnamese and English per slice
    assert date_slice_bounds() == bounds
    query_plan = plan("Hùng")
    for name in index_names():  # the newest slice holds 3 entries: its date index is cheaper
        if not name.endswith("_open"):
            assert f"Bitmap Index Scan on {name}" in query_plan


@pytest.mark.parametrize("query", ["Hùng", "chuyển đổi số", "tỉnh -xã"])
def test_search_with_slice_indexes_returns_the_same_page_as_one_scan(entries, query):
    plain = page(query, [])
    bounds = refresh_slice_indexes()
    assert page(query, bounds) == plain


def test_slices_are_cut_again_only_when_they_no_longer_fit(entries):
    first = refresh_slice_indexes()
    names = index_names()
    assert refresh_slice_indexes() == first and index_names() == names  # nothing rebuilt
    newer = FIRST_DAY + dt.timedelta(days=3000)
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="photo",
            object_id=n,
            title_vi=f"Ảnh {n}",
            url_vi=f"/anh/{n}/",
            url_en=f"/en/photo/{n}/",
            date=newer + dt.timedelta(days=n // 10),
        )
        for n in range(1, 301)
    )  # 10 % more entries, all newer than every slice: the newest one now holds ~10 %
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    second = refresh_slice_indexes()
    assert second[0] > newer and second != first
    assert indexed_bounds(index_names()) == second  # the old set is gone, the new one whole
    assert not set(names) & set(index_names())


def test_an_incomplete_set_of_slice_indexes_is_not_used(entries):
    refresh_slice_indexes()
    planner.forget()
    dropped = index_names()[0]
    planner.drop_slice_indexes([dropped])
    assert indexed_bounds(index_names()) == []
    assert date_slice_bounds() == histogram_bounds()  # back to the statistics' dates
    refresh_slice_indexes()  # a refresh makes the set whole again
    assert dropped in index_names()
    assert date_slice_bounds() == indexed_bounds(index_names())


# A narrow facet (an official, document or pillar in few entries) is read whole and the words
# are checked on its entries, instead of intersecting it with the words' GIN bitmap.


@pytest.mark.parametrize("query", ["tỉnh", "Hùng", "chuyen doi so", '"hạ tầng"', "tỉnh -xã"])
@pytest.mark.parametrize("filters", [{"person": 3}, {"pillar": 2, "sort": "newest"}])
def test_search_in_a_narrow_facet_returns_the_same_page(entries, query, filters):
    for page_number in (1, 3):
        wide = page(query, [], page=page_number, **filters)
        assert page(query, [], narrow_facet=True, page=page_number, **filters) == wide
    if query == "tỉnh":  # in every entry: the comparison is not of two empty pages
        assert wide["total"] > 100


def test_a_narrow_facet_is_read_whole_and_the_words_checked_on_its_entries(entries):
    query_plan = plan("Hùng", person=3)
    assert "Bitmap Index Scan on search_entry_people" in query_plan
    assert "on search_entry_vi" not in query_plan and "on search_entry_en" not in query_plan
    assert "UNION ALL" not in builder_for("Hùng", person=3).page_sql()  # not sliced either


def test_a_facet_is_narrow_when_the_statistics_give_it_few_entries(entries, monkeypatch):
    planner.forget()
    per_person = 3000 / 11  # person_ids = [n % 11 + 1]

    def narrow(**filters) -> bool:
        return builder_for("tỉnh", **filters).narrow_facet

    monkeypatch.setattr(planner, "NARROW_ENTRIES", per_person * 1.3)
    assert narrow(person=3) and narrow(person=999)  # 999: in no entry
    assert not narrow()  # no facet selected
    monkeypatch.setattr(planner, "NARROW_ENTRIES", per_person * 0.7)
    assert not narrow(person=3)
    assert not narrow(person=3, pillar=2)
    assert narrow(person=3, document=5)  # in no entry: filters combine, the narrowest decides


def test_a_slice_index_left_invalid_by_a_failed_build_is_built_again(entries):
    refresh_slice_indexes()
    broken = index_names()[0]
    with connection.cursor() as cursor:  # what an interrupted CREATE INDEX CONCURRENTLY leaves
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s::regclass", [broken]
        )
    assert broken not in index_names() and broken in index_names(include_invalid=True)
    refresh_slice_indexes()
    assert broken in index_names()  # dropped and built again, valid
    assert len(index_names(include_invalid=True)) == 6
