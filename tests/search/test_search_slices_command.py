"""The slice indexes' command, and data on too few dates for slices: tests that commit, apart
from test_search_slices.py, whose entries are committed once for the module (a committing test
flushes every table when it ends)."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.search import planner, rebuild_all
from articles.search.planner import index_names, indexed_bounds, refresh_slice_indexes
from tests.builders import make_dated_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    planner.drop_slice_indexes()
    yield make_dated_entries()
    planner.forget()


@pytest.mark.django_db(transaction=True)
def test_the_command_shows_the_slices_and_cuts_them_concurrently(entries):
    def run(**options) -> str:
        out = StringIO()
        call_command("search_slices", stdout=out, **options)
        return out.getvalue()

    try:
        assert "No slice indexes" in run()
        shown = run(refresh=True)  # outside a transaction: CREATE INDEX CONCURRENTLY
        bounds = indexed_bounds(index_names())
        assert len(bounds) == 3
        assert f"from {bounds[0]} onwards" in shown
        assert f"from {bounds[1]} before {bounds[0]}" in shown
        assert run(refresh=True) == shown  # they still fit: nothing is cut again
    finally:
        planner.drop_slice_indexes()  # indexes outlive the flush that ends this test
    assert index_names() == []


def test_entries_on_too_few_dates_get_no_slices(seed):
    rebuild_all()  # which cuts the slices at its end
    # The seed article and its records share one date: a slice would be the whole table.
    assert planner.dated_entries() > 10
    assert index_names() == []
    assert refresh_slice_indexes() == []
