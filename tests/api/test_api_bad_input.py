"""Bad ids, filters and paging get a clear 404 or 422 in JSON, never a 500; paging is stable."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.builders import make_article, make_reported_article

pytestmark = pytest.mark.django_db

RESOURCES = [
    "articles",
    "people",
    "organizations",
    "documents",
    "targets",
    "statements",
    "meetings",
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_id_is_a_json_404(api_get, resource):
    make_reported_article(size=1)

    for unknown in ("987654", "0", "-1", "99999999999999999999999999"):
        assert api_get(f"/api/v1/{resource}/{unknown}", status=404) == {"detail": "Not Found"}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("bad_id", ["abc", "1.5", "1e3", "%00", "%F0%9F%98%80", "' OR 1=1 --"])
def test_non_integer_id_is_refused_with_a_json_422(client, resource, bad_id):
    response = client.get(f"/api/v1/{resource}/{bad_id}")

    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-3"},
        {"page": "abc"},
        {"page": "1000001"},
        {"page": "99999999999999999999999999"},
        {"page": "1\x00"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "1e9"},
        {"page_size": "x" * 10_000},
    ],
)
def test_bad_paging_is_a_422_that_names_the_parameter(api_get, resource, params):
    body = api_get(f"/api/v1/{resource}/", status=422, **params)

    assert {error["loc"][-1] for error in body["detail"]} == set(params)


def test_a_page_past_the_end_is_empty_and_still_counts_everything(api_get):
    make_article()

    body = api_get("/api/v1/articles/", page=50, page_size=100)

    assert body == {"count": 1, "page": 50, "page_size": 100, "items": []}


@pytest.mark.parametrize(
    ("resource", "params"),
    [
        ("statements", {"speaker": "abc"}),
        ("statements", {"kind": "rumour"}),
        ("statements", {"document": "1.5"}),
        ("targets", {"deadline_year": "soon"}),
        ("targets", {"outcome": "\x00"}),
    ],
)
def test_bad_filters_are_a_422(api_get, resource, params):
    api_get(f"/api/v1/{resource}/", status=422, **params)


def test_an_out_of_range_filter_id_finds_nothing(api_get):
    make_reported_article(size=1)

    body = api_get("/api/v1/statements/", speaker="99999999999999999999999999")

    assert body["count"] == 0


@pytest.mark.parametrize("resource", RESOURCES)
def test_paging_one_by_one_visits_every_item_once_in_the_listed_order(api_get, resource):
    same_time = timezone.now() - timedelta(days=3)
    for _ in range(2):
        make_reported_article(size=2, published_at=same_time)  # ties broken by id
    everything = api_get(f"/api/v1/{resource}/", page_size=100)

    one_by_one = [
        api_get(f"/api/v1/{resource}/", page=page, page_size=1)["items"][0]["id"]
        for page in range(1, everything["count"] + 1)
    ]

    assert everything["count"] >= 2
    assert one_by_one == [item["id"] for item in everything["items"]]
    assert len(set(one_by_one)) == len(one_by_one)
