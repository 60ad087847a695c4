"""Every kind of page carries the security headers, and nothing on it needs what the Content
Security Policy forbids: the served HTML of each page is parsed for inline scripts without the
page's nonce, inline event handlers, style attributes, `javascript:` URLs and foreign resources."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document, Meeting, Topic
from people.models import Organization, Person
from tests.page_audit import PageAudit, csp_nonce, parse_csp

pytestmark = pytest.mark.django_db

PAGE_MODELS = [Article, Person, Organization, Document, Meeting, Topic]


def localized(language: str, url_of) -> str:
    with translation.override(language):
        return url_of()


@pytest.fixture
def indexed_seed(seed):
    call_command("rebuild_search_index", stdout=StringIO())


def html_pages() -> list[str]:
    """One URL of every kind of HTML page, in both languages (needs the seed)."""
    urls = []
    for language in ("vi", "en"):
        for model in PAGE_MODELS:
            record = model.objects.order_by("pk").first()
            urls.append(localized(language, record.get_absolute_url))
        urls.append(localized(language, lambda: reverse("articles:home")))
        urls.append(localized(language, lambda: reverse("articles:targets")))
        search = localized(language, lambda: reverse("articles:search"))
        urls += [search, f"{search}?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91", f"{search}?q=5G"]
    not_found = ["/khong-co-trang-nay/", "/en/no-such-page/"]
    return urls + not_found + ["/admin/login/", "/api/v1/docs"]


def assert_security_headers(response) -> dict[str, list[str]]:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive]
        assert "'unsafe-eval'" not in csp[directive]
        assert not [source for source in csp[directive] if "*" in source or "://" in source]
    return csp


def test_every_kind_of_html_page_is_served_with_headers_and_html_that_csp_allows(
    client, indexed_seed
):
    pages = html_pages()
    audited = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["Content-Type"].startswith("text/html"), url
        csp = assert_security_headers(response)
        audit = PageAudit.of(response.content.decode())
        assert audit.problems(csp_nonce(csp)) == [], url
        # Each page really loads the site's script and style sheet from our own origin.
        assert any(tag == "script" and attrs.get("src") for tag, attrs in audit.elements), url
        assert any(
            tag == "link" and "stylesheet" in attrs.get("rel", "") for tag, attrs in audit.elements
        ), url
        audited += 1
    assert audited == len(pages) == 26
    # The 404 pages really are 404s, in their language.
    assert client.get("/en/no-such-page/").status_code == 404


def test_pages_served_from_the_page_cache_keep_their_headers(client, seed, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    url = Article.objects.order_by("pk").first().get_absolute_url()
    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert second["ETag"] == first["ETag"]  # the same stored page
    for response in (first, second):
        csp = assert_security_headers(response)
        assert PageAudit.of(response.content.decode()).problems(csp_nonce(csp)) == []


def test_admin_pages_of_a_signed_in_editor_need_nothing_csp_forbids(admin_client, indexed_seed):
    article = Article.objects.order_by("pk").first()
    for url in (
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/people/person/add/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        csp = assert_security_headers(response)
        assert PageAudit.of(response.content.decode()).problems(csp_nonce(csp)) == [], url


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/1",
        "/api/v1/search?q=5G",
        "/api/v1/nothing",
        "/healthz",
    ],
)
def test_json_answers_are_never_sniffed_as_html(client, seed, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/json")
    assert_security_headers(response)


@pytest.mark.parametrize("name", ["feed-rss", "feed-atom"])
def test_feeds_and_sitemap_are_never_sniffed_as_html(client, seed, name):
    for url in (reverse(f"articles:{name}"), "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response["Content-Type"].startswith("text/html")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_audit_catches_what_csp_would_block():
    """The page audit is only worth something if it fails on the real thing."""
    html = (
        '<script>alert(1)</script><script nonce="abc">ok()</script>'
        '<script type="application/ld+json">{}</script><button onclick="x()">b</button>'
        '<p style="color:red">p</p><style>p{}</style><a href="javascript:x()">a</a>'
        '<script src="https://cdn.example/x.js"></script>'
    )
    problems = PageAudit.of(html).problems("abc")
    assert len(problems) == 6, problems
    assert PageAudit.of('<script nonce="zzz">x()</script>').problems("abc")
