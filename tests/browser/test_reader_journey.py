"""A reader's path through the site in Chromium, in both languages: home → article → a speaker →
one of their statements → the document it is about → its targets → back. On each page the
language switch lands on the same object, and axe-core finds no serious or critical violation."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

OTHER = {"vi": "en", "en": "vi"}


def url_in(language: str, obj) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def home_in(language: str) -> str:
    with translation.override(language):
        return reverse("articles:home")


@pytest.fixture
def reader(live_server, page, serious_accessibility_violations, console_errors):
    """Checks a reader would notice on every page of the journey."""

    def check_page(language: str, path: str) -> None:
        expect(page).to_have_url(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert serious_accessibility_violations(page) == [], page.url
        assert console_errors == [], console_errors

    def check_language_switch(language: str, other_path: str) -> None:
        """Follow the switcher to the other language, check it is the same object, come back."""
        here = page.url
        other = OTHER[language]
        page.locator(f'.language-switcher a[hreflang="{other}"]').click()
        expect(page).to_have_url(live_server.url + other_path)
        assert page.locator("html").get_attribute("lang") == other
        page.go_back()
        expect(page).to_have_url(here)

    return check_page, check_language_switch


def in_language(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{language}")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_reader_walks_from_home_to_the_targets_and_back(
    live_server, page, seed_route, reader, language
):
    route = seed_route
    check_page, check_language_switch = reader
    other = OTHER[language]

    # Home.
    page.goto(live_server.url + home_in(language))
    check_page(language, home_in(language))
    check_language_switch(language, home_in(other))

    # → the article.
    title = in_language(route.article, "title", language)
    page.locator(".article-cards").get_by_role("link", name=title).click()
    check_page(language, url_in(language, route.article))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".placeholder-label").first).to_be_visible()
    check_language_switch(language, url_in(other, route.article))

    # → a speaker, from one of the statements.
    statement = page.locator(f"#statement-{route.statement.pk}")
    statement.locator("a.statement-speaker").click()
    check_page(language, url_in(language, route.speaker))
    expect(page.locator("h1")).to_have_text(route.speaker.full_name)
    check_language_switch(language, url_in(other, route.speaker))

    # → one of their statements: its permalink, an anchor on the article page.
    page.locator(f"#statement-{route.statement.pk} a.permalink").click()
    check_page(language, url_in(language, route.statement))
    statement = page.locator(f"#statement-{route.statement.pk}")
    expect(statement).to_be_in_viewport()
    # The note sits in the margin of the paragraph that is the statement's record.
    paragraph = page.locator(f".speech:has(#statement-{route.statement.pk})")
    expect(paragraph).to_contain_text(in_language(route.statement, "text", language))
    # The switcher keeps the anchor, so the reader lands on the same statement.
    check_language_switch(language, url_in(other, route.statement))

    # → the document it is about.
    document_path = url_in(language, route.document)
    statement.locator(f'.statement-about a[href="{document_path}"]').click()
    check_page(language, document_path)
    check_language_switch(language, url_in(other, route.document))

    # → its targets, on the overview by pillar and deadline.
    page.locator(f"#target-{route.target.pk} .target-indicator a").click()
    with translation.override(language):
        targets_path = f"{reverse('articles:targets')}#target-{route.target.pk}"
    with translation.override(other):
        other_targets_path = f"{reverse('articles:targets')}#target-{route.target.pk}"
    check_page(language, targets_path)
    row = page.locator(f"#target-{route.target.pk}")
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text(in_language(route.target, "indicator", language))
    check_language_switch(language, other_targets_path)

    # → back to the document.
    page.go_back()
    expect(page).to_have_url(live_server.url + document_path)
    expect(page.locator("h1")).to_contain_text(in_language(route.document, "title", language))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_json_ld_is_data_the_content_security_policy_lets_through(
    live_server, page, seed_route, console_errors, language
):
    response = page.goto(live_server.url + url_in(language, seed_route.article))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
    assert data["@type"] == "NewsArticle"
    assert data["inLanguage"] == language
    assert len(data["image"]) == 9  # the seed's nine photos
    assert console_errors == []  # no CSP violation reported for the data block or site.js
