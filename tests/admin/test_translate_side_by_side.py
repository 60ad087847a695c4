"""The translator's side-by-side view: each segment saved on its own, English only, progress per
article, and a save over a concurrent change refused with the translator's text kept."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Statement
from tests import builders as records


@pytest.fixture
def article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = records.article(english=False)
    records.statement(article, records.person(), english=False)
    return article


def translator_client() -> Client:
    client = Client()
    client.force_login(records.translator())
    return client


def segment_form(page: str, anchor: str) -> dict[str, str]:
    """The hidden fields of one segment's form, as the browser would post them."""
    form = re.search(rf'<form[^>]*id="{anchor}".*?</form>', page, re.S)
    assert form, f"no segment {anchor} on the page"
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))


def url_of(article: Article) -> str:
    return reverse("admin:articles_article_translate", args=[article.pk])


@pytest.mark.django_db(transaction=True)
def test_translator_saves_segments_one_by_one_and_progress_grows(article):
    client = translator_client()
    statement = article.statements.get()
    page = client.get(url_of(article)).content.decode()
    # Vietnamese beside each empty English field; article: title, slug, lead, source; statement:
    # attribution, text.
    assert "Đã dịch 0 / 6 đoạn" in page
    assert statement.text_vi in page
    change_page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert url_of(article) in change_page.content.decode()  # linked from the article form

    anchor = f"segment-statement-{statement.pk}-text"
    posted = segment_form(page, anchor) | {"english": "A statement in English."}
    response = client.post(url_of(article), posted)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{anchor}")
    statement.refresh_from_db()
    assert statement.text_en == "A statement in English."

    page = client.get(url_of(article)).content.decode()
    assert "Đã dịch 1 / 6 đoạn" in page
    assert anchor not in page  # translated and current: off the list
    lead = segment_form(page, f"segment-article-{article.pk}-lead")
    assert client.post(url_of(article), lead | {"english": "The lead."}).status_code == 302
    assert "Đã dịch 2 / 6 đoạn" in client.get(url_of(article)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_segment_saves_write_english_only(article):
    client = translator_client()
    statement = article.statements.get()
    page = client.get(url_of(article)).content.decode()
    posted = segment_form(page, f"segment-statement-{statement.pk}-text")

    # A field that is not a translation (the speaker, the status) is refused, nothing written.
    for field in ("kind", "text_vi", "status"):
        response = client.post(url_of(article), posted | {"field": field, "english": "x"})
        assert response.status_code == 403
        assert "Ở đây chỉ lưu được bản dịch tiếng Anh." in response.content.decode()
    # Vietnamese posted beside the English is ignored: only the English column is written.
    client.post(url_of(article), posted | {"english": "In English.", "text_vi": "Đã bị sửa"})
    statement.refresh_from_db()
    assert statement.text_en == "In English."
    assert statement.text_vi == records.QUOTE_VI
    assert statement.kind == Statement.Kind.QUOTE


@pytest.mark.django_db(transaction=True)
def test_segment_save_over_a_concurrent_change_is_refused_keeping_the_translation(article):
    client = translator_client()
    page = client.get(url_of(article)).content.decode()
    posted = segment_form(page, f"segment-article-{article.pk}-lead")

    # Meanwhile an editor rewrites the Vietnamese lead.
    editor = Client()
    editor.force_login(records.editor())
    stored = Article.objects.get(pk=article.pk)
    stored.lead_vi = "Sapo mới do biên tập viên viết lại."
    stored.save()

    response = client.post(url_of(article), posted | {"english": "My careful translation."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chưa lưu: đã có người khác sửa bản ghi này sau khi bạn mở trang." in page
    assert "My careful translation." in page  # the translator's text, kept
    assert "Sapo mới do biên tập viên viết lại." in page  # beside the new Vietnamese
    article.refresh_from_db()
    assert not article.lead_en

    # Saving again from the refreshed form (new token) goes through.
    retry = segment_form(page, f"segment-article-{article.pk}-lead")
    assert client.post(url_of(article), retry | {"english": "Rewritten lead."}).status_code == 302
    article.refresh_from_db()
    assert article.lead_en == "Rewritten lead."
