"""Every page of every seed record answers in both languages; unknown ids answer 404; the seed's
feeds and sitemap entries work (its query budgets are in test_pages_queries.py).

These tests only read, so they share one committed seed per module (`indexed_seed`): loading
the seed costs ~3.7 s, and the 38 record pages alone would load it 38 times."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from articles import visibility
from people.models import Person
from tests.conftest import SEED_FIXTURE

# Records that have a page of their own, by fixture model label.
PAGE_MODELS = [
    "articles.article",
    "people.person",
    "people.organization",
    "articles.document",
    "articles.meeting",
    "articles.topic",
]
SEED_RECORDS = [
    (record["model"], record["pk"])
    for record in json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    if record["model"] in PAGE_MODELS
]


def test_the_seed_has_records_of_every_page_kind():
    assert {model for model, _pk in SEED_RECORDS} == set(PAGE_MODELS)


@pytest.mark.parametrize(("model", "pk"), SEED_RECORDS, ids=lambda value: str(value))
def test_every_seed_record_page_answers_200_in_both_languages(client, db, indexed_seed, model, pk):
    obj = apps.get_model(model).objects.get(pk=pk)
    urls = {}
    for language in ["vi", "en"]:
        with translation.override(language):
            urls[language] = obj.get_absolute_url()
    for language, other in [("vi", "en"), ("en", "vi")]:
        response = client.get(urls[language])
        assert response.status_code == 200, urls[language]
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        # Its language switcher leads to the same record in the other language.
        assert f'href="{urls[other]}" hreflang="{other}"' in html


@pytest.mark.parametrize("model", PAGE_MODELS)
def test_unknown_ids_answer_404(client, db, indexed_seed, model):
    record = apps.get_model(model).objects.order_by("pk").first()
    for language in ["vi", "en"]:
        with translation.override(language):
            url = record.get_absolute_url().replace(f"/{record.pk}-", "/99999999-", 1)
        assert client.get(url).status_code == 404, url


def test_pages_without_a_record_answer_200(client, db, indexed_seed):
    for language in ["vi", "en"]:
        for name in ["home", "targets", "feed-rss", "feed-atom"]:
            with translation.override(language):
                url = reverse(f"articles:{name}")
            assert client.get(url).status_code == 200, url


def test_every_seed_record_is_in_the_sitemap_in_both_languages(client, db, indexed_seed):
    body = client.get("/sitemap.xml").content.decode()
    for model, pk in SEED_RECORDS:
        obj = apps.get_model(model).objects.get(pk=pk)
        for language in ["vi", "en"]:
            with translation.override(language):
                assert f"http://testserver{obj.get_absolute_url()}</loc>" in body, (obj, language)


def test_every_seed_person_and_document_has_working_feeds(client, db, indexed_seed):
    for person in Person.objects.all():
        for name in ["person-rss", "person-atom"]:
            url = reverse(f"articles:{name}", kwargs={"pk": person.pk, "slug": person.slug})
            assert client.get(url).status_code == 200, url
    for document in visibility.documents():
        url = reverse("articles:document-rss", kwargs={"pk": document.pk, "slug": document.slug})
        assert client.get(url).status_code == 200, url
