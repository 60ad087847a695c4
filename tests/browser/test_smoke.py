"""The browser can open the site's home page in both languages."""

import pytest


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("path", "lang"), [("/", "vi"), ("/en/", "en")])
def test_home_page_renders_in_chromium(live_server, page, path, lang):
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").is_visible()
