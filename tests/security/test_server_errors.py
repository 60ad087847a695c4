"""No stack traces to users: with DEBUG off, a real fault deep inside a page (the database
refusing a query) gives the 500 page in the page's language, or a JSON 500 under /api/, with
nothing of the exception in it, and the error is logged for us."""

import logging

import pytest
from django.db import ProgrammingError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document
from people.models import Person

pytestmark = pytest.mark.django_db

SECRET = 'relation "newsroom_secret_salaries" does not exist'


@pytest.fixture
def failing_queries(client, settings, monkeypatch):
    """From now on every SQL query of a request fails as if a migration were missing."""
    settings.DEBUG = False
    client.raise_request_exception = False

    def refuse(self, sql, params=None):
        raise ProgrammingError(SECRET)

    def break_database():
        monkeypatch.setattr(CursorWrapper, "execute", refuse)

    return break_database


def page_urls() -> list[tuple[str, str]]:
    urls = []
    for language in ("vi", "en"):
        with translation.override(language):
            urls += [
                (language, reverse("articles:home")),
                (language, Article.objects.get(pk=1).get_absolute_url()),
                (language, Person.objects.order_by("pk").first().get_absolute_url()),
                (language, Document.objects.order_by("pk").first().get_absolute_url()),
                (language, reverse("articles:search") + "?q=5G"),
                (language, reverse("articles:feed-rss")),
            ]
    return urls


def assert_reveals_nothing(text: str) -> None:
    for leak in ("Traceback", "ProgrammingError", "newsroom_secret_salaries", ".py", "SELECT"):
        assert leak not in text


def test_a_failing_query_on_any_page_gives_the_500_page_in_its_language(
    client, seed, failing_queries, caplog
):
    urls = page_urls()
    failing_queries()
    for language, url in urls:
        response = client.get(url)

        assert response.status_code == 500, url
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, url
        assert ("Lỗi máy chủ" if language == "vi" else "Server error") in html, url
        assert_reveals_nothing(html)
    # Each error reached the log, with what we need to fix it.
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert len(logged) == len(urls)
    assert all(SECRET in str(record.exc_info[1]) for record in logged)


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/", "/api/v1/articles/1", "/api/v1/people/", "/api/v1/search?q=5G"]
)
def test_a_failing_query_in_the_api_gives_a_json_500(client, seed, failing_queries, url):
    failing_queries()
    response = client.get(url)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Internal server error; it has been logged."}
    assert_reveals_nothing(response.content.decode())
