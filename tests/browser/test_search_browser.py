"""Search in Chromium: from the header, a facet on and off, the language switch, the CSV file."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

# The live server reads committed data: each test loads the seed and the database is emptied after.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


@pytest.fixture
def seeded():
    call_command("load_seed", verbosity=0)
    call_command("rebuild_search_index", stdout=StringIO())


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
