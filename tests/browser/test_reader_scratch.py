import pytest


@pytest.mark.parametrize("lang", ["en"])
def test_shots(live_server, page, browser_world, artifacts_dir, lang):
    from django.utils import translation
    from django.urls import reverse
    w = browser_world
    with translation.override(lang):
        urls = {"article": w.article.get_absolute_url(), "home": reverse("articles:home"), "person": w.secretary.get_absolute_url(),
                "document": w.resolution.get_absolute_url(), "targets": reverse("articles:targets"), "meeting": w.meeting.get_absolute_url(),
                "org": w.standing_committee.get_absolute_url(), "topic": w.infrastructure.get_absolute_url(), "404": "/en/nope/"}
    for key, url in urls.items():
      for name, wd, h in [("phone", 390, 844), ("desktop", 1280, 900)]:
        page.set_viewport_size({"width": wd, "height": h})
        page.goto(live_server.url + url)
        page.screenshot(path=str(artifacts_dir / f"scratch-{key}-{lang}-{name}.png"), full_page=True)
