"""Every request runs under its role's statement timeout (public pages, feeds and API: 5 s by
default; admin: 30 s), and a query cut short by it gives a clear 503 in the page's language, or
JSON under /api/, never a 500.

Requests run outside a test transaction, as on a server: a plain SET is what a persistent
connection carries from one request to the next."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_MS = 100
ADMIN_MS = 1500


@pytest.fixture
def slow_site(transactional_db, client, settings):
    settings.ROOT_URLCONF = "tests.slow_urls"
    settings.STATEMENT_TIMEOUT_MS = {"public": PUBLIC_MS, "admin": ADMIN_MS}
    client.raise_request_exception = False
    yield client
    # Before the test database is flushed, on this same connection.
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout TO DEFAULT")


def assert_reveals_nothing(text: str) -> None:
    for leak in ("Traceback", "OperationalError", "QueryCanceled", "pg_sleep", "statement"):
        assert leak not in text


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/slow/?seconds=3", "vi", "Trang phản hồi quá lâu"),
        ("/en/slow/?seconds=3", "en", "This page took too long"),
    ],
)
def test_a_slow_public_page_gives_a_503_in_its_language(slow_site, url, language, heading):
    response = slow_site.get(url)

    assert response.status_code == 503
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert response["Retry-After"]
    assert_reveals_nothing(html)


def test_a_slow_api_request_gives_a_json_503(slow_site):
    response = slow_site.get("/api/v1/slow?seconds=3")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The request took too long and was stopped; please try again later."
    }
    assert response["Retry-After"]


def test_the_admin_has_its_own_timeout_set_again_on_every_request(slow_site):
    """Half a second is too long for a public page but fine in the admin; the same connection
    serves them in turn, so each request must set its own timeout."""
    assert slow_site.get("/admin/slow/?seconds=0.5").status_code == 200
    assert slow_site.get("/slow/?seconds=0.5").status_code == 503
    assert slow_site.get("/admin/slow/?seconds=0.5").status_code == 200

    response = slow_site.get("/admin/slow/?seconds=3")
    assert response.status_code == 503
    assert "Trang phản hồi quá lâu" in response.content.decode()
    assert_reveals_nothing(response.content.decode())


def test_the_timeout_survives_a_rolled_back_transaction(slow_site):
    """A setting made inside a transaction goes when it is rolled back: the page's own timeout
    must still hold after it, not the admin's that the connection carried before."""
    assert slow_site.get("/admin/slow/?seconds=0").status_code == 200
    assert slow_site.get("/slow-after-rollback/?seconds=0.5").status_code == 503
