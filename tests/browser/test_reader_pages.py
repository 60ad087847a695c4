"""Every kind of page in Chromium, at phone (390 px) and desktop (1280 px) width and in both
languages: accessible (axe-core), nothing wider than the screen, index pages reached from the main
menu, breadcrumbs on every record page; what issue 15 asks of the article and person pages; and
screenshots of both for people to look at."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from articles.models import Statement
from people.models import Person

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Each record page's index, the breadcrumb between Home and the record.
RECORD_INDEXES = {
    "article": "articles",
    "person": "people",
    "organization": "organizations",
    "document": "documents",
    "meeting": "meetings",
    "topic": "topics",
}
# How the draft resolution's first relation begins (it makes a congress resolution concrete).
RELATION_SENTENCE = {"vi": "Văn bản này cụ thể hóa", "en": "This document makes"}


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
            "articles": reverse("articles:articles"),
            "people": reverse("people:index"),
            "meetings": reverse("articles:meetings"),
            "documents": reverse("articles:documents"),
            "topics": reverse("articles:topics"),
            "organizations": reverse("articles:organizations"),
            # Outside the language prefixes: English is asked for (api_landing).
            "api": "/api/v1/" if language == "vi" else "/api/v1/?lang=en",
            "not-found": "/khong-co/" if language == "vi" else "/en/nothing-here/",
        }


def follow(page, link) -> None:
    """Click a link as a reader does and wait for the page it opens (also when it is the page
    already shown) before anything measures it."""
    box = link.bounding_box()
    assert box and box["height"] >= 24, f"{link.inner_text()} is not a 24 px target: {box}"
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_is_accessible_and_fits_a_phone(
    live_server, page, seed_route, serious_accessibility_violations, console_errors, language
):
    addresses = paths(seed_route, language)
    for name, path in addresses.items():
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            if name in RECORD_INDEXES.values():
                # Each index page is one click away in the main menu, at either width.
                follow(page, page.locator(f'.site-nav a[href="{path}"]'))
            elif name == "api":
                # Every page's footer links the API, in the page's language.
                follow(page, page.locator(f'.site-footer a[href="{path}"]'))
            else:
                page.goto(live_server.url + path)
            expect(page).to_have_url(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language
            assert serious_accessibility_violations(page) == [], (name, viewport)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} is {overflow}px wider than a {viewport} screen"
            if name == "document":
                # Relations read as sentences, not as "… / thực hiện / văn bản này" triples.
                relation = page.locator(".relation-list li").first
                expect(relation).to_contain_text(RELATION_SENTENCE[language])
                expect(relation).not_to_contain_text(" / ")
            if name in RECORD_INDEXES:
                # Home › the kind's index › the record itself (not a link).
                crumbs = page.locator("nav.breadcrumbs li")
                expect(crumbs).to_have_count(3)
                expect(crumbs.nth(0).get_by_role("link")).to_have_attribute(
                    "href", addresses["home"]
                )
                expect(crumbs.nth(1).get_by_role("link")).to_have_attribute(
                    "href", addresses[RECORD_INDEXES[name]]
                )
                expect(crumbs.nth(2).locator("[aria-current=page]")).to_be_visible()
                expect(crumbs.nth(2).get_by_role("link")).to_have_count(0)
        # The only error a page may log is the 404 page's own status, once per visit.
        expected_errors = 2 if name == "not-found" else 0
        assert len(console_errors) == expected_errors, console_errors
        console_errors.clear()


# What the seed's six caption-only statements say instead of a quotation (issue 15).
ATTENDANCE = {
    "vi": ("có phát biểu tại cuộc họp; nội dung không được thuật lại", "có phát biểu; nội dung"),
    "en": ("spoke at the meeting; what was said is not reported", "spoke; content not reported"),
}
HONORIFIC = {"vi": "đồng chí", "en": "comrade"}


def show_every_image(page, images) -> None:
    """Wait until each image has loaded (a broken one has no natural width); scrolling to each
    also makes the lazy-loaded ones appear in a full-page screenshot."""
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
    page.evaluate("() => window.scrollTo(0, 0)")


def check_article(page, route, language: str, width: str) -> None:
    """The article page as issue 15 wants it, in a browser at one width."""
    reported = list(
        Statement.objects.filter(article=route.article)
        .exclude(kind=Statement.Kind.SPOKE_UNREPORTED)
        .select_related("speaker")
    )
    # Each reported statement is its paragraph's note: the speaker and the statement's record,
    # linked, just above the paragraph's words, inside the page; on a desktop the paragraph's bar
    # stands in the margin.
    notes = page.locator(".article-body .speech .speech-note")
    expect(notes).to_have_count(len(reported))
    plain = page.locator(".article-body > p:not(.placeholder-note)").first.bounding_box()
    for statement in reported:
        note = page.locator(f".speech-note#statement-{statement.pk}")
        with translation.override(language):
            person, record = statement.speaker.get_absolute_url(), statement.get_absolute_url()
        expect(note.locator("a.statement-speaker")).to_have_attribute("href", person)
        expect(note.locator("a.permalink")).to_have_attribute("href", record)
        expect(note.locator("a.statement-speaker")).to_have_text(statement.speaker.full_name)
        speech = page.locator(f".speech:has(#statement-{statement.pk})")
        note_box = note.bounding_box()
        words = speech.locator("p:not(.speech-who)").bounding_box()
        assert note_box["y"] + note_box["height"] <= words["y"] + 1, statement.pk
        assert 0 <= note_box["x"] <= page.viewport_size["width"] - note_box["width"]
        bar = speech.bounding_box()["x"]
        if width == "desktop":
            assert bar < plain["x"], (bar, plain)
        else:  # no room for a margin: the bar stays inside the column
            assert bar >= plain["x"] - 1, (bar, plain)
    # The body is printed once: no paragraph of what was said is repeated on the page.
    shown = page.locator("main").inner_text()
    for statement in reported:
        speech = page.locator(f".speech:has(#statement-{statement.pk})")
        words = speech.locator("p:not(.speech-who)").inner_text()
        assert shown.count(words[:80]) == 1, words[:80]
    assert page.locator("main blockquote").count() == 0

    # Who spoke: one line per speaker, linked, with numbered links to what each said.
    lines = page.locator(".speaker-summary > li")
    speakers = Statement.objects.filter(article=route.article).values("speaker").distinct()
    expect(lines).to_have_count(speakers.count())
    for index in range(lines.count()):
        expect(lines.nth(index).locator("a.statement-speaker")).to_have_count(1)
    expect(page.locator(".speaker-summary a.speaker-statement")).to_have_count(len(reported))
    # Following one lands on the note in the body, highlighted.
    link = page.locator(f'.speaker-summary a[href="#statement-{route.statement.pk}"]')
    assert link.bounding_box()["height"] >= 24
    link.click()
    note = page.locator(f"#statement-{route.statement.pk}")
    expect(note).to_be_in_viewport()
    assert note.evaluate("el => el.matches(':target')")

    # Caption-only statements are attendance, in the caption and in the summary, never a quote.
    caption, summary = ATTENDANCE[language]
    spoke = page.locator(".article-body .photo figcaption .photo-spoke")
    expect(spoke).to_have_count(6)
    for index in range(6):
        expect(spoke.nth(index)).to_contain_text(caption)
    unreported = page.locator(".speaker-summary a.speaker-spoke")
    expect(unreported).to_have_count(6)
    for index in range(6):
        expect(unreported.nth(index)).to_contain_text(summary)

    # Photos: the browser picks a WebP rendition for the width (400 px on a phone, 800 px for
    # the 40rem column), the lead photo is not lazy and the others are; one caption each, one
    # placeholder notice; no "Source" link, as the seed article has no address of its own.
    images = page.locator(".article-body .photo img")
    expect(images).to_have_count(9)
    for index in range(9):
        assert ".webp " in images.nth(index).get_attribute("srcset")
        assert images.nth(index).get_attribute("sizes")
        loading = "eager" if index == 0 else "lazy"
        expect(images.nth(index)).to_have_attribute("loading", loading)
    chosen = images.first.evaluate("img => img.currentSrc")
    assert chosen.endswith(".w400.webp" if width == "phone" else ".w800.webp"), chosen
    expect(page.locator(".article-body .photo figcaption .photo-caption")).to_have_count(9)
    expect(page.locator(".placeholder-note")).to_have_count(1)
    expect(page.locator(".byline-source a")).to_have_count(0)


def check_person(page, person: Person, meeting_path: str, language: str) -> None:
    """The person page: the portrait, the dated positions, statements grouped by meeting, and
    no honorific shown as a title."""
    expect(page.locator("h1")).to_have_text(person.full_name)
    portrait = page.locator(".record-header img")
    expect(portrait).to_be_visible()
    assert portrait.evaluate("img => img.naturalWidth") > 0
    timeline = page.locator(".timeline-item")
    expect(timeline).to_have_count(person.positions.count())
    for index in range(timeline.count()):
        expect(timeline.nth(index).locator(".timeline-dates time")).not_to_have_count(0)
    groups = page.locator(".statement-group")
    expect(groups).to_have_count(1)  # the seed's one meeting
    expect(groups.locator("h3 a")).to_have_attribute("href", meeting_path)
    expect(groups.locator(".statement")).to_have_count(person.statements.count())
    titles = page.locator(".statement-attribution, .timeline, h1").all_inner_texts()
    assert all(HONORIFIC[language] not in title.lower() for title in titles), titles


@pytest.mark.parametrize("language", ["vi", "en"])
def test_article_and_person_pages_at_phone_and_desktop_width_with_screenshots(
    live_server, page, seed_route, artifacts_dir, language
):
    addresses = paths(seed_route, language)
    # The speaker the report calls "đồng chí …" (comrade), which his page must not show as a
    # title: the Provincial Party Secretary, who said most.
    person = (
        Statement.objects.filter(article=seed_route.article, attribution_vi__startswith="đồng chí")
        .first()
        .speaker
    )
    with translation.override(language):
        addresses["person"] = person.get_absolute_url()
    for kind in ("article", "person"):
        for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(viewport)
            page.goto(live_server.url + addresses[kind])
            page.wait_for_load_state("networkidle")
            show_every_image(page, page.locator("main img"))
            if kind == "article":
                check_article(page, seed_route, language, width)
            else:
                check_person(page, person, addresses["meeting"], language)
            page.evaluate("() => window.scrollTo(0, 0)")
            screenshot = artifacts_dir / f"{kind}-{language}-{width}.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 10_000


def test_an_article_with_its_own_address_links_it_as_its_source(live_server, page, seed_route):
    # The seed has no address of its own (no link: check_article); an article that has one
    # links it in the byline and cites it, at both widths in both languages.
    article = seed_route.article
    article.source_url = "https://example.org/bai-viet/phien-hop-ban-thuong-vu"  # a test address
    article.save(update_fields=["source_url"])
    for language in ("vi", "en"):
        with translation.override(language):
            path = article.get_absolute_url()
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(live_server.url + path)
            source = page.locator(".byline-source a")
            expect(source).to_have_attribute("href", article.source_url)
            box = source.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            expect(page.locator("#citation-text")).to_contain_text(article.source_url)


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
