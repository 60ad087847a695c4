"""In a real browser, markup written into records stays text: no dialog opens, no element comes
out of it, and the page causes no Content Security Policy violation."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.hostile_records import plant_hostile_text

# Installed through the DevTools protocol before any page script: records every CSP violation
# the page causes, whatever the console shows.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def reader_urls(hostile) -> list[str]:
    urls = []
    for language, query in (("vi", "chuyển đổi số"), ("en", "digital transformation")):
        with translation.override(language):
            urls += [hostile[kind].get_absolute_url() for kind in ("article", "person", "document")]
            urls.append(f"{reverse('articles:search')}?q={query}")
    return urls


@pytest.mark.django_db(transaction=True)
def test_hostile_text_fires_no_dialog_and_no_csp_violation(
    live_server, page, seed_route, console_errors
):
    hostile = plant_hostile_text()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)

    for url in reader_urls(hostile):
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")

        assert page.locator("h1").first.is_visible(), url
        # Nothing came out of the markup, and it is on the page as text a reader can see.
        assert page.locator('img[src="x"]').count() == 0, url
        assert page.evaluate("window.__cspViolations") == [], url
        assert page.get_by_text("<img src=x onerror=alert(1)>", exact=False).count() > 0, url
    assert dialogs == []
    assert console_errors == []
