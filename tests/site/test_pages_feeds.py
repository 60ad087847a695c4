"""Feeds per language, per official and per document; the sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Document

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def url_in(language: str, obj) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def feed_url(language: str, name: str, obj=None) -> str:
    with translation.override(language):
        kwargs = {"pk": obj.pk, "slug": obj.slug} if obj is not None else None
        return reverse(f"articles:{name}", kwargs=kwargs)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_latest_articles_rss_is_in_the_language_of_its_url(client, world, language):
    response = client.get(feed_url(language, "feed-rss"))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == language
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        "http://testserver" + url_in(language, world.article)
    ]
    expected = world.article.title_vi if language == "vi" else world.article.title_en
    assert items[0].findtext("title") == expected
    # The draft never appears.
    assert b"draft-article" not in response.content and b"bai-viet-nhap" not in response.content


def test_latest_articles_atom(client, world):
    response = client.get(feed_url("en", "feed-atom"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")]
    assert links == ["http://testserver" + url_in("en", world.article)]


@pytest.mark.parametrize("kind", ["person-rss", "person-atom"])
def test_official_feed_lists_their_statements_with_permalinks(client, world, kind):
    response = client.get(feed_url("en", kind, world.secretary))
    assert response.status_code == 200
    body = response.content.decode()
    assert "http://testserver" + url_in("en", world.conclusion) in body
    assert url_in("en", world.quote).split("#")[1] not in body  # someone else's statement


@pytest.mark.parametrize("kind", ["document-rss", "document-atom"])
def test_document_feed_lists_the_articles_about_it(client, world, kind):
    response = client.get(feed_url("vi", kind, world.resolution))
    assert response.status_code == 200
    assert ("http://testserver" + url_in("vi", world.article)).encode() in response.content


def test_feeds_of_private_or_unknown_records_answer_404(client, world):
    assert client.get(feed_url("vi", "person-rss", world.draft_only_person)).status_code == 404
    assert client.get(feed_url("vi", "document-rss", world.draft_only_document)).status_code == 404
    assert client.get("/en/people/987654-nobody/rss.xml").status_code == 404


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        entries[url.findtext(f"{SITEMAP}loc")] = alternates
    return entries


def test_sitemap_lists_public_pages_in_both_languages_with_alternates(client, world):
    entries = sitemap_entries(client)
    vi = "http://testserver" + url_in("vi", world.article)
    en = "http://testserver" + url_in("en", world.article)
    assert entries[vi] == {"vi": vi, "en": en, "x-default": vi}
    assert entries[en] == {"vi": vi, "en": en, "x-default": vi}
    for obj in [world.secretary, world.resolution, world.meeting, world.infrastructure]:
        assert "http://testserver" + url_in("en", obj) in entries
    assert "http://testserver/chi-tieu/" in entries
    assert "http://testserver/en/targets/" in entries


def test_sitemap_leaves_out_drafts_and_languages_a_record_lacks(client, world):
    Document.objects.filter(pk=world.regulation.pk).update(title_en=None, slug_en=None)
    entries = sitemap_entries(client)
    locations = "\n".join(entries)
    for private in [world.draft, world.draft_only_person, world.draft_meeting]:
        assert url_in("vi", private) not in locations
    vi = "http://testserver" + url_in("vi", world.regulation)
    assert entries[vi] == {"vi": vi, "x-default": vi}
    assert f"/en/documents/{world.regulation.pk}-" not in locations


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
