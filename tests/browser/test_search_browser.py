"""Search in Chromium: from the header, a facet on and off, the language switch, the CSV file."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

# The live server reads committed data: each test loads the seed and the database is emptied after.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seed_on_server")]


def test_search_from_the_header(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.get_by_role("search").get_by_role("searchbox").fill("nguoi dung dau")
    page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(live_server.url + "/tim-kiem/?q=nguoi+dung+dau")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator(".hit mark").first).to_have_text("người", ignore_case=True)


def test_apply_and_remove_a_facet(live_server, page: Page):
    page.goto(live_server.url + "/en/search/?q=chuyển+đổi+số")
    everything = page.locator(".hit").count()
    page.locator("#facet-type + ul").get_by_role("link", name="Statement").click()
    expect(page.locator(".chip")).to_have_count(1)
    expect(page.locator(".hit-kind").first).to_have_text("Statement")
    kinds = {text.lower() for text in page.locator(".hit-kind").all_text_contents()}
    assert kinds == {"statement"}
    page.locator(".chip").get_by_role("link").click()
    expect(page.locator(".chip")).to_have_count(0)
    assert page.locator(".hit").count() == everything


def test_switch_language_on_a_results_page(live_server, page: Page):
    page.goto(live_server.url + "/tim-kiem/?q=5G")
    expect(page.locator("h1")).to_have_text("Tìm kiếm trong kho lưu trữ")
    page.locator(".language-switcher a[hreflang=en]").click()
    expect(page).to_have_url(live_server.url + "/en/search/?q=5G")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Search the archive")
    expect(page.locator("#search-q")).to_have_value("5G")
    expect(page.locator(".hit").first).to_be_visible()


def test_download_the_csv(live_server, page: Page, artifacts_dir):
    page.goto(live_server.url + "/en/search/?q=11-QD/TW")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    path = artifacts_dir / "search.csv"
    download_info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert rows[0][:3] == ["type", "id", "title"]
    assert len(rows) - 1 == page.locator(".hit").count() > 0
    assert any("11-QĐ/TW" in row[2] for row in rows[1:])


PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
CONTROLS = (
    ".search-layout a:visible, .search-layout summary:visible, .search-layout button:visible,"
    " .search-summary a:visible, .chips a:visible"
)


def small_targets(page: Page) -> list[str]:
    """Controls smaller than 24 x 24 CSS pixels (WCAG 2.5.8), as 'text (w x h)'."""
    small = []
    for control in page.locator(CONTROLS).all():
        box = control.bounding_box()
        if box and (box["width"] < 24 or box["height"] < 24):
            small.append(f"{control.inner_text()[:30]} ({box['width']:.0f}x{box['height']:.0f})")
    return small


@pytest.mark.parametrize(("path", "button"), [("/tim-kiem/", "Lọc"), ("/en/search/", "Filter")])
def test_on_a_phone_a_filter_button_above_the_results_opens_the_facets(
    live_server, page: Page, artifacts_dir, path, button
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}?q=chuyen+doi+so")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    summary = page.locator(".filters > summary")
    expect(summary).to_have_text(button)
    assert summary.bounding_box()["y"] < page.locator(".hit").first.bounding_box()["y"]
    facet = page.locator("#facet-type + ul")
    expect(facet).to_be_hidden()
    summary.click()
    expect(facet).to_be_visible()
    assert facet.bounding_box()["y"] < page.locator(".hit").first.bounding_box()["y"]
    assert small_targets(page) == []
    page.screenshot(path=artifacts_dir / f"search-phone-{button.lower()}.png", full_page=False)


@pytest.mark.parametrize("path", ["/tim-kiem/", "/en/search/"])
def test_on_a_desktop_the_facets_are_always_shown(live_server, page: Page, artifacts_dir, path):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{path}?q=chuyen+doi+so")
    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.locator(".filters > summary")).to_be_hidden()
    expect(page.locator("#facet-type + ul")).to_be_visible()
    assert small_targets(page) == []
    name = "vi" if path == "/tim-kiem/" else "en"
    page.screenshot(path=artifacts_dir / f"search-desktop-{name}.png", full_page=False)


def test_tone_marks_typed_are_the_only_ones_highlighted(live_server, page: Page):
    page.goto(live_server.url + "/tim-kiem/?q=chuyển+đổi+số")
    marked = {text.lower() for text in page.locator(".hit mark").all_inner_texts()}
    assert marked and marked <= {"chuyển", "đổi", "số"}
    page.goto(live_server.url + "/tim-kiem/?q=chuyển+đổi+sổ")
    expect(page.locator(".search-messages")).to_contain_text("Hiển thị thêm kết quả không dấu")
    expect(page.locator(".did-you-mean a")).to_have_text("chuyển đổi số")


def test_a_typo_still_finds_and_offers_a_correction(live_server, page: Page):
    page.goto(live_server.url + "/en/search/?q=digitl+transformation")
    expect(page.locator(".did-you-mean a")).to_have_text("digital transformation")
    expect(page.locator(".search-messages")).to_contain_text("Nothing has all of your words")
    expect(page.locator(".hit").first).to_be_visible()
    page.locator(".did-you-mean a").click()
    expect(page.locator(".search-messages")).to_have_count(0)
    expect(page.locator(".hit mark").first).to_have_text("digital", ignore_case=True)


# Issue 15's search points read in the browser, at both widths and in both languages.
SENTENCE_START = re.compile(r"^(… |[A-ZĐÀ-Ỹ0-9“])")
SENTENCE_END = re.compile(r"[.;:!?…”)]$")


NOTICES = {
    "/tim-kiem/": ("Hiển thị thêm kết quả không dấu.", "Không có kết quả nào chứa đủ mọi từ"),
    "/en/search/": ("Also showing results without tone marks.", "Nothing has all of your words"),
}
CLIPPED = """a => a.scrollWidth > a.clientWidth + 1
    || a.getBoundingClientRect().right > a.closest('.facets').getBoundingClientRect().right + 1"""


def marks(hit) -> set[str]:
    return {text.lower() for text in hit.locator("mark").all_inner_texts()}


def check_layout(page: Page, width: dict, violations) -> None:
    """Readable at this width: nothing wider than the screen, every control a 24 px target, each
    facet label whole in its column (cut only between words, server-side), axe-core content."""
    if width == PHONE:
        page.locator(".filters > summary").click()  # the facets, behind "Filter" on a phone
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
    assert small_targets(page) == []
    for label in page.locator(".facets li a").all():
        clipped = label.evaluate(CLIPPED)
        assert not clipped, label.inner_text()
    assert violations(page) == [], page.url


@pytest.mark.parametrize("path", ["/tim-kiem/", "/en/search/"])
def test_snippets_titles_and_vietnamese_operators_at_phone_and_desktop_width(
    live_server, page: Page, serious_accessibility_violations, path
):
    for width in (PHONE, DESKTOP):
        page.set_viewport_size(width)

        # Statements by one speaker: titles that tell them apart; snippets that are sentences
        # (or cut between words with "…"), not a fixed count of characters.
        page.goto(f"{live_server.url}{path}?q=Thái+Thanh+Quý&type=statement")
        titles = page.locator(".hit-title").all_inner_texts()
        assert len(titles) == 12 and len(set(titles)) == 12, titles
        assert all(title.startswith("Thái Thanh Quý: “") for title in titles), titles
        for snippet in page.locator(".hit-snippet").all_inner_texts():
            assert SENTENCE_START.match(snippet) and SENTENCE_END.search(snippet), snippet
        check_layout(page, width, serious_accessibility_violations)

        # A tone the archive does not have: the notice, and the spelling it has, offered.
        tones, partial = NOTICES[path]
        page.goto(f"{live_server.url}{path}?q=chuyển+đổi+sổ")
        expect(page.locator(".search-messages")).to_contain_text(tones)
        expect(page.locator(".did-you-mean a")).to_have_text("chuyển đổi số")
        # A typo among words: results with some of the words, said so, and a correction.
        page.goto(f"{live_server.url}{path}?q=chuyen+doi+sô+tinh+nghe+ann")
        expect(page.locator(".search-messages")).to_contain_text(partial)
        expect(page.locator(".did-you-mean a").first).to_have_text("chuyen doi số tinh nghe an")
        expect(page.locator(".hit").first).to_be_visible()
        check_layout(page, width, serious_accessibility_violations)

        # "hoặc" is OR: some results have only one of the two, none is missing both.
        page.goto(f"{live_server.url}{path}?q=4G+hoặc+nhân+lực")
        expect(page.locator(".search-messages")).to_have_count(0)  # not the partial fallback
        found = [marks(hit) for hit in page.locator(".hit").all()]
        # ("nhân" alone is in many names, "Ủy ban nhân dân": "lực" tells the second term.)
        assert found and all(words & {"4g", "lực"} for words in found), found
        assert any("4g" in words and "lực" not in words for words in found), found
        assert any("lực" in words and "4g" not in words for words in found), found
        check_layout(page, width, serious_accessibility_violations)

        # Capital "KHÔNG" is NOT: no result says "kinh", and "không" is not searched for.
        page.goto(f"{live_server.url}{path}?q=chuyển+đổi+số+KHÔNG+kinh")
        hits = page.locator(".hit")
        expect(hits.first).to_be_visible()
        expect(page.locator(".search-messages")).to_have_count(0)
        for hit in hits.all():
            assert not re.search(r"\bkinh\b", hit.inner_text(), re.IGNORECASE), hit.inner_text()
            assert marks(hit) <= {"chuyển", "đổi", "số"}
        check_layout(page, width, serious_accessibility_violations)
