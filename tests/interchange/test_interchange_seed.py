"""export_article / import_article on the seed article: the file is the API's JSON, and the
article with all its records survives a trip through an empty database unchanged."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import (
    AgendaItem,
    Article,
    Attendance,
    BodyBlock,
    Document,
    DocumentRelation,
    Photo,
    Statement,
    Target,
    Topic,
)
from people.models import Organization, Person, Position
from tests.conftest import SEED_FIXTURE
from tests.interchange_support import (
    empty_database,
    export,
    import_file,
    snapshot,
    write,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed")]

QUOTE_VI = "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó"


@pytest.fixture(autouse=True)
def placeholder_images(media_root):
    """The seed's photos point at placeholder images; an import checks that they exist."""
    call_command("make_placeholders", verbosity=0)


def fixture_records(model: str) -> list[dict]:
    records = json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    return [record for record in records if record["model"] == model]


def test_every_record_of_the_export_is_what_its_api_endpoint_returns(tmp_path, api_get):
    data = export(1, tmp_path)

    assert data["article"] == api_get("/api/v1/articles/1")
    for section, endpoint in [
        ("people", "people"),
        ("organizations", "organizations"),
        ("documents", "documents"),
        ("meetings", "meetings"),
    ]:
        for record in data[section]:
            assert record == api_get(f"/api/v1/{endpoint}/{record['id']}"), section
    assert data["topics"] == sorted(data["article"]["topics"], key=lambda topic: topic["id"])


def test_the_export_holds_every_record_the_article_links_to(tmp_path):
    data = export(1, tmp_path)

    assert [p["full_name"] for p in data["people"]] == [
        p["fields"]["full_name"] for p in fixture_records("people.person")
    ]
    assert len(data["documents"]) == 7
    assert sum(len(d["targets"]) for d in data["documents"]) == 7
    assert [m["id"] for m in data["meetings"]] == [1]
    assert len(data["topics"]) == 6
    # The two organizations no record links to (the outlet, the People's Committee's Party
    # delegation) are not part of the article's file; the other thirteen are.
    linked = {o["pk"] for o in fixture_records("people.organization")} - {7, 15}
    assert {o["id"] for o in data["organizations"]} == linked
    assert data["editorial"]["status"] == "published"
    assert len(data["editorial"]["positions"]) == 17


def test_seed_round_trips_through_an_empty_database_unchanged(tmp_path):
    before = export(1, tmp_path, "before.json")
    empty_database()
    assert Statement.objects.count() == Person.objects.count() == 0

    import_file(write(tmp_path, before))
    after = export(1, tmp_path, "after.json")

    assert (tmp_path / "after.json").read_bytes() == (tmp_path / "before.json").read_bytes()
    assert after == before
    assert {
        model.__name__: model.objects.count()
        for model in (
            Article,
            Statement,
            Photo,
            BodyBlock,
            Document,
            DocumentRelation,
            Target,
            Person,
            Position,
            Organization,
            Topic,
            Attendance,
            AgendaItem,
        )
    } == {
        "Article": 1,
        "Statement": 22,
        "Photo": 9,
        "BodyBlock": 36,
        "Document": 7,
        "DocumentRelation": 3,
        "Target": 7,
        "Person": 8,
        "Position": 17,
        "Organization": 13,
        "Topic": 6,
        "Attendance": 8,
        "AgendaItem": 4,
    }


def test_exact_strings_survive_the_round_trip(tmp_path):
    data = export(1, tmp_path)
    empty_database()
    import_file(write(tmp_path, data))

    quote = Statement.objects.get(kind=Statement.Kind.QUOTE)
    assert quote.text_vi == QUOTE_VI
    assert quote.speaker.full_name == "Nguyễn Đức Trung"
    assert quote.attribution_vi == "Chủ tịch UBND tỉnh"
    photos = [
        (p["fields"]["caption_vi"], p["fields"]["caption_en"], p["fields"]["credit"])
        for p in sorted(fixture_records("articles.photo"), key=lambda p: p["fields"]["order"])
    ]
    assert len(photos) == 9
    assert (
        list(Photo.objects.order_by("order").values_list("caption_vi", "caption_en", "credit"))
        == photos
    )
    documents = {
        (d["fields"]["symbol"], d["fields"]["title_vi"], d["fields"]["title_en"])
        for d in fixture_records("articles.document")
    }
    assert set(Document.objects.values_list("symbol", "title_vi", "title_en")) == documents
    assert "11-QĐ/TW" in {symbol for symbol, _, _ in documents}
    positions = {
        (p["fields"]["person"], p["fields"]["title_vi"], p["fields"]["title_en"])
        for p in fixture_records("people.position")
    }
    assert set(Position.objects.values_list("person_id", "title_vi", "title_en")) == positions
    assert list(
        Person.objects.get(slug="thai-thanh-quy").positions.values_list("title_vi", flat=True)
    ) == [
        p["fields"]["title_vi"]
        for p in sorted(fixture_records("people.position"), key=lambda p: p["fields"]["order"])
        if p["fields"]["person"] == 1
    ]


def test_importing_the_export_into_the_database_that_holds_it_changes_nothing(tmp_path):
    path = write(tmp_path, export(1, tmp_path))
    before = snapshot()

    with pytest.raises(CommandError, match=r"article\.slug\.vi: an article with this slug exists"):
        import_file(path)
    assert snapshot() == before

    import_file(path, replace=True)  # every record equal to the file: nothing is written
    assert snapshot() == before
