"""The search parameters are declared once (articles/search/query.py FIELDS) and every reader
agrees with that declaration: the API's OpenAPI parameters, parse_params() and the page's links."""

import pytest
from django.http import QueryDict

import articles.search
from articles.search import parse_params
from articles.search.query import FIELDS, STATE_PARAMS, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_parameters(client) -> dict[str, dict]:
    schema = client.get("/api/v1/openapi.json").json()
    return {p["name"]: p for p in schema["paths"]["/api/v1/search"]["get"]["parameters"]}


def test_the_api_documents_exactly_the_declared_search_parameters(api_parameters):
    assert set(api_parameters) == {field.name for field in FIELDS}
    for field in FIELDS:
        documented = api_parameters[field.name]
        assert documented["in"] == "query"
        assert not documented.get("required", False)
        assert documented["description"] == field.help
        assert documented["schema"]["type"] == ("array" if field.repeats else "string")


def test_a_parameter_nobody_declared_cannot_be_read():
    with pytest.raises(KeyError, match="not a search parameter"):
        values(QueryDict("color=red"), "color")


def test_the_api_reads_the_parameters_it_declares(client):
    # `from` is declared under a Python keyword's name: its value must still reach the search.
    response = client.get("/api/v1/search", {"q": "x", "from": "not-a-date", "page": "zz"})
    messages = response.json()["messages"]
    assert any("not-a-date" in m for m in messages)
    assert any("zz" in m for m in messages)
    _params, page_messages = parse_params(QueryDict("q=x&from=not-a-date&page=zz"), "en")
    assert [str(m) for m in page_messages] == messages


def test_page_links_carry_every_state_parameter_and_nothing_else(client):
    query = "&".join(f"{name}=1" for name in (*STATE_PARAMS, "lang", "page", "color"))
    response = client.get(f"/en/search/?{query}")
    export = response.context["exports"]["csv"]
    carried = set(QueryDict(export.split("?", 1)[1]).keys())
    # Record filters naming no record (this database is empty) are dropped from the links.
    assert carried == set(STATE_PARAMS) - {"person", "document", "pillar"}
    assert {"lang", "page", "color"}.isdisjoint(carried)


def test_every_public_name_of_the_search_package_resolves():
    for name in articles.search.__all__:
        assert getattr(articles.search, name) is not None, name
