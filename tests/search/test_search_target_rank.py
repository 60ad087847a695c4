"""Search shows a rank as the target pages do: "in the top 30", not an invented unit."""

import json

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]


@pytest.mark.parametrize(
    ("url", "rank_text"),
    [("/tim-kiem/json/", "thuộc nhóm 30"), ("/en/search/json/", "in the top 30")],
)
def test_the_seed_rank_reads_as_a_rank_in_search_exports(client, url, rank_text):
    response = client.get(url, {"type": "target"})
    assert response.status_code == 200
    hits = {hit["id"]: hit for hit in json.loads(response.content)["results"]}
    assert rank_text in hits[2]["excerpt"]
    assert "(nhóm)" not in hits[2]["excerpt"] and "(group)" not in hits[2]["excerpt"]
