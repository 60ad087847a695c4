"""import_article / export_article beyond the seed: drafts, what the API does not publish,
matching records that exist already, and --replace."""

import pytest
from django.core.management import CommandError, call_command

from articles.api.schemas import ArticleDetail, DocumentDetail, MeetingDetail, TopicOut
from articles.interchange.shape import file_schema
from articles.models import Article, Document, DocumentRelation, Photo, Statement, Target
from people.models import Person
from people.schemas import OrganizationDetail, PersonDetail
from tests import builders as records
from tests.interchange_support import empty_database, export, import_file, snapshot, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_article(media_root):
    """A draft (the public API does not show it) with a target it reports (`Target.article`),
    a statement about it, a photo in its body and a linked document."""
    article = records.article()
    speaker = records.person()
    organization = records.organization()
    speaker.positions.create(
        organization=organization,
        role_vi="Chủ tịch",
        role_en="Chairman",
        title_vi="Chủ tịch UBND tỉnh",
        title_en="Chairman of the Provincial People's Committee",
        source_url="https://baonghean.vn/",
        order=3,
    )
    document = records.document()
    target = records.target(article, document, records.pillar())
    statement = records.statement(article, speaker)
    statement.documents.add(document)
    statement.targets.add(target)
    photo = records.photo(article)
    photo.people_shown.add(speaker)
    article.blocks.create(order=1, kind="paragraph", text_vi="Đoạn văn", text_en="A paragraph")
    article.blocks.create(order=2, kind="photo", photo=photo)
    article.document_links.create(document=document, role="discussed", order=4)
    # A document the article does not name, related to one it does: the file must hold it.
    earlier = Document.objects.create(
        kind=Document.Kind.CONGRESS_RESOLUTION,
        title_vi="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX",
        title_en="Resolution of the 19th Provincial Party Congress",
        slug_vi="nghi-quyet-dai-hoi-xix",
        slug_en="resolution-of-the-19th-congress",
        status=Document.Status.ADOPTED,
    )
    DocumentRelation.objects.create(source=document, target=earlier, kind="concretizes")
    return article


def test_a_draft_is_exported_with_what_the_api_does_not_publish(draft_article, tmp_path, client):
    assert client.get(f"/api/v1/articles/{draft_article.pk}").status_code == 404

    data = export(draft_article.pk, tmp_path)

    assert data["article"]["title"] == {
        "vi": draft_article.title_vi,
        "en": draft_article.title_en,
    }
    assert data["article"]["statements"][0]["text"]["vi"] == records.QUOTE_VI
    target = Target.objects.get()
    assert data["editorial"]["status"] == "draft"
    assert data["editorial"]["reported_target_ids"] == [target.pk]
    assert data["editorial"]["document_orders"] == [{"document_id": target.document_id, "order": 4}]
    assert [d["id"] for d in data["documents"]] == sorted(
        Document.objects.values_list("pk", flat=True)
    )  # the related document the article does not name, too
    [position] = data["editorial"]["positions"]
    assert (position["order"], position["source_url"]) == (3, "https://baonghean.vn/")
    assert data["article"]["photos"][0]["image"].startswith("http://testserver/media/photos/")


def test_a_draft_round_trips_through_an_empty_database(draft_article, tmp_path):
    before = export(draft_article.pk, tmp_path, "before.json")
    image = Photo.objects.get().image.name
    empty_database()

    import_file(write(tmp_path, before))

    assert export(before["article"]["id"], tmp_path, "after.json") == before
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert Target.objects.get().article == article
    assert DocumentRelation.objects.get().target.slug_vi == "nghi-quyet-dai-hoi-xix"
    assert Photo.objects.get().image.name == image
    # Rows inserted with the file's ids leave the id sequences ready for new rows.
    assert records.article(slug_vi="khac", slug_en="other").pk > article.pk


def test_existing_records_are_matched_by_natural_key_and_kept_without_replace(
    draft_article, tmp_path
):
    data = export(draft_article.pk, tmp_path)
    empty_database()
    # The same person, entered again: same slug, another id, no positions yet.
    person = Person.objects.create(full_name="Nguyễn Đức Trung", slug="nguyen-duc-trung")
    assert person.pk != data["people"][0]["id"]

    import_file(write(tmp_path, data))

    assert Person.objects.get() == person
    assert Statement.objects.get().speaker == person
    assert person.positions.count() == 0  # kept as it was

    import_file(write(tmp_path, data), replace=True)

    assert list(person.positions.values_list("title_vi", flat=True)) == ["Chủ tịch UBND tỉnh"]
    assert Person.objects.count() == 1


@pytest.mark.usefixtures("seed", "media_root")
def test_a_document_is_matched_by_symbol_issuer_and_date(tmp_path):
    call_command("make_placeholders", verbosity=0)
    data = export(1, tmp_path)
    regulation = Document.objects.get(symbol="11-QĐ/TW")
    Document.objects.filter(pk=regulation.pk).update(slug_vi="quy-dinh-11-da-sua")

    import_file(write(tmp_path, data), replace=True)

    regulation.refresh_from_db()
    assert regulation.slug_vi == "11-qd-tw-quy-dinh-ve-truong-chinh-tri-chuan"
    assert Document.objects.count() == 7


def test_replace_brings_the_article_and_its_records_to_the_file(draft_article, tmp_path):
    data = export(draft_article.pk, tmp_path)
    data["article"]["title"]["en"] = "A corrected English title"
    for copy in (data["people"][0], data["article"]["people"][0]):
        copy["positions"][0]["title"]["en"] = (
            "Chairman of the Nghệ An Provincial People's Committee"
        )
    data["article"]["statements"] = []
    data["editorial"]["status"] = "published"

    with pytest.raises(CommandError, match="use --replace"):
        import_file(write(tmp_path, data))
    import_file(write(tmp_path, data), replace=True)

    draft_article.refresh_from_db()
    assert draft_article.title_en == "A corrected English title"
    assert draft_article.status == Article.Status.PUBLISHED
    assert draft_article.statements.count() == 0
    assert Person.objects.get().positions.get().title_en == (
        "Chairman of the Nghệ An Provincial People's Committee"
    )
    assert draft_article.photos.count() == 1
    # The derived lists aside (a person's statement_ids…), the database now gives the file back.
    assert export(draft_article.pk, tmp_path, "after.json")["article"] == data["article"]


def test_an_unchanged_replace_writes_nothing(draft_article, tmp_path):
    path = write(tmp_path, export(draft_article.pk, tmp_path))
    before = snapshot()

    import_file(path, replace=True)

    assert snapshot() == before


def test_the_file_schemas_have_exactly_the_api_schemas_fields():
    for api_schema in (
        ArticleDetail,
        PersonDetail,
        OrganizationDetail,
        DocumentDetail,
        MeetingDetail,
        TopicOut,
    ):
        assert list(file_schema(api_schema).model_fields) == list(api_schema.model_fields)
