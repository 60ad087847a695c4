"""/api/v1/articles/: published articles only, language maps, public URLs, the full detail."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import override

from articles.models import Attendance, BodyBlock
from tests.builders import make_article, make_reported_article

pytestmark = pytest.mark.django_db


def test_list_shows_only_published_articles_newest_first(api_get):
    older = make_article(published_at=timezone.now() - timedelta(days=30))
    newer = make_article(published_at=timezone.now() - timedelta(days=1))
    make_article(published=False)
    make_article(published_at=timezone.now() + timedelta(days=1))  # scheduled for tomorrow

    body = api_get("/api/v1/articles/")

    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]


def test_translated_fields_are_language_maps_with_missing_translations_as_null(api_get):
    article = make_article(title_vi="Tiêu đề gốc", title_en=None, lead_en="")

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert item["title"] == {"vi": "Tiêu đề gốc", "en": None}
    assert item["lead"] == {"vi": article.lead_vi, "en": ""}
    assert item["slug"] == {"vi": article.slug_vi, "en": article.slug_en}
    assert item["byline"] == "Phóng viên thử"


def test_publication_time_is_given_in_the_newsroom_time_zone(api_get):
    article = make_article(published_at=timezone.now() - timedelta(days=2))

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert item["published_at"].endswith("+07:00")


def test_url_is_the_public_page_in_each_language(api_get):
    article = make_article(slug_vi="ban-thuong-vu", slug_en="standing-committee")

    url = api_get("/api/v1/articles/")["items"][0]["url"]

    vi, en = urlsplit(url["vi"]), urlsplit(url["en"])
    assert (vi.scheme, vi.netloc) == (en.scheme, en.netloc) == ("http", "testserver")
    assert not vi.path.startswith("/en/")
    assert vi.path.endswith(f"/{article.pk}-ban-thuong-vu/")
    assert en.path.startswith("/en/")
    assert en.path.endswith(f"/{article.pk}-standing-committee/")
    for lang, path, slug in (
        ("vi", vi.path, "ban-thuong-vu"),
        ("en", en.path, "standing-committee"),
    ):
        with override(lang):
            match = resolve(path)
        assert match.view_name == "articles:article"
        assert match.kwargs == {"pk": article.pk, "slug": slug}


def test_detail_of_a_draft_or_scheduled_article_is_not_found(api_get):
    draft = make_article(published=False)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))

    for article in (draft, scheduled):
        assert api_get(f"/api/v1/articles/{article.pk}", status=404) == {"detail": "Not Found"}


def test_detail_lists_every_person_the_article_connects_with_their_positions(api_get):
    article = make_reported_article(size=2)
    meeting = article.meeting
    attendee_ids = set(meeting.attendances.values_list("person_id", flat=True))

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert item["meeting_id"] == meeting.pk
    assert {person["id"] for person in item["people"]} == attendee_ids
    chair = next(person for person in item["people"] if person["id"] == meeting.chair_id)
    position = meeting.chair.positions.get()
    assert chair["full_name"] == meeting.chair.full_name
    assert chair["positions"] == [
        {
            "id": position.pk,
            "person_id": meeting.chair_id,
            "organization_id": meeting.body_id,
            "role": {"vi": position.role_vi, "en": position.role_en},
            "title": {"vi": position.title_vi, "en": position.title_en},
            "start_date": None,
            "end_date": None,
            "attested_on": None,
        }
    ]
    others = [person for person in item["people"] if person["id"] != meeting.chair_id]
    assert all(len(person["positions"]) == 2 for person in others)


def test_detail_people_include_speakers_and_people_in_photos_outside_the_meeting(api_get):
    article = make_reported_article(size=2)
    Attendance.objects.filter(meeting=article.meeting).delete()
    speakers = set(article.statements.values_list("speaker_id", flat=True))
    in_photos = set(article.photos.values_list("people_shown", flat=True))

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert {person["id"] for person in item["people"]} == speakers | in_photos


def test_detail_statements_link_speaker_documents_and_targets_by_id(api_get):
    article = make_reported_article(size=2)
    statement = article.statements.order_by("order").first()

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert [s["id"] for s in item["statements"]] == list(
        article.statements.order_by("order").values_list("pk", flat=True)
    )
    first = item["statements"][0]
    assert first["speaker_id"] == statement.speaker_id
    assert first["kind"] == "paraphrase"
    assert first["attribution"] == {"vi": statement.attribution_vi, "en": statement.attribution_en}
    assert first["text"] == {"vi": statement.text_vi, "en": statement.text_en}
    assert first["document_ids"] == [statement.documents.get().pk]
    assert first["target_ids"] == [statement.targets.get().pk]
    assert first["url"]["vi"].endswith(f"/{article.pk}-{article.slug_vi}/#statement-{statement.pk}")
    assert first["url"]["en"].endswith(f"/{article.pk}-{article.slug_en}/#statement-{statement.pk}")


def test_detail_documents_carry_their_role_in_the_article(api_get):
    article = make_reported_article(size=3)
    links = list(article.document_links.order_by("order"))

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert [(d["id"], d["role"]) for d in item["documents"]] == [
        (link.document_id, link.role) for link in links
    ]
    document = links[0].document
    assert item["documents"][0]["symbol"] == document.symbol
    assert item["documents"][0]["title"] == {"vi": document.title_vi, "en": document.title_en}


def test_detail_targets_come_with_their_pillar(api_get):
    article = make_reported_article(size=2)

    item = api_get(f"/api/v1/articles/{article.pk}")

    assert len(item["targets"]) == 2
    target = item["targets"][0]
    assert target["value"] == 100
    assert target["deadline_year"] == 2025
    assert target["pillar"]["kind"] == "pillar"
    assert target["pillar"]["name"]["en"].startswith("Test pillar")
    assert target["url"]["en"].endswith(f"#target-{target['id']}")


def test_detail_photos_have_caption_alt_credit_image_and_people_shown(api_get):
    article = make_reported_article(size=2)
    photo = article.photos.order_by("order").first()

    item = api_get(f"/api/v1/articles/{article.pk}")

    first = item["photos"][0]
    assert first["id"] == photo.pk
    assert first["caption"] == {"vi": photo.caption_vi, "en": photo.caption_en}
    assert first["alt"] == {"vi": photo.alt_text_vi, "en": photo.alt_text_en}
    assert first["credit"] == "Ảnh: Phóng viên thử"
    assert first["image"] == f"http://testserver/media/{photo.image.name}"
    assert first["is_placeholder"] is True
    assert sorted(first["people_shown_ids"]) == sorted(
        photo.people_shown.values_list("pk", flat=True)
    )


def test_detail_body_keeps_the_original_order_of_headings_paragraphs_and_photos(api_get):
    article = make_reported_article(size=2)
    photo_ids = list(article.photos.order_by("order").values_list("pk", flat=True))

    body = api_get(f"/api/v1/articles/{article.pk}")["body"]

    assert [block["kind"] for block in body] == [
        "heading",
        "paragraph",
        "photo",
        "paragraph",
        "photo",
    ]
    assert body[0]["text"] == {"vi": "Tiêu đề thử", "en": "Test heading"}
    assert [block["photo_id"] for block in body if block["kind"] == "photo"] == photo_ids
    assert all(block["text"] is None for block in body if block["kind"] == "photo")
    assert BodyBlock.objects.filter(article=article).count() == len(body)


def test_detail_topics_are_language_maps(api_get):
    article = make_reported_article(size=1)
    topic = article.topics.get()

    topics = api_get(f"/api/v1/articles/{article.pk}")["topics"]

    assert topics == [
        {
            "id": topic.pk,
            "kind": "topic",
            "name": {"vi": topic.name_vi, "en": topic.name_en},
            "slug": {"vi": topic.slug_vi, "en": topic.slug_en},
            "url": topics[0]["url"],
        }
    ]
    assert topics[0]["url"]["en"].endswith(f"/{topic.pk}-{topic.slug_en}/")
