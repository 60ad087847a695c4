"""Object URLs: translated path words, id + slug, redirects from wrong slugs, 404s, private drafts,
and the error pages in the language of the URL."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from archive.errors import server_error
from articles.models import Document


def url_in(language: str, obj) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def test_object_urls_use_vietnamese_words_unprefixed_and_english_words_under_en(world):
    assert url_in("vi", world.article).startswith(f"/bai-viet/{world.article.pk}-ban-thuong-vu")
    assert url_in("en", world.article).startswith(f"/en/articles/{world.article.pk}-standing")
    assert url_in("vi", world.secretary) == f"/nguoi/{world.secretary.pk}-thai-thanh-quy/"
    assert url_in("en", world.secretary) == f"/en/people/{world.secretary.pk}-thai-thanh-quy/"
    assert url_in("vi", world.standing_committee).startswith("/to-chuc/")
    assert url_in("en", world.standing_committee).startswith("/en/organizations/")
    assert url_in("vi", world.resolution).startswith("/van-ban/")
    assert url_in("en", world.resolution).startswith("/en/documents/")
    assert url_in("vi", world.meeting).startswith("/cuoc-hop/")
    assert url_in("en", world.meeting).startswith("/en/meetings/")
    assert url_in("vi", world.infrastructure).startswith("/chu-de/")
    assert url_in("en", world.infrastructure).startswith("/en/topics/")
    with translation.override("vi"):
        assert reverse("articles:targets") == "/chi-tieu/"
    with translation.override("en"):
        assert reverse("articles:targets") == "/en/targets/"


def record_pairs(world):
    return [
        world.article,
        world.secretary,
        world.standing_committee,
        world.resolution,
        world.meeting,
        world.infrastructure,
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_record_page_answers_in_both_languages(client, world, language):
    for obj in record_pairs(world):
        response = client.get(url_in(language, obj))
        assert response.status_code == 200, obj
        assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_wrong_or_old_slug_redirects_permanently_to_the_canonical_url(client, world, language):
    for obj in record_pairs(world):
        canonical = url_in(language, obj)
        wrong = canonical.replace(f"/{obj.pk}-", f"/{obj.pk}-an-old-title-", 1)
        response = client.get(wrong + "?page=2")
        assert response.status_code == 301, obj
        assert response["Location"] == canonical + "?page=2"


def test_the_vietnamese_slug_under_en_redirects_to_the_english_slug(client, world):
    vietnamese_slug = world.article.slug_vi
    response = client.get(f"/en/articles/{world.article.pk}-{vietnamese_slug}/")
    assert response.status_code == 301
    assert response["Location"] == url_in("en", world.article)


def test_a_record_without_english_is_served_under_en_with_its_vietnamese_slug(client, world):
    # update(), not save(): modeltranslation's save would refill the English column from the
    # Vietnamese fallback when English happens to be the active language.
    Document.objects.filter(pk=world.regulation.pk).update(title_en=None, slug_en=None)
    world.regulation.refresh_from_db()
    english_url = url_in("en", world.regulation)
    assert english_url == f"/en/documents/{world.regulation.pk}-{world.regulation.slug_vi}/"
    response = client.get(english_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not yet translated" in html
    assert 'lang="vi">Quy định về trường chính trị chuẩn</span>' in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unknown_ids_answer_404(client, world, language):
    for obj in record_pairs(world):
        url = url_in(language, obj).replace(f"/{obj.pk}-", "/987654-", 1)
        assert client.get(url).status_code == 404, url


def test_a_draft_article_and_what_only_it_shows_stay_private(client, world):
    for obj in [world.draft, world.draft_only_person, world.draft_meeting]:
        for language in ["vi", "en"]:
            assert client.get(url_in(language, obj)).status_code == 404, obj
    assert client.get(url_in("vi", world.draft_only_document)).status_code == 404
    home = client.get("/").content.decode()
    assert "Bài viết nháp" not in home
    assert "Lê Thị Hoài Chung" not in home


def test_a_scheduled_article_is_private_until_its_time(client, world):
    from django.utils import timezone

    world.article.published_at = timezone.now() + timezone.timedelta(days=1)
    world.article.save()
    assert client.get(url_in("vi", world.article)).status_code == 404
    assert client.get(url_in("vi", world.meeting)).status_code == 404


def test_pages_refuse_writes(client, world):
    assert client.post(url_in("vi", world.article)).status_code == 405


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/khong-co-trang-nay/", "vi", "Không tìm thấy trang"),
        ("/en/no-such-page/", "en", "Page not found"),
    ],
)
def test_404_page_speaks_the_language_of_the_url(client, db, path, language, heading):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [("/bai-viet/1-x/", "vi", "Lỗi máy chủ"), ("/en/articles/1-x/", "en", "Server error")],
)
def test_500_page_speaks_the_language_of_the_url_without_the_database(path, language, heading):
    # No django_db mark: any database access here would raise.
    response = server_error(RequestFactory().get(path))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


def test_an_exception_in_a_view_gives_the_500_page_not_a_traceback(client, world, monkeypatch):
    from articles.site import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.pages, "home_page", explode)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
