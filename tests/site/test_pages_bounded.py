"""Record pages stay small however long their related lists grow: each shows the newest few
records with the total, and links to the faceted search listing all of them (organizations,
which search cannot filter by, page through their lists instead)."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import AgendaItem, Article, ArticleDocument, Document, Meeting
from articles.site import pages as queries
from tests.builders import PUBLISHED_AT
from tests.readers_world import grow

pytestmark = pytest.mark.django_db

EXTRA = queries.SAMPLE_SIZE + 3


def section(page: str, section_id: str) -> str:
    """The HTML of one <section id=…> of a page."""
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', page, re.S)
    assert match, f"no section #{section_id}"
    return match.group(0)


def get(client, obj, language: str, query: str = "") -> str:
    with translation.override(language):
        url = obj.get_absolute_url()
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def all_link(part: str) -> str:
    match = re.search(r'<p class="see-all"><a href="([^"]+)">', part)
    assert match, "no link to the full list"
    return html.unescape(match.group(1))


def reported_meetings(world, count: int) -> list[Meeting]:
    """`count` more meetings of the standing committee chaired by the secretary, each reported
    by a published article that discusses the resolution and with the resolution on its agenda."""
    meetings = []
    for i in range(count):
        meeting = Meeting.objects.create(
            title_vi=f"Phiên họp số {i}",
            title_en=f"Session number {i}",
            slug_vi=f"phien-hop-so-{i}",
            slug_en=f"session-number-{i}",
            body=world.standing_committee,
            kind_vi="phiên họp",
            kind_en="session",
            date=datetime.date(2022, 6, 1) + datetime.timedelta(days=i),
            chair=world.secretary,
        )
        article = Article.objects.create(
            title_vi=f"Bài viết số {i}",
            title_en=f"Article number {i}",
            slug_vi=f"bai-viet-so-{i}",
            slug_en=f"article-number-{i}",
            lead_vi="Tin.",
            lead_en="News.",
            byline="Thành Duy",
            published_at=PUBLISHED_AT + datetime.timedelta(days=i + 1),
            status=Article.Status.PUBLISHED,
            source_name_vi="Báo Nghệ An",
            source_name_en="Nghệ An Newspaper",
            meeting=meeting,
        )
        ArticleDocument.objects.create(
            article=article, document=world.resolution, role=ArticleDocument.Role.DISCUSSED
        )
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            title_vi="Dự thảo",
            title_en="Draft",
            document=world.resolution,
        )
        meetings.append(meeting)
    return meetings


def search_hits(client, url: str) -> tuple[int, set[tuple[str, int]]]:
    """Total and (kind, id) of the hits the search page at `url` lists, after indexing."""
    call_command("rebuild_search_index", stdout=StringIO())
    response = client.get(url)
    assert response.status_code == 200
    result = response.context["result"]
    return result.total, {(hit.kind, hit.object_id) for hit in result.hits}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_person_page_shows_newest_photos_and_meetings_with_totals(client, world, language):
    grow(world, EXTRA)  # the secretary is shown in EXTRA more photos
    meetings = reported_meetings(world, EXTRA)
    page = get(client, world.secretary, language)

    photos = section(page, "photos")
    assert photos.count("#photo-") == queries.SAMPLE_SIZE
    assert f'<span class="count">{EXTRA + 1}</span>' in photos
    label = "All" if language == "en" else "Tất cả"
    assert f"{label} {EXTRA + 1}" in photos

    listed = section(page, "meetings")
    assert listed.count("<li>") == queries.SAMPLE_SIZE
    assert f'<span class="count">{EXTRA + 1}</span>' in listed
    # The newest meeting first; the oldest is left out.
    with translation.override(language):
        assert meetings[-1].get_absolute_url() in listed
        assert world.meeting.get_absolute_url() not in listed
    search = "/en/search/" if language == "en" else "/tim-kiem/"
    assert all_link(listed) == f"{search}?person={world.secretary.pk}&type=meeting"
    assert all_link(photos) == f"{search}?person={world.secretary.pk}&type=photo"


def test_person_page_all_links_lead_to_search_listing_every_record(client, world):
    grow(world, EXTRA)
    meetings = reported_meetings(world, EXTRA)
    page = get(client, world.secretary, "en")

    total, hits = search_hits(client, all_link(section(page, "meetings")))
    assert total == EXTRA + 1
    assert {("meeting", m.pk) for m in [world.meeting, *meetings]} >= hits
    assert {kind for kind, _ in hits} == {"meeting"}

    total, hits = search_hits(client, all_link(section(page, "photos")))
    assert total == EXTRA + 1
    assert {kind for kind, _ in hits} == {"photo"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_document_page_shows_newest_articles_and_agenda_items(client, world, language):
    reported_meetings(world, EXTRA)
    page = get(client, world.resolution, language)
    part = section(page, "articles")
    # EXTRA + 1 articles discuss it and EXTRA + 1 meetings had it on their agenda.
    assert part.count("<li>") == 2 * queries.SAMPLE_SIZE
    label = "All" if language == "en" else "Tất cả"
    assert part.count(f"{label} {EXTRA + 1}") == 2
    search = "/en/search/" if language == "en" else "/tim-kiem/"
    links = [html.unescape(u) for u in re.findall(r'class="see-all"><a href="([^"]+)"', part)]
    assert links == [
        f"{search}?document={world.resolution.pk}&type=article",
        f"{search}?document={world.resolution.pk}&type=meeting",
    ]


def test_document_page_article_link_leads_to_search_listing_them(client, world):
    reported_meetings(world, EXTRA)
    page = get(client, world.resolution, "vi")
    total, hits = search_hits(client, all_link(section(page, "articles")))
    assert total == EXTRA + 1
    assert {kind for kind, _ in hits} == {"article"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_topic_page_shows_first_targets_and_links_to_all(client, world, language):
    grow(world, 2 * EXTRA)  # half of the new targets are under digital infrastructure
    expected = 1 + EXTRA
    page = get(client, world.infrastructure, language)
    part = section(page, "targets")
    assert f'<span class="count">{expected}</span>' in part
    assert part.count("<tr") - 1 == queries.SAMPLE_SIZE  # less the header row
    search = "/en/search/" if language == "en" else "/tim-kiem/"
    url = all_link(part)
    assert url == f"{search}?pillar={world.infrastructure.pk}&type=target"
    total, hits = search_hits(client, url)
    assert total == expected
    assert {kind for kind, _ in hits} == {"target"}


def test_counts_stop_at_the_cap_and_say_so(client, world, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    grow(world, EXTRA)
    page = get(client, world.secretary, "en")
    photos = section(page, "photos")
    assert '<span class="count">5+</span>' in photos
    assert "All 5+ photos" in photos


def test_paged_statements_past_the_cap_link_to_search_listing_all(client, world, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 5)
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    grow(world, EXTRA)  # the secretary speaks in every other new statement
    spoken = world.secretary.statements.count()
    assert spoken > 5
    part = section(get(client, world.secretary, "vi"), "statements")
    assert '<span class="count">5+</span>' in part
    assert "Tất cả 5+ phát biểu" in part
    url = all_link(part)
    assert url == f"/tim-kiem/?person={world.secretary.pk}&type=statement"
    total, hits = search_hits(client, url)
    assert total == spoken
    assert {kind for kind, _ in hits} == {"statement"}


def test_organization_pages_through_its_meetings_and_documents(client, world, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 4)
    meetings = reported_meetings(world, 6)  # 7 public meetings in all, newest first
    for i in range(5):
        document = Document.objects.create(
            kind=Document.Kind.PROJECT,
            issuer=world.standing_committee,
            title_vi=f"Đề án {i}",
            title_en=f"Project {i}",
            slug_vi=f"de-an-{i}",
            slug_en=f"project-{i}",
        )
        ArticleDocument.objects.create(
            article=world.article, document=document, role=ArticleDocument.Role.CITED, order=9 + i
        )

    first = get(client, world.standing_committee, "en")
    listed = section(first, "meetings")
    assert '<span class="count">7</span>' in listed
    assert listed.count("<li>") == 4
    assert meetings[-1].get_absolute_url() in listed
    assert 'href="?page=2#meetings"' in listed
    docs = section(first, "documents")
    assert '<span class="count">5</span>' in docs
    assert 'href="?documents_page=2#documents"' in docs
    # Two page navigations on one page, each with its own name.
    assert 'aria-label="Pages of meetings"' in listed
    assert 'aria-label="Pages of documents"' in docs

    second = section(get(client, world.standing_committee, "en", "?page=2"), "meetings")
    assert second.count("<li>") == 3
    assert world.meeting.get_absolute_url() in second
    # The unpublished session is never listed.
    assert world.draft_meeting.get_absolute_url() not in first + second

    other = section(get(client, world.standing_committee, "vi", "?documents_page=2"), "documents")
    assert other.count("<li>") == 1


@pytest.mark.parametrize("query", ["?page=abc", "?page=99999", "?documents_page=-1", "?page=%00"])
def test_bad_page_numbers_give_a_page_not_an_error(client, world, query):
    for record in (world.standing_committee, world.meeting, world.secretary, world.resolution):
        assert "<h1" in get(client, record, "vi", query)
