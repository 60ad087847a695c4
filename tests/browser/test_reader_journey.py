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


@pytest.mark.parametrize("language", ["vi", "en"])
def test_reader_walks_from_home_to_the_targets_and_back(
    live_server, page, browser_world, reader, language
):
    world = browser_world
    check_page, check_language_switch = reader
    other = OTHER[language]

    # Home.
    page.goto(live_server.url + home_in(language))
    check_page(language, home_in(language))
    check_language_switch(language, home_in(other))

    # → the article.
    title = world.article.title_vi if language == "vi" else world.article.title_en
    page.locator(".article-cards").get_by_role("link", name=title).click()
    check_page(language, url_in(language, world.article))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".placeholder-label").first).to_be_visible()
    check_language_switch(language, url_in(other, world.article))

    # → a speaker (the Secretary, from his conclusion).
    statement = world.conclusion
    page.locator(f"#statement-{statement.pk} a.statement-speaker").click()
    check_page(language, url_in(language, world.secretary))
    expect(page.locator("h1")).to_have_text("Thái Thanh Quý")
    check_language_switch(language, url_in(other, world.secretary))

    # → one of their statements: its permalink, an anchor on the article page.
    page.locator(f"#statement-{statement.pk} a.permalink").click()
    check_page(language, url_in(language, statement))
    target_statement = page.locator(f"#statement-{statement.pk}")
    expect(target_statement).to_be_in_viewport()
    # The switcher keeps the anchor, so the reader lands on the same statement.
    check_language_switch(language, url_in(other, statement))

    # → the document it is about.
    target_statement.locator(".statement-about a").first.click()
    check_page(language, url_in(language, world.resolution))
    check_language_switch(language, url_in(other, world.resolution))

    # → its targets, on the overview by pillar and deadline.
    target = world.targets[0]
    document_url = page.url
    page.locator(f"#target-{target.pk} .target-indicator a").click()
    targets_path = reverse("articles:targets") if language == "vi" else "/en/targets/"
    check_page(language, f"{targets_path}#target-{target.pk}")
    row = page.locator(f"#target-{target.pk}")
    expect(row).to_be_in_viewport()
    indicator = target.indicator_vi if language == "vi" else target.indicator_en
    expect(row).to_contain_text(indicator)
    with translation.override(other):
        other_targets = reverse("articles:targets")
    check_language_switch(language, f"{other_targets}#target-{target.pk}")

    # → back to the document.
    page.go_back()
    expect(page).to_have_url(document_url)
    expect(page.locator("h1")).to_contain_text(
        world.resolution.title_vi if language == "vi" else world.resolution.title_en
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_json_ld_is_data_the_content_security_policy_lets_through(
    live_server, page, browser_world, console_errors, language
):
    response = page.goto(live_server.url + url_in(language, browser_world.article))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "NewsArticle"
    assert data["inLanguage"] == language
    assert console_errors == []  # no CSP violation reported for the data block or site.js
