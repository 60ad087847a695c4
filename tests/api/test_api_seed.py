"""The API returns the seed article's records exactly as the fixture holds them."""

import pytest

from articles.models import Article, Document, Meeting, Statement, Target
from people.models import Organization, Person

pytestmark = pytest.mark.usefixtures("seed")

QUOTE = "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó"
ENDPOINTS = {
    "articles": Article,
    "people": Person,
    "organizations": Organization,
    "documents": Document,
    "targets": Target,
    "statements": Statement,
    "meetings": Meeting,
}


def every_item(api_get, resource: str) -> list[dict]:
    return api_get(f"/api/v1/{resource}/", page_size=100)["items"]


def language_maps(value, path="") -> list[tuple[str, dict]]:
    """Every {"vi": …, "en": …} inside a decoded JSON value, with where it was found."""
    if isinstance(value, dict):
        found = [(path, value)] if set(value) == {"vi", "en"} else []
        return found + [m for k, v in value.items() for m in language_maps(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [m for i, v in enumerate(value) for m in language_maps(v, f"{path}[{i}]")]
    return []


@pytest.fixture
def seed_article(api_get) -> dict:
    return api_get("/api/v1/articles/1")


def test_lists_hold_the_same_records_as_the_fixture(api_get):
    counts = {resource: api_get(f"/api/v1/{resource}/")["count"] for resource in ENDPOINTS}

    assert counts == {
        "articles": 1,
        "people": 8,
        "organizations": 15,
        "documents": 7,
        "targets": 7,
        "statements": 22,
        "meetings": 1,
    }
    for resource, model in ENDPOINTS.items():
        listed = {item["id"] for item in every_item(api_get, resource)}
        assert listed == set(model.objects.values_list("pk", flat=True)), resource


def test_article_detail_holds_every_record_of_the_seed(seed_article):
    assert len(seed_article["people"]) == 8
    assert len(seed_article["documents"]) == 7
    assert len(seed_article["photos"]) == 9
    assert len(seed_article["statements"]) == 22
    assert len(seed_article["targets"]) == 7
    assert [block["kind"] for block in seed_article["body"]].count("photo") == 9
    assert len(seed_article["body"]) == 36
    assert seed_article["title"]["vi"] == (
        "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến về dự thảo Nghị quyết chuyển đổi số"
    )


def test_article_detail_has_the_direct_quote_of_the_provincial_chairman(seed_article):
    quotes = [s for s in seed_article["statements"] if s["kind"] == "quote"]
    names = {person["id"]: person["full_name"] for person in seed_article["people"]}

    assert [quote["text"]["vi"] for quote in quotes] == [QUOTE]
    assert quotes[0]["text"]["en"]
    assert names[quotes[0]["speaker_id"]] == "Nguyễn Đức Trung"
    assert quotes[0]["attribution"]["vi"] == "Chủ tịch UBND tỉnh"


def test_the_secretary_chairs_the_meeting_and_holds_four_positions(api_get, seed_article):
    meeting = api_get(f"/api/v1/meetings/{seed_article['meeting_id']}")
    chair = api_get(f"/api/v1/people/{meeting['chair_id']}")

    assert chair["full_name"] == "Thái Thanh Quý"
    assert [p["title"]["vi"] for p in chair["positions"]] == [
        "Ủy viên Ban Chấp hành Trung ương Đảng",
        "Bí thư Tỉnh ủy",
        "Trưởng đoàn đại biểu Quốc hội",
        "Chủ tịch Hội đồng nhân dân tỉnh",
    ]
    assert all(p["title"]["en"] for p in chair["positions"])
    assert len(meeting["agenda_items"]) == 4
    assert len(chair["statement_ids"]) == Statement.objects.filter(speaker_id=chair["id"]).count()


def test_regulation_11_qd_tw_is_identified_by_symbol_key_and_date(api_get, seed_article):
    regulation = next(d for d in seed_article["documents"] if d["symbol"] == "11-QĐ/TW")

    detail = api_get(f"/api/v1/documents/{regulation['id']}")

    assert detail["symbol_key"] == "11QDTW"
    assert detail["issued_on"] == "2021-05-19"
    assert detail["article_ids"] == [seed_article["id"]]


def test_every_photo_is_a_credited_placeholder_with_both_captions(seed_article):
    for photo in seed_article["photos"]:
        assert photo["credit"] == "Thành Duy"
        assert photo["is_placeholder"] is True
        assert photo["caption"]["vi"] and photo["caption"]["en"]
        assert photo["alt"]["vi"] and photo["alt"]["en"]
        assert photo["image"].startswith("http://testserver/media/")


@pytest.mark.parametrize("resource", ENDPOINTS)
def test_every_vietnamese_text_the_api_gives_has_its_english_translation(api_get, resource):
    records = [
        api_get(f"/api/v1/{resource}/{item['id']}") for item in every_item(api_get, resource)
    ]

    maps = language_maps(records)

    assert maps
    untranslated = [path for path, value in maps if value["vi"] and not value["en"]]
    assert untranslated == []


def test_the_seed_article_detail_stays_within_its_query_budget(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/articles/1").status_code == 200
