"""The API publishes an OpenAPI schema describing every endpoint and its response shape."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/articles/": "Paged",
    "/api/v1/articles/{article_id}": "ArticleDetail",
    "/api/v1/people/": "Paged",
    "/api/v1/people/{person_id}": "PersonDetail",
    "/api/v1/organizations/": "Paged",
    "/api/v1/organizations/{organization_id}": "OrganizationDetail",
    "/api/v1/documents/": "Paged",
    "/api/v1/documents/{document_id}": "DocumentDetail",
    "/api/v1/targets/": "Paged",
    "/api/v1/targets/{target_id}": "TargetDetail",
    "/api/v1/statements/": "Paged",
    "/api/v1/statements/{statement_id}": "StatementOut",
    "/api/v1/meetings/": "Paged",
    "/api/v1/meetings/{meeting_id}": "MeetingDetail",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_schema_is_served(schema):
    assert schema["info"]["title"] == "Nghệ An meeting archive API"


@pytest.mark.parametrize(("path", "response_schema"), ENDPOINTS.items())
def test_every_endpoint_is_described_with_its_response_schema(schema, path, response_schema):
    operation = schema["paths"][path]["get"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]

    assert reference.split("/")[-1].startswith(response_schema)
    assert operation["summary"]
    assert operation["tags"]
    assert "422" in operation["responses"]
    if "{" in path:
        assert "404" in operation["responses"]


def test_list_endpoints_document_their_paging_bounds(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}

    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"]["maximum"] == 100


def test_translated_fields_are_described_as_language_maps(schema):
    components = schema["components"]["schemas"]
    article = components["ArticleDetail"]["properties"]

    assert article["title"]["$ref"].endswith("/LangMap")
    assert set(components["LangMap"]["properties"]) == {"vi", "en"}
    assert article["url"]["$ref"].endswith("/UrlMap")
    assert {"people", "statements", "documents", "targets", "photos", "body"} <= set(article)


def test_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert "cdn" not in html.lower()
