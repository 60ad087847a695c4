"""import_article / export_article round-trip an article; a bad file is refused, nothing changed."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Photo, Statement, Target
from people.models import Person
from tests import admin_records as records


@pytest.fixture
def full_article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    article = records.article()
    speaker = records.person()
    organization = records.organization()
    speaker.positions.create(
        organization=organization,
        role_vi="Chủ tịch",
        role_en="Chairman",
        title_vi="Chủ tịch UBND tỉnh",
        title_en="Chairman of the Provincial People's Committee",
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
    article.document_links.create(document=document, role="discussed", order=1)
    return article


def export(article_id: int, tmp_path) -> dict:
    path = tmp_path / f"article-{article_id}.json"
    call_command("export_article", str(article_id), output=str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def write(tmp_path, data, name="import.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Statement, Photo, Target, Person)
    }


@pytest.mark.django_db
def test_export_is_in_the_api_shape(full_article, tmp_path):
    data = export(full_article.pk, tmp_path)
    article = data["article"]
    assert article["title"] == {"vi": full_article.title_vi, "en": full_article.title_en}
    assert article["statements"][0]["text"]["vi"] == records.QUOTE_VI
    speaker_id = article["statements"][0]["speaker"]
    assert [p["full_name"] for p in data["people"] if p["id"] == speaker_id] == ["Nguyễn Đức Trung"]
    assert article["photos"][0]["people_shown"] == [speaker_id]
    assert article["targets"][0]["deadline_year"] == 2025
    assert [b["kind"] for b in article["blocks"]] == ["paragraph", "photo"]


@pytest.mark.django_db
def test_round_trip_recreates_the_article_identically(full_article, tmp_path):
    before = export(full_article.pk, tmp_path)
    image = full_article.photos.get().image.name
    # Remove the article and everything it brought, keep the image file.
    Article.objects.all().delete()
    for model in (Target, Person):
        model.objects.all().delete()
    from articles.models import Document, Topic
    from people.models import Organization

    Document.objects.all().delete()
    Topic.objects.all().delete()
    Organization.objects.all().delete()

    call_command("import_article", write(tmp_path, before))
    after = export(before["article"]["id"], tmp_path)
    assert after == before
    assert Photo.objects.get().image.name == image
    # New rows after an import with explicit ids still get fresh ids (sequences moved on).
    assert records.article(slug_vi="khac", slug_en="other").pk > before["article"]["id"]


@pytest.mark.django_db
def test_replace_updates_an_existing_article(full_article, tmp_path):
    data = export(full_article.pk, tmp_path)
    data["article"]["title"]["en"] = "A corrected English title"
    with pytest.raises(CommandError, match="use --replace"):
        call_command("import_article", write(tmp_path, data))
    call_command("import_article", write(tmp_path, data), replace=True)
    full_article.refresh_from_db()
    assert full_article.title_en == "A corrected English title"
    assert full_article.statements.count() == 1
    assert full_article.photos.count() == 1


def _break(data, how):
    article = data["article"]
    if how == "unknown speaker":
        article["statements"][0]["speaker"] = 999999
    elif how == "missing title":
        del article["title"]
    elif how == "bad date":
        article["published_at"] = "28/05/2022"
    elif how == "bad kind":
        article["statements"][0]["kind"] = "rumour"
    elif how == "missing image":
        article["photos"][0]["image"] = "photos/none.png"
    elif how == "duplicate block order":
        article["blocks"][1]["order"] = article["blocks"][0]["order"]
    elif how == "NUL byte":
        article["lead"]["en"] = "bad\x00lead"
    elif how == "wrong format":
        data["format"] = "something else"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("unknown speaker", "statements[0].speaker: people id 999999"),
        ("missing title", "file.article.title: missing"),
        ("bad date", "published_at"),
        ("bad kind", "kind"),
        ("missing image", "photos[0].image: no file"),
        ("duplicate block order", "blocks"),
        ("NUL byte", "NUL"),
        ("wrong format", "not an article export"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_changes_nothing(
    full_article, tmp_path, how, message
):
    data = export(full_article.pk, tmp_path)
    Article.objects.all().delete()  # so the import would otherwise create everything again
    Person.objects.all().delete()
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_article", write(tmp_path, _break(data, how)))
    assert "refused, nothing imported" in str(refused.value)
    assert message in str(refused.value)
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[]", "expected an object"), ("", "not valid JSON")],
)
def test_a_file_that_is_not_an_export_is_refused(full_article, tmp_path, content, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_article", write(tmp_path, content))
    assert counts() == before


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="cannot read it"):
        call_command("import_article", str(tmp_path / "absent.json"))
