"""/api/v1/people/ and /api/v1/organizations/: who the published articles name, and where."""

from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils.translation import override

from articles.models import Attendance
from tests.builders import (
    make_article,
    make_organization,
    make_person,
    make_position,
    make_reported_article,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_people_list_gives_each_person_with_positions_as_language_maps(api_get):
    article = make_reported_article(size=2)
    chair = article.meeting.chair
    position = chair.positions.get()

    body = api_get("/api/v1/people/")

    assert body["count"] == 3
    names = [item["full_name"] for item in body["items"]]
    assert names == sorted(names)
    item = next(item for item in body["items"] if item["id"] == chair.pk)
    assert item["slug"] == chair.slug
    assert item["positions"][0]["title"] == {"vi": position.title_vi, "en": position.title_en}
    assert item["positions"][0]["role"] == {"vi": position.role_vi, "en": position.role_en}
    assert item["positions"][0]["organization_id"] == article.meeting.body_id


def test_person_url_differs_by_language_though_the_slug_does_not(api_get):
    article = make_article()
    person = make_person(full_name="Người Thử Đặc Biệt", slug="nguoi-thu-dac-biet")
    make_statement(article, person)

    url = api_get(f"/api/v1/people/{person.pk}")["url"]

    vi, en = urlsplit(url["vi"]).path, urlsplit(url["en"]).path
    assert en.startswith("/en/")
    assert not vi.startswith("/en/")
    for lang, path in (("vi", vi), ("en", en)):
        with override(lang):
            match = resolve(path)
        assert match.view_name == "people:person"
        assert match.kwargs == {"pk": person.pk, "slug": "nguoi-thu-dac-biet"}


def test_person_detail_lists_positions_and_only_published_statements(api_get):
    published = make_article()
    draft = make_article(published=False)
    person = make_person(aliases=["Người Thử Khác"])
    organization = make_organization()
    first = make_position(person, organization, order=1)
    second = make_position(person, organization, order=2)
    spoken = [make_statement(published, person, order=n) for n in (1, 2)]
    make_statement(draft, person)

    item = api_get(f"/api/v1/people/{person.pk}")

    assert [p["id"] for p in item["positions"]] == [first.pk, second.pk]
    assert item["statement_ids"] == [s.pk for s in spoken]
    assert item["aliases"] == ["Người Thử Khác"]
    assert item["portrait"] is None


def test_people_only_named_by_drafts_or_nowhere_are_hidden(api_get):
    visible = make_person()
    make_statement(make_article(), visible)
    in_draft = make_person()
    make_statement(make_article(published=False), in_draft)
    make_person()  # named by no article at all

    body = api_get("/api/v1/people/")

    assert [item["id"] for item in body["items"]] == [visible.pk]
    api_get(f"/api/v1/people/{in_draft.pk}", status=404)


def test_organizations_are_listed_by_name_with_their_parent(api_get):
    top = make_organization(name_vi="A tổ chức cấp trên")
    bottom = make_organization(name_vi="B tổ chức cấp dưới", parent=top)

    body = api_get("/api/v1/organizations/")

    assert [item["id"] for item in body["items"]] == [top.pk, bottom.pk]
    item = body["items"][1]
    assert item["parent_id"] == top.pk
    assert item["kind"] == "party"
    assert item["name"] == {"vi": "B tổ chức cấp dưới", "en": bottom.name_en}
    assert item["short_name"] == {"vi": bottom.short_name_vi, "en": bottom.short_name_en}
    assert item["slug"] == {"vi": bottom.slug_vi, "en": bottom.slug_en}
    assert item["url"]["en"].endswith(f"/{bottom.pk}-{bottom.slug_en}/")


def test_organization_detail_gives_children_and_the_posts_public_people_hold_in_it(api_get):
    article = make_reported_article(size=2)
    body = article.meeting.body
    parent = body.parent
    sibling = make_organization(parent=parent)
    unpublished = make_person()
    make_position(unpublished, parent)
    make_statement(make_article(published=False), unpublished)

    item = api_get(f"/api/v1/organizations/{parent.pk}")

    assert sorted(item["child_ids"]) == sorted([body.pk, sibling.pk])
    holders = {position["person_id"] for position in item["positions"]}
    attendees = set(
        Attendance.objects.filter(meeting=article.meeting, role="attendee").values_list(
            "person_id", flat=True
        )
    )
    assert holders == attendees
