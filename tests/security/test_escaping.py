"""Markup in a record is shown as text everywhere it is rendered: the pages (article, person,
document, search results with highlights), their JSON-LD blocks, the feeds and the API. Nothing
in it becomes an element, an attribute or the end of a <script> block."""

import html
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from tests.hostile_records import ESCAPED_PIECES, PAYLOAD, feed_urls, plant_hostile_text
from tests.page_audit import PageAudit, csp_nonce, parse_csp

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(seed):
    return plant_hostile_text()


def in_language(language: str, url_of) -> str:
    with translation.override(language):
        return url_of()


def assert_html_shows_payload_as_text(response, url: str, pieces=ESCAPED_PIECES) -> PageAudit:
    assert response.status_code == 200, url
    html = response.content.decode()
    audit = PageAudit.of(html)
    csp = parse_csp(response["Content-Security-Policy"])
    assert audit.problems(csp_nonce(csp)) == [], url
    assert not [attrs for tag, attrs in audit.elements if tag == "img" and attrs.get("src") == "x"]
    assert not [s for s in audit.scripts if "alert(1)" in s.text and s.executable], url
    for piece in pieces:
        assert piece in html, (url, piece)
    for block in audit.json_ld_blocks():
        assert "<" not in block, url  # nothing in a data block can close it or open a comment
        json.loads(block)
    return audit


def json_ld_strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in json_ld_strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in json_ld_strings(value)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("page", ["article", "person", "document"])
def test_record_pages_show_markup_as_text_and_keep_json_ld_intact(client, hostile, page, language):
    url = in_language(language, hostile[page].get_absolute_url)
    audit = assert_html_shows_payload_as_text(client.get(url), url)

    # The JSON-LD still carries the text exactly, once decoded.
    strings = [s for block in audit.json_ld_blocks() for s in json_ld_strings(json.loads(block))]
    assert any(PAYLOAD in s for s in strings), url


# PostgreSQL's text parser reads `<script>` and `</script>` as HTML tags: ts_headline leaves them
# out of snippets, so on search pages the escaped <img …> is what must show.
SNIPPET_PIECES = [ESCAPED_PIECES[1]]


def search_terms(hostile, language: str) -> list[str]:
    """The planted official's name, and the article's subject in the language searched."""
    subject = {"vi": "chuyển đổi số", "en": "digital transformation"}[language]
    return [hostile["person"].full_name.split()[2], subject]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_results_with_highlights_show_markup_as_text(client, hostile, language):
    url = in_language(language, lambda: reverse("articles:search"))
    for query in search_terms(hostile, language):
        response = client.get(url, {"q": query})
        audit = assert_html_shows_payload_as_text(response, f"{url}?q={query}", SNIPPET_PIECES)
        assert any(tag == "mark" for tag, _attrs in audit.elements)  # highlights are there


@pytest.mark.parametrize("language", ["vi", "en"])
def test_api_search_snippets_are_escaped_before_marking(client, hostile, language):
    for query in search_terms(hostile, language):
        hits = client.get("/api/v1/search", {"q": query, "lang": language}).json()["results"]

        html = [text for hit in hits for text in (hit["title_html"], hit["snippet_html"])]
        assert any("<mark>" in text for text in html)
        assert any(SNIPPET_PIECES[0] in text for text in html), query
        for text in html:
            assert text.replace("<mark>", "").replace("</mark>", "").count("<") == 0, text


def test_the_api_returns_the_text_unchanged_as_json(client, hostile):
    response = client.get(f"/api/v1/articles/{hostile['article'].pk}")

    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.json()
    assert body["title"]["vi"].endswith(PAYLOAD)
    assert any(s["text"]["en"].endswith(PAYLOAD) for s in body["statements"])
    assert any(p["full_name"].endswith(PAYLOAD) for p in body["people"])


# What feed readers render as HTML (author names and the like are shown as plain text).
RENDERED_AS_HTML = {"title", "description", "summary", "content"}


def test_feeds_stay_well_formed_and_their_entries_hold_no_markup(client, hostile):
    """Feed readers render titles and descriptions (the feed's own and its entries') as HTML:
    once the XML is parsed, they must still be escaped text, never a <script> or an <img>
    element. The feed titles of an official and of a document hold their names."""
    urls = feed_urls(hostile["person"], hostile["document"])
    entries = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)  # well-formed despite the markup
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            entries += tag in ("item", "entry")
            if tag in RENDERED_AS_HTML:
                text = element.text or ""
                assert "<script" not in text and "<img" not in text, (url, element.tag, text)
        assert "&lt;script&gt;alert(1)" in response.content.decode().replace("&amp;", "&"), url
    assert entries >= len(urls)


def search_feed_urls(hostile) -> list[str]:
    urls = []
    for language in ("vi", "en"):
        base = in_language(language, lambda: reverse("articles:search-rss"))
        urls += [f"{base}?{urlencode({'q': query})}" for query in search_terms(hostile, language)]
    return urls


def test_the_search_feed_gives_readers_the_records_text_never_markup(client, hostile):
    """Like the site feeds, whose generator it shares: once the XML is parsed, every title and
    description is the record's text escaped as HTML, so a reader shows exactly that text and
    no element, neither the record's <script> and <img> nor a search highlight's <mark>."""
    shown = []
    for url in search_feed_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        channel = ET.fromstring(response.content).find("channel")
        assert channel.findall("item"), url
        for element in channel.iter():
            if element.tag in RENDERED_AS_HTML:
                text = element.text or ""
                assert "<" not in text, (url, element.tag, text)
                shown.append(html.unescape(text))
    assert any(text.endswith(PAYLOAD) for text in shown)  # all of it, shown as text
