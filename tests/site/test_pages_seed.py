"""Every page of every seed record answers in both languages; unknown ids answer 404; the seed's
pages stay within their query budgets, and stay there when the article grows."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from articles import visibility
from articles.models import Article, Document, Statement
from people.models import Person
from tests.conftest import SEED_FIXTURE
from tests.site.test_pages_queries import BUDGETS, count_queries

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
def test_every_seed_record_page_answers_200_in_both_languages(client, seed, model, pk):
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
def test_unknown_ids_answer_404(client, seed, model):
    record = apps.get_model(model).objects.order_by("pk").first()
    for language in ["vi", "en"]:
        with translation.override(language):
            url = record.get_absolute_url().replace(f"/{record.pk}-", "/99999999-", 1)
        assert client.get(url).status_code == 404, url


def test_pages_without_a_record_answer_200(client, seed):
    for language in ["vi", "en"]:
        for name in ["home", "targets", "feed-rss", "feed-atom"]:
            with translation.override(language):
                url = reverse(f"articles:{name}")
            assert client.get(url).status_code == 200, url


def test_every_seed_record_is_in_the_sitemap_in_both_languages(client, seed):
    body = client.get("/sitemap.xml").content.decode()
    for model, pk in SEED_RECORDS:
        obj = apps.get_model(model).objects.get(pk=pk)
        for language in ["vi", "en"]:
            with translation.override(language):
                assert f"http://testserver{obj.get_absolute_url()}</loc>" in body, (obj, language)


def test_every_seed_person_and_document_has_working_feeds(client, seed):
    for person in Person.objects.all():
        for name in ["person-rss", "person-atom"]:
            url = reverse(f"articles:{name}", kwargs={"pk": person.pk, "slug": person.slug})
            assert client.get(url).status_code == 200, url
    for document in visibility.documents():
        url = reverse("articles:document-rss", kwargs={"pk": document.pk, "slug": document.slug})
        assert client.get(url).status_code == 200, url


def seed_pages() -> dict[str, str]:
    article = Article.objects.get()
    document = Document.objects.filter(targets__isnull=False).distinct().get()
    speaker = Statement.objects.values("speaker").order_by("speaker").first()["speaker"]
    return {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "person": Person.objects.get(pk=speaker).get_absolute_url(),
        "organization": article.meeting.body.get_absolute_url(),
        "document": document.get_absolute_url(),
        "meeting": article.meeting.get_absolute_url(),
        "topic": document.targets.exclude(pillar=None).first().pillar.get_absolute_url(),
        "targets": reverse("articles:targets"),
    }


def grow_seed(n: int) -> None:
    """n more statements, photos (with people shown) and targets on the seed article."""
    from articles.models import BodyBlock, Photo, Target
    from tests.builders import placeholder_png

    article = Article.objects.get()
    document = Document.objects.filter(targets__isnull=False).distinct().get()
    people = list(Person.objects.all()[:2])
    top = 1000
    for i in range(n):
        statement = Statement.objects.create(
            article=article,
            meeting=article.meeting,
            speaker=people[i % 2],
            attribution_vi="Ủy viên Ban Thường vụ Tỉnh ủy",
            attribution_en="Member of the Provincial Party Standing Committee",
            kind=Statement.Kind.COMMENT,
            text_vi=f"Ý kiến thêm {i}.",
            text_en=f"Additional comment {i}.",
            order=top + i,
        )
        target = Target.objects.create(
            document=document,
            pillar=document.targets.exclude(pillar=None).first().pillar,
            indicator_vi=f"Chỉ tiêu thêm {i}",
            indicator_en=f"Additional target {i}",
            outcome=Target.Outcome.IN_DRAFT,
            order=top + i,
        )
        statement.documents.add(document)
        statement.targets.add(target)
        photo = Photo.objects.create(
            article=article,
            image=placeholder_png(),
            is_placeholder=True,
            caption_vi=f"Ảnh thêm {i}",
            caption_en=f"Additional photo {i}",
            alt_text_vi=f"Ảnh thêm {i}",
            alt_text_en=f"Additional photo {i}",
            credit="Thành Duy",
            order=top + i,
        )
        photo.people_shown.add(*people)
        BodyBlock.objects.create(
            article=article, order=top + i, kind=BodyBlock.Kind.PHOTO, photo=photo
        )


@pytest.mark.parametrize("name", list(BUDGETS))
def test_seed_pages_stay_within_budget_and_do_not_grow(
    client, seed, media_root, django_assert_max_num_queries, name
):
    with translation.override("vi"):
        url = seed_pages()[name]
    with django_assert_max_num_queries(BUDGETS[name]):
        assert client.get(url).status_code == 200
    before = count_queries(client, url)
    grow_seed(25)
    assert count_queries(client, url) == before
