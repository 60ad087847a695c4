"""The API publishes an OpenAPI schema."""

import pytest


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Nghệ An meeting archive API"
