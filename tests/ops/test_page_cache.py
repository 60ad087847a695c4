"""Public pages are cached per language, invalidated by any record change, and answer 304."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation

from articles.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.page_cache_urls")]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.QUERY_CACHE_SECONDS = 300
    for alias in ("pages", "queries"):
        caches[alias].clear()
    yield
    for alias in ("pages", "queries"):
        caches[alias].clear()


@pytest.fixture
def article(seed):
    return Article.objects.order_by("pk").first()


def test_a_page_is_served_from_the_cache_until_a_record_changes(
    client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get(f"/t/{article.pk}/")
    assert first.status_code == 200 and first.content.decode() == article.title_vi
    # A change that sends no signal is not seen: the page comes from the cache, no query.
    Article.objects.filter(pk=article.pk).update(title_vi="Tiêu đề khác")
    with django_assert_num_queries(0):
        again = client.get(f"/t/{article.pk}/")
    assert again.content == first.content
    # A save (as the admin does) invalidates every cached page once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        article.refresh_from_db()
        article.title_vi = "Tiêu đề mới"
        article.save()
    assert client.get(f"/t/{article.pk}/").content.decode() == "Tiêu đề mới"


def test_each_language_has_its_own_page(client, article):
    assert client.get(f"/t/{article.pk}/").content.decode() == article.title_vi
    assert client.get(f"/en/t/{article.pk}/").content.decode() == article.title_en


def test_a_client_with_the_current_etag_or_date_gets_304(client, article):
    page = client.get(f"/t/{article.pk}/")
    assert page["ETag"] and page["Last-Modified"] and "must-revalidate" in page["Cache-Control"]
    assert (
        client.get(f"/t/{article.pk}/", headers={"if-none-match": page["ETag"]}).status_code == 304
    )
    since = {"if-modified-since": page["Last-Modified"]}
    assert client.get(f"/t/{article.pk}/", headers=since).status_code == 304
    assert client.get(f"/t/{article.pk}/", headers={"if-none-match": '"other"'}).status_code == 200


def test_staff_with_a_session_never_get_cached_pages(client, article):
    client.get(f"/t/{article.pk}/")
    Article.objects.filter(pk=article.pk).update(title_vi="Bản nháp riêng")
    client.force_login(User.objects.create_user("editor", is_staff=True))
    fresh = client.get(f"/t/{article.pk}/")
    assert fresh.content.decode() == "Bản nháp riêng" and "ETag" not in fresh
    # ... and what they saw is not stored for anyone else.
    client.logout()
    assert client.get(f"/t/{article.pk}/").content.decode() == article.title_vi


def test_pages_with_a_csrf_token_are_not_cached(client):
    tokens = {client.get("/form/").content for _ in range(2)}
    assert len(tokens) == 2


def test_a_search_is_cached_by_its_query_until_a_record_changes(
    client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert client.get("/tim-kiem/", {"q": "một"}).content.decode() == f"{article.title_vi}|một"
    Article.objects.filter(pk=article.pk).update(title_vi="Khác")
    with django_assert_num_queries(0):
        assert client.get("/tim-kiem/", {"q": "một"}).content.decode().endswith("|một")
    # Another query is another page, built now.
    assert client.get("/tim-kiem/", {"q": "hai"}).content.decode() == "Khác|hai"
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=article.pk).save()
    assert client.get("/tim-kiem/", {"q": "một"}).content.decode() == "Khác|một"


def test_the_query_cache_is_bounded_and_can_be_turned_off(client, article, settings):
    queries = caches["queries"]
    limit = queries._max_entries
    for number in range(limit + 50):
        client.get("/tim-kiem/", {"q": f"từ {number}"})
    assert 0 < len(queries._cache) <= limit
    settings.QUERY_CACHE_SECONDS = 0
    client.get("/tim-kiem/", {"q": "mới"})
    Article.objects.filter(pk=article.pk).update(title_vi="Khác")
    assert client.get("/tim-kiem/", {"q": "mới"}).content.decode() == "Khác|mới"


def test_query_strings_bypass_the_cache_of_other_pages(client, article):
    client.get(f"/t/{article.pk}/")
    Article.objects.filter(pk=article.pk).update(title_vi="Với tham số")
    assert client.get(f"/t/{article.pk}/", {"page": "2"}).content.decode() == "Với tham số"


@pytest.mark.urls("archive.urls")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_real_article_page_is_cached_and_revalidated(
    client, article, django_assert_num_queries, language
):
    with translation.override(language):
        url = article.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert first["Content-Language"] == language
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.mark.urls("archive.urls")
@pytest.mark.parametrize(
    "url", ["/tim-kiem/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91", "/api/v1/search?q=digital"]
)
def test_the_real_search_page_and_api_search_are_answered_from_memory(
    client, article, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    # An export is never cached (it can be large, and is named by the time it was made).
    export = "/tim-kiem/csv/?q=digital"
    client.get(export)
    assert "ETag" not in client.get(export)


def test_a_bulk_generated_corpus_invalidates_cached_pages(
    client, article, django_assert_num_queries
):
    client.get(f"/t/{article.pk}/")
    with django_assert_num_queries(0):
        client.get(f"/t/{article.pk}/")
    # COPY sends no save signals; the command bumps the version itself.
    call_command("generate_corpus", articles=5, seed=2, no_index=True, stdout=StringIO())
    with django_assert_num_queries(1):
        client.get(f"/t/{article.pk}/")
