"""The API's docs page works offline under the site's CSP (Swagger UI from our own static files)
and on a phone (its viewport meta is honoured, nothing wider than the screen)."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_api_docs_page_renders_every_endpoint_without_csp_violations(live_server, page, browser):
    violations: list[str] = []
    foreign_requests: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else foreign_requests.append(request.url)
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    # Swagger UI puts zero-width spaces into long paths so that they can wrap.
    assert "/api/v1/articles/{article_id}" in [path.replace("\u200b", "") for path in paths]
    assert violations == []
    assert foreign_requests == []
    # On a phone: a mobile browser honours the page's viewport meta (without it, it would lay
    # the page out 980 px wide and zoom out), and nothing is wider than the screen.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        mobile = phone.new_page()
        mobile.goto(live_server.url + "/api/v1/docs")
        mobile.locator(".opblock").first.wait_for()
        assert mobile.evaluate("() => window.innerWidth") == 390
        overflow = mobile.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the docs page is {overflow}px wider than a phone"
    finally:
        phone.close()
