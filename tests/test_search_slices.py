"""The candidate search in date slices finds exactly what the unsliced search finds.

articles/search_sql.py looks for the newest matches slice by slice (newest 0.1 %, 1 %, 10 % of
the entries, then the rest), with slice dates read from the planner's statistics. The slices
only change the plan: every result, total and facet must be the one a single scan gives.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.http import QueryDict

from articles import search_sql
from articles.search import parse_params
from articles.search_index import SearchEntry
from articles.search_query import clean_query
from articles.search_sql import SqlBuilder, date_slice_bounds, run_bounded

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2012, 1, 1)
WORDS = ["tỉnh", "huyện", "xã", "Hùng", "Lan", "hạ tầng", "chuyển đổi số"]


@pytest.fixture
def entries() -> list[SearchEntry]:
    """3,000 statements over 3,000 days, each word in a different share of them."""
    rows = []
    for n in range(3000):
        words = [w for i, w in enumerate(WORDS) if n % (i * i + 1) == 0]  # 100 %, 50 %, 20 %…
        day = FIRST_DAY + dt.timedelta(days=n)
        rows.append(
            SearchEntry(
                kind="statement" if n % 3 else "article",
                object_id=n + 1,
                title_vi=f"Phát biểu số {n}",
                body_vi=" ".join(words) or "không có từ nào",
                url_vi=f"/bai-viet/{n}/",
                url_en=f"/en/article/{n}/",
                date=None if n % 500 == 7 else day,
                public_from=dt.datetime(2012, 1, 1, tzinfo=dt.UTC),
                person_ids=[n % 11 + 1],
                pillar_ids=[n % 5 + 1],
            )
        )
    created = SearchEntry.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    return created


def page(query: str, bounds: list[dt.date], **filters) -> dict:
    data = QueryDict(mutable=True)
    data["q"] = query
    for name, value in filters.items():
        data[name] = str(value)
    params, _ = parse_params(data, "vi")
    builder = SqlBuilder(params, clean_query(params.q), slice_bounds=bounds)
    builder.args["lang"] = "vi"
    return run_bounded(builder.page_sql(), builder.args)


def test_slice_dates_come_from_the_statistics_newest_first(entries, monkeypatch):
    monkeypatch.setattr(search_sql, "_slice_bounds", None)
    bounds = date_slice_bounds()
    dated = sorted(e.date for e in entries if e.date)
    assert len(bounds) == 3
    assert bounds == sorted(bounds, reverse=True)
    for bound, fraction in zip(bounds, search_sql.SLICE_FRACTIONS, strict=True):
        newer = sum(day >= bound for day in dated) / len(dated)
        assert fraction / 3 <= newer <= fraction * 3, (bound, fraction, newer)


@pytest.mark.parametrize("query", WORDS + ["chuyen doi so", "tỉnh -xã", "Hùng or Lan"])
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_sliced_search_returns_the_same_page_as_one_scan(entries, monkeypatch, query, sort):
    monkeypatch.setattr(search_sql, "_slice_bounds", None)
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
