"""The API says what a target's value measures (`measure`), added without breaking v1."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed")]


def test_a_target_says_whether_its_value_is_a_quantity_or_a_rank(api_get):
    rank = api_get("/api/v1/targets/2")
    assert rank["measure"] == "rank"
    assert rank["value"] == 30
    assert not rank["unit"]["vi"] and not rank["unit"]["en"]  # no invented unit
    coverage = api_get("/api/v1/targets/1")
    assert coverage["measure"] == "quantity"
    assert (coverage["value"], coverage["unit"]["vi"]) == (100, "%")


def test_every_target_listing_gives_the_measure(api_get):
    listed = {t["id"]: t["measure"] for t in api_get("/api/v1/targets/")["items"]}
    assert listed[2] == "rank" and set(listed.values()) == {"quantity", "rank"}
    document = api_get("/api/v1/documents/1")
    assert {t["id"]: t["measure"] for t in document["targets"]}[2] == "rank"
    article = api_get("/api/v1/articles/1")
    assert {t["id"]: t["measure"] for t in article["targets"]}[2] == "rank"


def test_the_openapi_schema_documents_the_measure(api_get):
    schema = api_get("/api/v1/openapi.json")["components"]["schemas"]["TargetOut"]
    assert "measure" in schema["properties"]
