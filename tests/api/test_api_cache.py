"""An API detail is built once per content version and served from the page cache: an edit
shows at once, a draft never comes from the cache, and a cached answer runs no query."""

import pytest
from django.core.cache import caches

from articles.models import Article

# Saves commit for real, as the admin's do: the cache is invalidated on commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def article(seed):
    return Article.objects.order_by("pk").first()


def detail(client, article):
    return client.get(f"/api/v1/articles/{article.pk}")


def test_a_cached_detail_runs_no_query_and_is_the_same_json(
    client, article, django_assert_num_queries
):
    first = detail(client, article)
    assert first.status_code == 200 and first.json()["title"]["vi"] == article.title_vi
    # A change that sends no signal stays unseen: the answer is the stored one, with no query.
    Article.objects.filter(pk=article.pk).update(title_vi="Không qua tín hiệu")
    with django_assert_num_queries(0):
        again = detail(client, article)
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"] == "application/json; charset=utf-8"
    assert again["ETag"] == first["ETag"]


def served_from_cache(client, article) -> bool:
    """Whether the API answers with its stored JSON: a change made without a signal is unseen."""
    before = detail(client, article).content
    Article.objects.filter(pk=article.pk).update(lead_vi="Không qua tín hiệu")
    return detail(client, article).content == before


def test_an_edit_shows_at_once_in_the_api_detail(client, article):
    assert served_from_cache(client, article)
    article.refresh_from_db()
    article.title_vi = "Tiêu đề đã sửa"
    article.save()
    assert detail(client, article).json()["title"]["vi"] == "Tiêu đề đã sửa"


def test_a_draft_is_never_served_from_the_cache(client, article):
    assert served_from_cache(client, article)
    article.refresh_from_db()
    article.status = Article.Status.DRAFT
    article.save()
    # The stored JSON of the published article is gone with the version: the draft is a 404 ...
    assert detail(client, article).status_code == 404
    # ... and that 404 is not stored either: published again, the article is back at once.
    article.status = Article.Status.PUBLISHED
    article.save()
    assert detail(client, article).status_code == 200


def test_each_host_gets_urls_on_its_own_host(client, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "archive.example"]
    on_testserver = detail(client, article).json()["url"]["vi"]
    elsewhere = client.get(f"/api/v1/articles/{article.pk}", HTTP_HOST="archive.example")
    assert on_testserver.startswith("http://testserver/")
    assert elsewhere.json()["url"]["vi"].startswith("http://archive.example/")
