"""Any input yields an answer: property-based tests, the statement timeout, public visibility."""

import string

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.search import SearchTimeout, run_bounded

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]

# Anything a browser can send: every character except lone surrogates (not valid UTF-8),
# with the search syntax and Vietnamese letters over-represented.
any_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=400),
    st.text(
        st.sampled_from(list("\"-/ or()&|!:*<>\\'%\x00") + list("chuyểnđổisốQĐTW11 ")), max_size=60
    ),
    st.text(string.digits + "-+e.", max_size=25),
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(q=any_text, page=any_text)
def test_any_query_and_page_answer_200_on_the_search_page(client, q, page):
    response = client.get("/tim-kiem/", {"q": q, "page": page})
    assert response.status_code == 200


@FUZZ
@given(q=any_text, page=any_text, person=any_text, year=any_text)
def test_any_query_and_parameters_answer_200_from_the_api(client, q, page, person, year):
    response = client.get("/api/v1/search", {"q": q, "page": page, "person": person, "year": year})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_a_statement_past_its_timeout_raises_search_timeout():
    with pytest.raises(SearchTimeout):
        run_bounded("SELECT pg_sleep(2)", [], timeout_ms=50)
    # The connection is still usable and the timeout did not leak outside the search.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_search_that_times_out_gets_a_clear_message_not_a_500(client, monkeypatch):
    def slow_search(params, messages):
        run_bounded("SELECT pg_sleep(2)", [], timeout_ms=50)

    monkeypatch.setattr("articles.search.views.search", slow_search)
    response = client.get("/en/search/", {"q": "chuyển đổi số"})
    assert response.status_code == 503
    assert "took too long" in response.text


def test_the_api_answers_503_with_a_message_on_timeout(client, monkeypatch):
    def slow_search(params, messages):
        run_bounded("SELECT pg_sleep(2)", [], timeout_ms=50)

    monkeypatch.setattr("articles.search.api.search", slow_search)
    response = client.get("/api/v1/search", {"q": "x"})
    assert response.status_code == 503
    assert "too long" in response.json()["detail"]
