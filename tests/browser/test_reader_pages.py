"""Every kind of page in Chromium: accessible (axe-core), readable on a phone (nothing wider
than the screen) and on paper; and screenshots of the article page for people to look at."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def paths(route, language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "home": reverse("articles:home"),
            "article": route.article.get_absolute_url(),
            "person": route.speaker.get_absolute_url(),
            "organization": route.organization.get_absolute_url(),
            "document": route.document.get_absolute_url(),
            "meeting": route.meeting.get_absolute_url(),
            "topic": route.pillar.get_absolute_url(),
            "targets": reverse("articles:targets"),
            "not-found": "/khong-co/" if language == "vi" else "/en/nothing-here/",
        }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_is_accessible_and_fits_a_phone(
    live_server, page, seed_route, serious_accessibility_violations, console_errors, language
):
    for name, path in paths(seed_route, language).items():
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language
            assert serious_accessibility_violations(page) == [], (name, viewport)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} is {overflow}px wider than a {viewport} screen"
        # The only error a page may log is the 404 page's own status, once per visit.
        expected_errors = 2 if name == "not-found" else 0
        assert len(console_errors) == expected_errors, console_errors
        console_errors.clear()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_article_screenshots_at_phone_and_desktop_width(
    live_server, page, seed_route, artifacts_dir, language
):
    path = paths(seed_route, language)["article"]
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        # Every photo is in place and loads (a broken image has no natural width); scrolling
        # to each also makes the lazy-loaded ones appear in the full-page screenshot.
        images = page.locator(".article-body .photo img")
        assert images.count() == 9
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
            )
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot = artifacts_dir / f"article-{language}-{name}.png"
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 10_000


def test_the_sidebar_sits_beside_the_text_on_desktop_and_below_it_on_a_phone(
    live_server, page, seed_route
):
    path = paths(seed_route, "vi")["article"]
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + path)
    body, aside = (
        page.locator(".article-body").bounding_box(),
        page.locator(".article-aside").bounding_box(),
    )
    assert aside["x"] > body["x"] + body["width"] - 1
    page.set_viewport_size(PHONE)
    body, aside = (
        page.locator(".article-body").bounding_box(),
        page.locator(".article-aside").bounding_box(),
    )
    assert aside["y"] >= body["y"] + body["height"] - 1


def test_print_shows_the_article_without_navigation(live_server, page, seed_route):
    page.goto(live_server.url + paths(seed_route, "en")["article"])
    page.emulate_media(media="print")
    expect(page.locator(".language-switcher")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".citation")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".language-switcher")).to_be_visible()


def test_copy_citation_button_copies_the_citation(live_server, page, context, seed_route):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + paths(seed_route, "en")["article"])
    button = page.get_by_role("button", name="Copy citation")
    button.click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Thành Duy.")
    assert "/en/articles/" in copied
