"""Each page renders in a fixed number of SQL queries, however many records hang off it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document, Statement
from people.models import Person
from tests.builders import add_reported_items
from tests.readers_world import grow

# The most queries each page may take. The count is the same for 2 related records or 60
# (asserted below); raising a budget needs a reason.
BUDGETS = {
    "home": 5,  # articles, meetings, officials, documents, pillars
    "article": 11,  # article+meeting, blocks, people shown, statements, their documents and
    # targets, document links, agenda, topics, targets table, related statements (meaning)
    "person": 11,  # person, positions, statements (count, page, documents, targets), photos
    # (newest, count), the portrait photo, meetings (newest, count)
    "organization": 7,  # organization+parent, children, positions, meetings (count, page),
    # documents (count, page)
    "document": 14,  # document+issuer, targets, statements (count, page, documents, targets),
    # those who spoke on it unreported, articles (newest, count), relations both ways, agenda
    # items (newest, count), related statements (meaning: none in this world, no vectors)
    "meeting": 8,  # meeting+body+chair, attendances, agenda, articles, statements (count, page,
    # documents, targets)
    "topic": 5,  # topic, targets (first, count), articles (count, page)
    "targets": 1,
}


def page_urls(world, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "home": reverse("articles:home"),
            "article": world.article.get_absolute_url(),
            "person": world.secretary.get_absolute_url(),
            "organization": world.standing_committee.get_absolute_url(),
            "document": world.resolution.get_absolute_url(),
            "meeting": world.meeting.get_absolute_url(),
            "topic": world.infrastructure.get_absolute_url(),
            "targets": reverse("articles:targets"),
        }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_page_stays_within_its_query_budget(
    client, world, django_assert_max_num_queries, name, language
):
    with django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(page_urls(world, language)[name])
    assert response.status_code == 200


@pytest.mark.parametrize("name", list(BUDGETS))
def test_query_count_does_not_grow_with_related_records(
    client, world, django_assert_max_num_queries, name
):
    url = page_urls(world, "en")[name]
    small = count_queries(client, url)
    grow(world, 30)  # 30 more statements, photos (with people shown) and targets
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert count_queries(client, url) == small


# ---------------------------------------------------------------- the seed itself
# Its own transaction's seed (`seed`), without meaning vectors, as the budgets assume.


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
    document = Document.objects.filter(targets__isnull=False).distinct().get()
    add_reported_items(
        Article.objects.get(),
        n,
        speakers=list(Person.objects.all()[:2]),
        attribution=(
            "Ủy viên Ban Thường vụ Tỉnh ủy",
            "Member of the Provincial Party Standing Committee",
        ),
        documents=[document],
        pillars=[document.targets.exclude(pillar=None).first().pillar],
        start=1000,
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
