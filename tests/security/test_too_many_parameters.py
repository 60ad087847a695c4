"""More query or form parameters than Django accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS, 1,000) is the
client's mistake: a 400 that says so, in JSON under /api/ and as a page in the page's language
elsewhere, never a bare HTML error or a traceback."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TOO_MANY = "&".join(["a=1"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/people/", "/api/v1/search"])
def test_the_api_answers_json(client, path):
    response = client.get(f"{path}?{TOO_MANY}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Too many parameters: at most 1000 are accepted."}


def test_the_api_still_answers_at_the_limit(client):
    at_limit = "&".join(["a=1"] * settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    assert client.get(f"/api/v1/articles/?{at_limit}").status_code == 200


@pytest.mark.parametrize(
    ("path", "language", "message"),
    [
        ("/tim-kiem/", "vi", "Quá nhiều tham số: chỉ nhận tối đa 1000."),
        ("/en/search/", "en", "Too many parameters: at most 1000 are accepted."),
    ],
)
def test_a_page_answers_in_its_language(client, path, language, message):
    response = client.get(f"{path}?{TOO_MANY}")

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert message in html
    assert "Traceback" not in html


def test_a_form_posted_with_too_many_fields_is_a_400_page(client):
    fields = {f"field{number}": "x" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = client.post("/admin/login/", {"username": "editor", "password": "x", **fields})

    assert response.status_code == 400
    assert "Quá nhiều tham số" in response.content.decode()
