"""The article page's height and weight as a reader's browser sees them: measured at phone and
desktop width and printed (the figures issue 15 asks for), with bounds that the page's former
shape (the body printed twice, 1,200 px PNGs sent to phones) broke."""

import contextlib
import json

import pytest

from tests.browser.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def measure(page, url: str, viewport: dict) -> dict:
    """Full height in CSS px, and bytes of HTML and images fetched once every image is scrolled
    into view (the lazy ones included)."""
    sizes: dict[str, int] = {}

    def record(response) -> None:
        kind = response.request.resource_type
        if kind in {"document", "image"}:
            with contextlib.suppress(Exception):  # a redirect has no body
                sizes[response.url] = (kind, len(response.body()))

    page.set_viewport_size(viewport)
    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    images = page.locator("img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    html = sum(size for kind, size in sizes.values() if kind == "document")
    image_bytes = sum(size for kind, size in sizes.values() if kind == "image")
    return {"height": height, "html": html, "images": image_bytes, "total": html + image_bytes}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_article_page_height_and_weight(live_server, page, seed_route, language):
    from django.utils import translation

    with translation.override(language):
        url = live_server.url + seed_route.article.get_absolute_url()
    phone = measure(page, url, PHONE)
    desktop = measure(page, url, DESKTOP)
    figures = {"language": language, "phone": phone, "desktop": desktop["height"]}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"article-weight-{language}.json").write_text(json.dumps(figures))
    print(figures)
