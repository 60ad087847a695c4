"""Property-based tests of the API's list filters, paging and path ids: whatever a client sends,
the answer is JSON with a 2xx or 4xx status, never a server error. Runs on the seed, so valid
values find real records and the filters' queries really run."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# What a client might put in one parameter: any text a browser can send (no lone surrogates,
# which are not UTF-8), numbers of every size and sign, and the classic troublemakers.
any_value = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=120),
    st.integers().map(str),
    st.from_regex(r"-?[0-9]{1,40}", fullmatch=True),
    st.sampled_from(
        ["", "0", "-1", "1.5", "1e3", "NaN", "inf", "0x10", "\x00", "1\x00", " 1", "٣", "1_000"]
        + ["' OR 1=1 --", "%", "%00", "9" * 30, "direct_quote", "in_draft", "2025", "x" * 5000]
    ),
)

LIST_PARAMETERS = {
    "articles": [],
    "people": [],
    "organizations": [],
    "documents": [],
    "meetings": [],
    "statements": ["speaker", "article", "document", "kind"],
    "targets": ["document", "pillar", "deadline_year", "outcome"],
}
PAGING = ["page", "page_size"]
SEARCH_PARAMETERS = [
    "q", "lang", "type", "person", "document", "pillar", "from", "to", "year", "match", "sort",
    "page",
]  # fmt: skip

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_client_or_success(response) -> None:
    assert response.status_code < 500, response.content[:300]
    assert 200 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    response.json()


def parameters(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, any_value))


@pytest.mark.parametrize("resource", LIST_PARAMETERS)
def test_any_filters_and_paging_on_a_list_answer_without_a_server_error(client, seed, resource):
    @FUZZ
    @given(params=parameters(LIST_PARAMETERS[resource] + PAGING))
    def check(params):
        assert_client_or_success(client.get(f"/api/v1/{resource}/", params))

    check()


@pytest.mark.parametrize("resource", LIST_PARAMETERS)
def test_any_id_in_a_path_answers_without_a_server_error(client, seed, resource):
    @FUZZ
    @given(raw_id=any_value)
    def check(raw_id):
        assert_client_or_success(client.get(f"/api/v1/{resource}/{quote(raw_id, safe='')}"))

    check()


@FUZZ
@given(params=parameters(SEARCH_PARAMETERS))
def test_any_search_parameters_answer_without_a_server_error(client, seed, params):
    response = client.get("/api/v1/search", params)
    assert_client_or_success(response)
    assert response.status_code == 200  # malformed search parameters become messages, not errors


def test_the_filters_really_filter_on_the_seed(api_get, seed):
    """The fuzzed filters reach real queries: on the seed, a real value narrows the list."""
    statements = api_get("/api/v1/statements/", page_size=100)
    speaker = statements["items"][0]["speaker_id"]
    by_speaker = api_get("/api/v1/statements/", speaker=speaker, page_size=100)
    assert 0 < by_speaker["count"] < statements["count"]
    targets = api_get("/api/v1/targets/", page_size=100)
    by_year = api_get("/api/v1/targets/", deadline_year=2025, page_size=100)
    assert 0 < by_year["count"] <= targets["count"]
