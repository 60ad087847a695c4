"""/api/v1/ (the README's address): a landing page for browsers, the same as JSON for programs;
the docs page fits a phone; the footer links it; the statements CSV is the bulk export."""

import csv
import io
import re

import pytest

from tests.builders import make_article, make_document, make_meeting, make_person, make_statement


@pytest.fixture
def statements(db):
    article = make_article(
        meeting=make_meeting(), title_vi="Bài công khai", title_en="Public article"
    )
    speaker = make_person(full_name="Thái Thanh Quý", slug="thai-thanh-quy")
    document = make_document(symbol="09-NQ/TU")
    plain = make_statement(
        article, speaker, text_vi="Phải chuyển đổi số", text_en="Digital transformation is a must"
    )
    plain.documents.add(document)
    attacks = [
        make_statement(article, speaker, text_vi=text, text_en=text)
        for text in ('=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tx")
    ]
    draft = make_article(published=False, meeting=make_meeting())
    hidden = make_statement(
        draft, make_person(full_name="Lê Văn Chưa Công Bố"), text_vi="Chưa công bố"
    )
    return {"plain": plain, "attacks": attacks, "hidden": hidden, "article": article}


def test_the_landing_page_answers_json_to_programs(client, db):
    for accept in ("application/json", "*/*", ""):
        response = client.get("/api/v1/", HTTP_ACCEPT=accept) if accept else client.get("/api/v1/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "Accept" in response["Vary"]
    data = response.json()
    paths = {endpoint["path"] for endpoint in data["endpoints"]}
    assert {"/api/v1/articles/", "/api/v1/people/{person_id}", "/api/v1/search"} <= paths
    assert data["documentation"].endswith("/api/v1/docs")
    assert data["openapi"].endswith("/api/v1/openapi.json")
    assert data["bulk_export"]["statements_csv"].endswith("/api/v1/export/statements.csv")
    assert data["licence"]
    assert all(example["url"].startswith("http") for example in data["examples"])


def test_every_endpoint_and_example_on_the_landing_page_answers(client, statements):
    data = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    for endpoint in data["endpoints"]:
        if "{" not in endpoint["path"]:
            assert client.get(endpoint["path"]).status_code == 200, endpoint
    for example in data["examples"]:
        assert client.get(example["url"].replace("http://testserver", "")).status_code == 200


@pytest.mark.parametrize(("language", "title"), [("vi", "Dữ liệu và API"), ("en", "Data and API")])
def test_the_landing_page_is_a_web_page_for_browsers(client, db, language, title):
    response = client.get(
        "/api/v1/" if language == "vi" else "/api/v1/?lang=en",
        HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<h1 id="api-title">{title}</h1>' in html
    assert "GET /api/v1/articles/" in html
    assert 'href="http://testserver/api/v1/docs"' in html
    assert "/api/v1/export/statements.csv?lang=en" in html
    assert f'<html lang="{language}">' in html
    other = "/api/v1/?lang=en" if language == "vi" else "/api/v1/"
    assert f'<a href="{other}"' in html  # the language switcher


def test_the_docs_page_has_a_mobile_viewport(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "swagger-ui" in html


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/", '<a href="/api/v1/">Dữ liệu và API</a>'),
        ("/en/", '<a href="/api/v1/?lang=en">Data and API</a>'),
    ],
)
def test_the_footer_links_the_api_in_the_pages_language(client, db, path, link):
    html = client.get(path).content.decode()
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert link in footer


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_statements_csv_has_every_public_statement_and_no_draft(client, statements):
    response = client.get("/api/v1/export/statements.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [int(row["id"]) for row in rows] == [
        statements["plain"].pk,
        *(statement.pk for statement in statements["attacks"]),
    ]
    first = rows[0]
    assert first["speaker"] == "Thái Thanh Quý"
    assert first["kind"] == "paraphrase"
    assert first["documents"] == "09-NQ/TU"
    assert first["text"] == "Phải chuyển đổi số"
    assert first["article"] == "Bài công khai"
    assert first["date"] == statements["article"].published_at.date().isoformat() or first["date"]
    assert first["permalink"] == f"http://testserver{statements['plain'].get_absolute_url()}"
    assert "Chưa công bố" not in response.content.decode()
    english = read_csv(client.get("/api/v1/export/statements.csv?lang=en"))
    assert english[0]["text"] == "Digital transformation is a must"
    assert english[0]["permalink"].startswith("http://testserver/en/")


def test_the_statements_csv_cannot_run_a_formula_in_a_spreadsheet(client, statements):
    rows = read_csv(client.get("/api/v1/export/statements.csv"))
    texts = [row["text"] for row in rows[1:]]
    assert texts == ['\'=HYPERLINK("http://evil")', "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx"]


def test_the_statements_csv_refuses_an_unknown_language_clearly(client, db):
    response = client.get("/api/v1/export/statements.csv?lang=fr")
    assert response.status_code == 400
    assert b"lang must be one of" in response.content


def test_the_statements_csv_costs_a_few_queries_however_many_statements(
    client, db, django_assert_max_num_queries
):
    article = make_article(meeting=make_meeting())
    speaker = make_person()
    for _n in range(120):
        make_statement(article, speaker).documents.add(make_document())
    with django_assert_max_num_queries(4):  # statements, their documents (+ a savepoint pair)
        response = client.get("/api/v1/export/statements.csv")
    assert len(read_csv(response)) == 120
