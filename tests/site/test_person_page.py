"""The person page as a reader sees it: positions as a dated timeline, statements grouped by the
meeting they were made at, a portrait from the archive's photos, and "đồng chí"/"comrade" (an
honorific) never shown as a title."""

import re
from datetime import date

import pytest
from django.utils import translation

from archive.lib.text import without_honorific
from tests.builders import (
    make_article,
    make_meeting,
    make_organization,
    make_person,
    make_photo,
    make_position,
    make_statement,
)


@pytest.fixture
def official(db, media_root):
    body = make_organization()
    person = make_person(full_name="Thái Thanh Quý", slug="thai-thanh-quy")
    make_position(
        person,
        body,
        title_vi="Chủ tịch UBND tỉnh",
        title_en="Chairman",
        start_date=date(2016, 6, 1),
        end_date=date(2020, 10, 1),
    )
    make_position(
        person, body, title_vi="Bí thư Tỉnh ủy", title_en="Secretary", start_date=date(2020, 10, 15)
    )
    make_position(
        person, body, title_vi="Ủy viên BCH TW", title_en="CC member", attested_on=date(2022, 5, 28)
    )
    spring = make_meeting(
        body=body, title_vi="Phiên họp tháng Ba", title_en="March meeting", date=date(2022, 3, 1)
    )
    may = make_meeting(
        body=body, title_vi="Phiên họp tháng Năm", title_en="May meeting", date=date(2022, 5, 28)
    )
    for meeting in (spring, may):
        article = make_article(meeting=meeting)
        make_statement(article, person, attribution_vi="đồng chí", attribution_en="comrade")
        make_statement(
            article,
            person,
            attribution_vi="đồng chí Bí thư Tỉnh ủy",
            attribution_en="Comrade Secretary",
        )
    group = make_photo(article, is_placeholder=False)
    group.people_shown.add(person, make_person())
    alone = make_photo(article, is_placeholder=False)
    alone.people_shown.add(person)
    return {"person": person, "spring": spring, "may": may, "alone": alone, "group": group}


def page(client, person, language: str) -> str:
    with translation.override(language):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "honorific"), [("vi", "đồng chí"), ("en", "omrade")])
def test_the_honorific_is_never_shown_as_a_title(client, official, language, honorific):
    html = page(client, official["person"], language)
    attributions = re.findall(r'class="statement-attribution"[^>]*>([^<]*)<', html)
    assert attributions  # the real titles are still shown
    assert not any(honorific in text for text in attributions)
    assert ("Bí thư Tỉnh ủy" if language == "vi" else "Secretary") in attributions


def test_without_honorific_keeps_the_title_after_it():
    assert without_honorific("đồng chí Bí thư Tỉnh ủy") == "Bí thư Tỉnh ủy"
    assert without_honorific("Đồng chí") == ""
    assert without_honorific("comrade") == ""
    assert without_honorific("Bí thư Tỉnh ủy") == "Bí thư Tỉnh ủy"
    assert without_honorific("Bàn giao") == "Bàn giao"  # a word starting "bà" is not "bà"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_positions_are_a_dated_timeline_latest_first(client, official, language):
    html = page(client, official["person"], language)
    timeline = re.search(r'<ol class="position-list timeline">(.*?)</ol>', html, re.S).group(1)
    titles = {
        "vi": ["Ủy viên BCH TW", "Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"],
        "en": ["CC member", "Secretary", "Chairman"],
    }[language]
    positions = [timeline.index(title) for title in titles]
    assert positions == sorted(positions)
    assert 'datetime="2020-10-15"' in timeline and 'datetime="2016-06-01"' in timeline
    assert 'datetime="2020-10-01"' in timeline  # the end of the earlier post
    assert timeline.count("timeline-current") == 2


@pytest.mark.parametrize("language", ["vi", "en"])
def test_statements_are_grouped_by_meeting(client, official, language):
    html = page(client, official["person"], language)
    with translation.override(language):
        may, spring = official["may"], official["spring"]
        headings = re.findall(r'<div class="statement-group".*?<h3[^>]*>(.*?)</h3>', html, re.S)
        assert len(headings) == 2
        assert may.get_absolute_url() in headings[0] and spring.get_absolute_url() in headings[1]
    groups = re.findall(r'<div class="statement-group".*?</ol>', html, re.S)
    assert all(group.count('class="statement ') == 2 for group in groups)


def test_the_portrait_is_the_photo_showing_them_alone(client, official):
    html = page(client, official["person"], "en")
    portrait = re.search(r'<figure class="portrait">(.*?)</figure>', html, re.S).group(1)
    assert official["alone"].image.url in portrait
    assert f"#photo-{official['alone'].pk}" in portrait


def test_no_portrait_without_a_photo_of_them(client, db):
    person = make_person()
    article = make_article(meeting=make_meeting())
    make_statement(article, person)
    assert 'class="portrait"' not in page(client, person, "vi")
