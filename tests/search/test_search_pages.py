"""The search pages, the API and the exports over HTTP: content, escaping, query counts."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from articles.models import Document, Statement
from people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_search_page_in_vietnamese_and_english(client):
    vi = client.get("/tim-kiem/", {"q": "chuyen doi so"})
    en = client.get("/en/search/", {"q": "chuyen doi so"})
    assert vi.status_code == en.status_code == 200
    assert "Tìm kiếm trong kho lưu trữ" in vi.text and "Search the archive" in en.text
    assert "Cách tìm kiếm" in vi.text and "How to search" in en.text
    assert "digital transformation" in en.text.lower()
    # The language switch leads to the same search in the other language.
    assert 'href="/en/search/?q=chuyen+doi+so"' in vi.text
    assert 'href="/tim-kiem/?q=chuyen+doi+so"' in en.text


def test_results_link_to_permalinks_with_marked_titles(client):
    page = client.get("/tim-kiem/", {"q": "người đứng đầu"}).text
    quote = Statement.objects.get(kind="quote")
    assert f"#statement-{quote.id}" in page
    assert "<mark>" in page


def test_facet_links_add_a_filter_and_chips_remove_it(client):
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    page = client.get("/tim-kiem/", {"q": "chuyển đổi số"}).text
    assert f"person={quy.id}" in page
    filtered = client.get(
        "/tim-kiem/", {"q": "chuyển đổi số", "person": quy.slug, "type": "statement"}
    )
    assert 'class="chip"' in filtered.text
    assert filtered.context["result"].params.person_ids == (quy.id,)
    chip_links = [url for _what, _label, url in filtered.context["chips"]]
    query = urlencode({"q": "chuyển đổi số"})
    assert f"?{query}&person={quy.id}" in chip_links  # removes the type (slug became the id)
    assert f"?{query}&type=statement" in chip_links  # removes the official


def test_did_you_mean_links_to_the_right_name(client):
    page = client.get("/tim-kiem/", {"q": "Thai Thang Quy"}).text
    assert "Có phải bạn muốn tìm" in page
    assert 'href="?q=Th%C3%A1i+Thanh+Qu%C3%BD"' in page


def test_record_text_is_escaped_before_matches_are_marked(
    client, django_capture_on_commit_callbacks
):
    statement = Statement.objects.get(kind="quote")
    # ts_headline passes a half tag through untouched: the page must escape it.
    statement.text_vi = "Điều 1 < 2 & chuyển đổi số <b onmouseover=alert(1) và x>y"
    with django_capture_on_commit_callbacks(execute=True):
        statement.save()
    page = client.get("/tim-kiem/", {"q": "chuyển đổi số", "type": "statement"}).text
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=alert" in page
    assert "1 &lt; 2 &amp; <mark>chuyển</mark>" in page


def test_query_is_escaped_in_the_page(client):
    page = client.get("/tim-kiem/", {"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", None),
        ('"', None),
        ('""""', None),
        ("-", "no words"),
        ("- or -", None),
        ('"người đứng', None),
        ("x" * 10_000, "too long"),
        ("chuyển đổi số " * 2000, "too long"),
        ("a\x00b", None),
        ("🙂🔥 chuyển đổi số", None),
        ("'; DROP TABLE search_entry; --", None),
        ("%' OR 1=1 --", None),
        ("\\", None),
        ("!!! & | <-> :*", None),
    ],
)
def test_bad_queries_answer_200_with_a_clear_message(client, query, message):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    if message:
        assert message in " ".join(map(str, response.context["result"].messages))


def test_only_operators_explain_themselves(client):
    response = client.get("/en/search/", {"q": "- - -"})
    assert "no words we can look for" in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "99999999999999999999", "", "%00"])
def test_bad_page_numbers_show_page_one(client, page):
    response = client.get("/tim-kiem/", {"q": "chuyển đổi số", "page": page})
    assert response.status_code == 200
    assert response.context["result"].page == 1


def test_page_past_the_end_shows_the_last_page_with_a_message(client):
    response = client.get("/en/search/", {"q": "chuyển đổi số", "page": "99"})
    result = response.context["result"]
    assert result.page == result.pages > 1
    assert result.hits
    assert "past the end" in response.text


def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    # The planner's statistics are read once per process (planner.py): read them first.
    client.get("/tim-kiem/", {"q": "chuyen doi so", "person": quy.id})
    # The filter resolved through the public scope; then twice savepoint, statement timeout,
    # statement, release: three words that could be a name looked up among the people, and
    # the search.
    with django_assert_max_num_queries(9):
        client.get("/tim-kiem/", {"q": "chuyen doi so", "person": quy.id})
    # Typed with tone marks and finding fewer than five, the folded search runs once more.
    with django_assert_max_num_queries(12):
        client.get("/tim-kiem/", {"q": "chuyển đổi số", "person": quy.id})
    with django_assert_max_num_queries(12):
        client.get("/tim-kiem/", {"q": "chuyển đổi số", "person": quy.slug, "type": "statement"})


def test_api_search_shape_and_language(client):
    data = client.get("/api/v1/search", {"q": "digital transformation", "lang": "en"}).json()
    assert data["count"] > 0 and data["lang"] == "en"
    first = data["results"][0]
    assert set(first) >= {"type", "id", "title", "snippet", "url", "date", "citation"}
    assert first["type"] == "article"
    assert "transformation" in first["title"].lower()
    assert first["url"].startswith("http://testserver/en/")
    assert "<mark>" in first["title_html"] or "<mark>" in first["snippet_html"]
    assert set(data["facets"]) == {"type", "person", "document", "pillar", "year", "match"}


def test_api_accepts_ids_or_slugs_for_person_and_document(client):
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    regulation = Document.objects.get(symbol="11-QĐ/TW")
    by_id = client.get("/api/v1/search", {"person": quy.id, "type": "statement"}).json()
    by_slug = client.get("/api/v1/search", {"person": quy.slug, "type": "statement"}).json()
    assert by_id["count"] == by_slug["count"] == Statement.objects.filter(speaker=quy).count()
    docs = [
        client.get("/api/v1/search", {"document": value}).json()["count"]
        for value in (regulation.id, regulation.slug_vi, regulation.slug_en)
    ]
    assert docs[0] == docs[1] == docs[2] > 0


def test_api_bad_parameters_answer_200_with_messages(client):
    response = client.get(
        "/api/v1/search", {"q": "\x00" * 3, "page": "x", "from": "nope", "sort": "up", "lang": "fr"}
    )
    assert response.status_code == 200
    assert len(response.json()["messages"]) == 2


def test_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {
        "q",
        "lang",
        "type",
        "person",
        "document",
        "pillar",
        "from",
        "to",
        "sort",
        "page",
    } <= names
    assert "503" in operation["responses"]


def test_csv_export_holds_every_result_with_permalink_and_citation(client):
    response = client.get("/tim-kiem/csv/", {"q": "chuyển đổi số"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert rows[0] == ["type", "id", "title", "excerpt", "date", "permalink", "citation"]
    total = client.get("/api/v1/search", {"q": "chuyển đổi số"}).json()["count"]
    assert len(rows) - 1 == total > 20  # all results, not one page
    for row in rows[1:]:
        assert row[5].startswith("http://testserver/")
        assert row[6].endswith(row[5])


def test_exports_match_tone_marks_as_the_page_does(client):
    # "Quý" typed with its tone mark is not "Quy định": the download holds what the page found.
    def exported(q: str) -> list[list[str]]:
        text = body(client.get("/tim-kiem/csv/", {"q": q})).lstrip("\ufeff")
        return list(csv.reader(io.StringIO(text)))[1:]

    toned, folded = exported("Quý"), exported("Quy")
    shown = client.get("/api/v1/search", {"q": "Quý", "mode": "words"}).json()["count"]
    assert len(toned) == shown < len(folded)


def test_csv_export_defuses_spreadsheet_formulas(client, django_capture_on_commit_callbacks):
    statement = Statement.objects.get(kind="quote")
    statement.attribution_vi = "=HYPERLINK(1)"
    with django_capture_on_commit_callbacks(execute=True):
        statement.save()
    text = body(client.get("/tim-kiem/csv/", {"q": "quyết tâm", "type": "statement"}))
    assert ",'Nguyễn Đức Trung" not in text or "'=" not in text
    assert ",=HYPERLINK" not in text


def test_json_export_is_valid_json_in_the_requested_language(client):
    response = client.get("/en/search/json/", {"q": "5G"})
    data = json.loads(body(response))
    assert data["query"] == "5G" and data["lang"] == "en"
    assert data["results"] and all(
        r["permalink"].startswith("http://testserver/en/") for r in data["results"]
    )


def test_rss_feed_of_a_search(client):
    response = client.get("/en/search/rss/", {"q": "người đứng đầu"})
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert items and all(
        item.findtext("link").startswith("http://testserver/en/") for item in items
    )


def test_exports_of_bad_queries_are_empty_not_errors(client):
    for url in ("/tim-kiem/csv/", "/tim-kiem/json/", "/tim-kiem/rss/"):
        response = client.get(url, {"q": '"\x00', "page": "x"})
        assert response.status_code == 200
        body(response)
