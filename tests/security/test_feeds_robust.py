"""The feeds and the search exports hold up whatever the text and the query, and say so when
they cannot finish.

Text saved since archive/lib/text.py cleans it cannot hold a control character, but text stored
before (or written by raw SQL, as here) can: the feeds clean what they write, so one pasted
vertical tab no longer takes them down. A query is whatever was typed: echoed in the search
feed, it is cleaned too. An export the statement timeout cuts is a 503, never a 200 holding part
of the results.
"""

import csv
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document
from people.models import Person
from tests.hostile_records import feed_urls

pytestmark = pytest.mark.django_db

# What Word and other sources paste, as stored before cleaning on save existed.
DIRT = "\x0b\ufffe\x01\x85\uffff\x1f"
MARKER = "dán từ Word"


def search_rss_urls(query_vi: str, query_en: str) -> list[str]:
    urls = []
    for language, query in (("vi", query_vi), ("en", query_en)):
        with translation.override(language):
            urls.append(f"{reverse('articles:search-rss')}?q={query}")
    return urls


@pytest.fixture
def dirty(seed):
    """The seed with control characters and noncharacters written into the records the feeds
    show (titles, leads, the byline, an official's name, a statement, a document's title) by
    raw SQL, past the models' cleaning, and into the search index by a rebuild."""
    article = Article.objects.order_by("pk").first()
    statement = article.statements.order_by("order").first()
    document = Document.objects.filter(article_links__article=article).order_by("pk").first()
    person = statement.speaker
    tail = f"{DIRT} {MARKER}{DIRT}"
    with connection.cursor() as cursor:
        for table, columns, pk in [
            ("articles_article", ["title_vi", "title_en", "lead_vi", "lead_en", "byline"], article),
            ("articles_statement", ["text_vi", "text_en", "attribution_vi"], statement),
            ("articles_document", ["title_vi", "title_en"], document),
            ("people_person", ["full_name"], person),
        ]:
            assignments = ", ".join(f"{column} = {column} || %(tail)s" for column in columns)
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE id = %(pk)s",  # noqa: S608 - constants
                {"tail": tail, "pk": pk.pk},
            )
    call_command("rebuild_search_index", stdout=StringIO())
    article.refresh_from_db()
    assert DIRT in article.title_en  # stored as it came
    return {"person": Person.objects.get(pk=person.pk), "document": document}


def test_every_feed_and_the_search_feed_survive_control_characters_in_stored_text(client, dirty):
    urls = feed_urls(dirty["person"], dirty["document"])
    urls += search_rss_urls("chuyển đổi số", "digital transformation")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)  # well-formed XML
        text = " ".join(root.itertext())
        assert MARKER in text, url  # the text is there, without what XML cannot carry


NASTY_QUERIES = {
    "noncharacter": "\ufffe",
    "vertical tab": "chuyển\x0bđổi số",
    "NUL": "\x00",
    "CDATA end": "]]>",
    "markup": '<script>alert(1)</script> "><img src=x onerror=alert(1)>',
    "C1 control and U+FFFF": "số\x85\uffff",
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", NASTY_QUERIES.values(), ids=NASTY_QUERIES.keys())
def test_the_search_feed_echoes_any_query_as_clean_text_in_well_formed_xml(
    client, seed, language, query
):
    with translation.override(language):
        url = reverse("articles:search-rss")
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    title = channel.findtext("title")
    assert title.startswith({"vi": "Tìm kiếm: ", "en": "Search: "}[language])
    # Readers render a feed's title as HTML: the query is text in it, never an element.
    assert "<" not in title
    assert channel.findtext("link").startswith("http://testserver/")


def test_a_lone_surrogate_sent_percent_encoded_gives_a_well_formed_search_feed(client, seed):
    for url in ("/en/search/rss/?q=%ED%A0%80", "/tim-kiem/rss/?q=a%ED%A0%80b%EF%BF%BE"):
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)


# ---------------------------------------------------------------- exports cut by their timeout


@pytest.fixture
def index_locked(settings) -> Iterator[None]:
    """Another session holds the search index locked, as a long rebuild can: an export waits
    for it until its statement timeout (shortened here) stops it. The lock is let go after ten
    seconds whatever happens, so a broken test fails rather than hangs."""
    settings.SEARCH_EXPORT_TIMEOUT_MS = 1000
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname=params["NAME"],
    ) as locker:
        locker.execute("LOCK TABLE public.search_entry IN ACCESS EXCLUSIVE MODE")
        safety = threading.Timer(10, locker.rollback)
        safety.start()
        try:
            yield
        finally:
            safety.cancel()
            locker.rollback()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/tim-kiem/csv/", "Việc xuất kết quả chạy quá lâu"),
        ("/en/search/csv/", "This export took too long"),
        ("/en/search/rss/", "This export took too long"),
        ("/tim-kiem/rss/", "Việc xuất kết quả chạy quá lâu"),
    ],
)
def test_an_export_cut_by_its_timeout_is_a_503_in_the_page_language_not_a_partial_file(
    client, seed, index_locked, url, message
):
    response = client.get(url, {"q": "chuyển đổi số"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert "Content-Disposition" not in response  # no file to save, half empty or not
    assert message in response.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_json_export_cut_by_its_timeout_is_a_json_503(client, seed, index_locked, language):
    with translation.override(language):
        url = reverse("articles:search-json")
    response = client.get(url, {"q": "chuyển đổi số"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail.startswith(
        {"vi": "Việc xuất kết quả chạy quá lâu", "en": "This export took too long"}[language]
    )
    assert "results" not in response.json()


def test_exports_finish_whole_when_the_index_is_free(client, seed, settings):
    """The same exports with the timeout as short, but nothing in their way: complete files."""
    call_command("rebuild_search_index", stdout=StringIO())
    settings.SEARCH_EXPORT_TIMEOUT_MS = 1000
    query = {"q": "chuyển đổi số"}
    total = client.get("/api/v1/search", query).json()["count"]
    assert total > 20
    results = client.get("/en/search/json/", query)
    assert results.status_code == 200
    assert len(results.json()["results"]) == total
    rows = list(csv.reader(StringIO(client.get("/en/search/csv/", query).content.decode())))
    assert len(rows) - 1 == total
    feed = ET.fromstring(client.get("/en/search/rss/", query).content)
    assert len(feed.findall("channel/item")) == min(total, 50)
