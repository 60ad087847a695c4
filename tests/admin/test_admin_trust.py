"""Trust in the admin (issue 13), tested the way a server runs it.

- Every admin view that saves (add, change with inline rows, delete, restore a version) works
  outside a test's transaction, as under gunicorn, and a restore really brings the old values back.
- Translators cannot restore versions: a restore rewrites the whole stored row, Vietnamese and
  publication included. Forged POSTs to the restore URL change nothing.
- Translators' pages for a person and for a history version answer, read-only where they must.
- Ids that cannot be a record's in preview and history URLs are a 404 (or the admin's own
  redirect), never a server error.
- Portraits are checked like photos (archive/lib/images.py): content, type, name, size, dimensions.
"""

import io
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from simple_history.admin import SimpleHistoryAdmin

from archive.lib import images
from articles.models import Article, Photo
from people.models import Person, Position
from tests import builders as records
from tests.admin_form_data import form_data

# Every request of a server runs outside any transaction a test could open around it.
as_a_server = pytest.mark.django_db(transaction=True)

HISTORY_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, SimpleHistoryAdmin)
]


def admin_url(model_or_record, view: str, *args) -> str:
    opts = model_or_record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def open_form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:2000]
    return form_data(response.content.decode())


def saved(response) -> None:
    """The admin answered a save with its redirect, not with a form of errors."""
    assert response.status_code == 302, response.content.decode()[:3000]


def first_version(record):
    return record.history.order_by("history_date", "history_id").first()


@pytest.fixture
def editor(client):
    client.force_login(records.editor())
    return client


@pytest.fixture
def translator(client):
    client.force_login(records.translator())
    return client


@pytest.fixture
def reported(media_root) -> Article:
    """A draft article with one statement, English filled (tests/builders.py)."""
    article = records.article()
    records.statement(article, records.person())
    return article


@pytest.fixture
def positioned(media_root) -> Person:
    """A person holding one position."""
    person = records.person()
    records.make_position(person, records.organization())
    return person


# --- 1. every admin view that saves, as a server runs it ---

NEW_TITLE_VI = "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 9"
NEW_SLUG_VI = "hoi-nghi-ban-chap-hanh-dang-bo-tinh-lan-thu-9"
QUOTE_EN = "If the head is not determined, it is truly difficult."


@as_a_server
def test_an_editor_adds_an_article_with_a_body_block(editor, media_root):
    url = admin_url(Article, "add")
    data = open_form(editor, url)
    data |= {
        "title_vi": NEW_TITLE_VI,
        "slug_vi": NEW_SLUG_VI,
        "lead_vi": "Sáng 28/5, Ban Thường vụ Tỉnh ủy đã cho ý kiến.",
        "byline": "Thành Duy",
        "published_at_0": "2022-05-28",
        "published_at_1": "12:29",
        "source_name_vi": "Báo Nghệ An",
        "status": Article.Status.DRAFT,
        "blocks-TOTAL_FORMS": "1",
        "blocks-0-order": "1",
        "blocks-0-kind": "paragraph",
        "blocks-0-text_vi": records.QUOTE_VI,
    }
    saved(editor.post(url, data))
    article = Article.objects.get(slug_vi=NEW_SLUG_VI)
    assert article.title_vi == NEW_TITLE_VI
    assert article.blocks.get().text_vi == records.QUOTE_VI
    assert article.history.get().history_type == "+"


@as_a_server
def test_an_editor_changes_an_article_and_its_inline_rows(editor, reported):
    url = admin_url(reported, "change", reported.pk)
    data = open_form(editor, url)
    data["title_vi"] = NEW_TITLE_VI
    data["lead_en"] = "The Standing Committee gave its comments."
    data["statements-0-text_en"] = QUOTE_EN
    data |= {
        "blocks-TOTAL_FORMS": "1",
        "blocks-0-order": "1",
        "blocks-0-kind": "paragraph",
        "blocks-0-text_vi": records.QUOTE_VI,
    }
    saved(editor.post(url, data))
    stored = Article.objects.get(pk=reported.pk)
    assert stored.title_vi == NEW_TITLE_VI
    assert stored.lead_en == "The Standing Committee gave its comments."
    assert stored.statements.get().text_en == QUOTE_EN
    assert stored.blocks.get().text_vi == records.QUOTE_VI


@as_a_server
def test_an_editor_deletes_an_article_with_its_statements(editor, reported):
    response = editor.post(admin_url(reported, "delete", reported.pk), {"post": "yes"})
    saved(response)
    assert not Article.objects.filter(pk=reported.pk).exists()
    assert not reported.statements.exists()


@as_a_server
def test_an_editor_restores_an_article_version(editor, reported):
    original = Article.objects.get(pk=reported.pk)
    url = admin_url(reported, "change", reported.pk)
    data = open_form(editor, url)
    data["title_vi"] = NEW_TITLE_VI
    data["lead_en"] = "A mistaken English lead."
    data["status"] = Article.Status.PUBLISHED
    saved(editor.post(url, data))
    assert Article.objects.published().filter(pk=reported.pk).exists()

    revert_url = admin_url(reported, "simple_history", reported.pk, first_version(reported).pk)
    revert_form = open_form(editor, revert_url)
    assert 'name="_save"' in editor.get(revert_url).content.decode()  # the Revert button
    saved(editor.post(revert_url, revert_form))

    restored = Article.objects.get(pk=reported.pk)
    assert restored.title_vi == original.title_vi
    assert restored.lead_en == original.lead_en
    assert restored.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=reported.pk).exists()
    latest = restored.history.order_by("-history_date").first()
    assert latest.history_user.username == "editor"
    assert latest.title_vi == original.title_vi


@as_a_server
def test_an_editor_adds_a_person_with_a_position(editor, media_root):
    organization = records.organization()
    url = admin_url(Person, "add")
    data = open_form(editor, url)
    data |= {
        "full_name": "Thái Thanh Quý",
        "slug": "thai-thanh-quy",
        "aliases": "Thái Thanh Quí",
        "positions-TOTAL_FORMS": "1",
        "positions-0-order": "1",
        "positions-0-organization": str(organization.pk),
        "positions-0-role_vi": "Bí thư",
        "positions-0-title_vi": "Bí thư Tỉnh ủy Nghệ An",
    }
    saved(editor.post(url, data))
    person = Person.objects.get(slug="thai-thanh-quy")
    assert person.aliases == ["Thái Thanh Quí"]
    assert person.positions.get().title_vi == "Bí thư Tỉnh ủy Nghệ An"


@as_a_server
def test_an_editor_changes_a_person_and_a_position(editor, positioned):
    url = admin_url(positioned, "change", positioned.pk)
    data = open_form(editor, url)
    data["aliases"] = "Nguyễn Đức Chung"
    data["positions-0-title_en"] = "Chairman of the Provincial People's Committee"
    saved(editor.post(url, data))
    positioned.refresh_from_db()
    assert positioned.aliases == ["Nguyễn Đức Chung"]
    assert positioned.positions.get().title_en == "Chairman of the Provincial People's Committee"


@as_a_server
def test_an_editor_deletes_a_person_with_positions(editor, positioned):
    saved(editor.post(admin_url(positioned, "delete", positioned.pk), {"post": "yes"}))
    assert not Person.objects.filter(pk=positioned.pk).exists()
    assert not Position.objects.exists()


@as_a_server
def test_an_editor_restores_a_person_version(editor, positioned):
    url = admin_url(positioned, "change", positioned.pk)
    data = open_form(editor, url)
    data["full_name"] = "Nguyễn Đức Chung"  # a misspelling, restored below
    saved(editor.post(url, data))
    assert Person.objects.get(pk=positioned.pk).full_name == "Nguyễn Đức Chung"

    version = first_version(positioned)
    revert_url = admin_url(positioned, "simple_history", positioned.pk, version.pk)
    saved(editor.post(revert_url, open_form(editor, revert_url)))
    restored = Person.objects.get(pk=positioned.pk)
    assert restored.full_name == "Nguyễn Đức Trung"
    assert restored.positions.count() == 1


@as_a_server
def test_an_editor_publishes_from_the_list(editor, reported):
    url = admin_url(Article, "changelist")
    response = editor.post(url, {"action": "publish", "_selected_action": [reported.pk]})
    saved(response)
    assert Article.objects.published().filter(pk=reported.pk).exists()


# --- 2. translators cannot restore versions ---

CORRECTED_TITLE_VI = (
    "Ban Thường vụ Tỉnh ủy cho ý kiến về dự thảo Nghị quyết chuyển đổi số (đính chính)"
)


@pytest.fixture
def withdrawn(media_root) -> Article:
    """Published once; then withdrawn to draft by an editor with a corrected Vietnamese title.
    Its first version is public with the old title: restoring it would publish it again."""
    article = records.article(status=Article.Status.PUBLISHED)
    article.status = Article.Status.DRAFT
    article.title_vi = CORRECTED_TITLE_VI
    article.save()
    return article


def _assert_untouched(article: Article, versions: int) -> None:
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_vi == CORRECTED_TITLE_VI
    assert stored.lead_vi == article.lead_vi
    assert stored.title_en == article.title_en
    assert stored.status == Article.Status.DRAFT
    assert stored.published_at == article.published_at
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert stored.history.count() == versions


@as_a_server
@pytest.mark.parametrize("forged", ["english only", "the editor's form", "vietnamese and status"])
def test_a_translator_cannot_restore_a_version_by_a_forged_post(client, withdrawn, forged):
    versions = withdrawn.history.count()
    revert_url = admin_url(withdrawn, "simple_history", withdrawn.pk, first_version(withdrawn).pk)
    client.force_login(records.editor())
    editors_form = open_form(client, revert_url)

    client.force_login(records.translator())
    token = open_form(client, admin_url(withdrawn, "change", withdrawn.pk))["edit_token"]
    data = {"edit_token": token, "title_en": "An English title from a translator", "_save": "1"}
    if forged == "the editor's form":
        data = editors_form
    elif forged == "vietnamese and status":
        data |= {
            "title_vi": first_version(withdrawn).title_vi,
            "status": Article.Status.PUBLISHED,
        }
    response = client.post(revert_url, data)
    assert response.status_code == 403
    assert response.context["reason"]  # a page saying why, not a bare error
    _assert_untouched(withdrawn, versions)


@pytest.mark.django_db
def test_a_translator_sees_no_restore_button(translator, withdrawn):
    history = translator.get(admin_url(withdrawn, "history", withdrawn.pk))
    assert history.status_code == 200
    version = translator.get(
        admin_url(withdrawn, "simple_history", withdrawn.pk, first_version(withdrawn).pk)
    )
    assert version.status_code == 200
    page = version.content.decode()
    assert 'name="_save"' not in page
    assert version.context["revert_disabled"]


@pytest.fixture
def every_record(media_root) -> None:
    """At least one record of every model with history (tests/builders.py)."""
    records.make_reported_article(size=1)


@pytest.mark.django_db  # the refusal comes before any transaction or save
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model.__name__)
def test_a_translator_reads_every_kind_of_record_but_restores_none(client, every_record, model):
    record = model._base_manager.order_by("pk").first()
    versions = record.history.count()
    version_url = admin_url(model, "simple_history", record.pk, first_version(record).pk)
    client.force_login(records.editor())
    editors_form = open_form(client, version_url)

    client.force_login(records.translator())
    assert client.get(admin_url(model, "change", record.pk)).status_code == 200
    assert client.get(admin_url(model, "history", record.pk)).status_code == 200
    page = client.get(version_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(version_url, editors_form).status_code == 403
    assert record.history.count() == versions  # a restore would have added a version


# --- 3. translators' pages for a person and for history versions ---


@pytest.mark.django_db
def test_a_translator_opens_a_person_with_english_fields_of_positions_to_fill(
    translator, positioned
):
    response = translator.get(admin_url(positioned, "change", positioned.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Đức Trung" in page
    assert 'name="full_name"' not in page and 'name="slug"' not in page  # shown read-only
    assert 'name="positions-0-title_en"' in page
    assert 'name="positions-0-title_vi"' not in page


@as_a_server
def test_a_translator_translates_a_persons_position(translator, positioned):
    url = admin_url(positioned, "change", positioned.pk)
    data = open_form(translator, url)
    data["positions-0-title_en"] = "Member of the Nghệ An Provincial People's Committee"
    saved(translator.post(url, data))
    position = Position.objects.get(person=positioned)
    assert position.title_en == "Member of the Nghệ An Provincial People's Committee"
    assert Person.objects.get(pk=positioned.pk).full_name == "Nguyễn Đức Trung"


@pytest.mark.django_db
def test_a_translator_reads_an_old_version_of_a_person(translator, positioned):
    Person.objects.filter(pk=positioned.pk).update(full_name="Nguyễn Đức Chung")
    version = first_version(positioned)
    response = translator.get(admin_url(positioned, "simple_history", positioned.pk, version.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Đức Trung" in page  # the old value, read-only
    assert 'name="full_name"' not in page
    assert 'name="_save"' not in page


@pytest.mark.django_db
def test_a_translator_reads_an_old_english_version_of_an_article(translator, reported):
    old_title_en = reported.title_en
    reported.title_en = "A later English title"
    reported.save()
    version = first_version(reported)
    response = translator.get(admin_url(reported, "simple_history", reported.pk, version.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert old_title_en in page  # what a translator comes for: the earlier English
    assert reported.title_vi in page
    assert 'name="title_en"' not in page and 'name="title_vi"' not in page  # read-only
    assert 'name="_save"' not in page


# --- 4. ids that cannot be a record's ---

NOT_IDS = ["abc", "1.5", "99999999999999999999", "-"]


def _not_a_server_error(response) -> None:
    """Followed to its end: a 404, or the admin's own redirect to one of its pages."""
    assert response.status_code in {200, 404}, (response.status_code, response.request)
    assert all(url.startswith("/admin/") for url, _ in response.redirect_chain)


def test_models_with_history_include_articles_and_people():
    assert {Article, Person, Position, Photo} <= set(HISTORY_MODELS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model.__name__)
def test_history_urls_with_ids_that_cannot_be_a_record_are_not_found(client, model):
    client.force_login(records.editor())
    base = admin_url(model, "changelist")
    paths = [
        f"{base}{not_id}/history/{version}/"
        for not_id in [*NOT_IDS, "999999"]
        for version in ["xyz", "1", "99999999999999999999"]
    ] + [f"{base}{not_id}/history/" for not_id in NOT_IDS]
    for path in paths:
        _not_a_server_error(client.get(path, follow=True))
        _not_a_server_error(client.post(path, {"_save": "1"}, follow=True))


@pytest.mark.django_db
def test_history_urls_of_a_real_record_with_a_bad_version_are_not_found(editor, reported):
    base = admin_url(reported, "history", reported.pk)
    for version in ["xyz", "1.5", "99999999999999999999", "999999"]:
        _not_a_server_error(editor.get(f"{base}{version}/", follow=True))
        _not_a_server_error(editor.post(f"{base}{version}/", {"_save": "1"}, follow=True))


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["editor", "translator"])
def test_preview_urls_with_ids_that_cannot_be_an_article_are_not_found(client, user):
    client.force_login(records.editor() if user == "editor" else records.translator())
    base = admin_url(Article, "changelist")
    for not_id in [*NOT_IDS, "999999"]:
        _not_a_server_error(client.get(f"{base}{not_id}/preview/", follow=True))
        for language in ["vi", "en", "xx"]:
            _not_a_server_error(client.get(f"{base}{not_id}/preview/{language}/", follow=True))


# --- 5. portraits are checked like photos ---


def _pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 90, 140)).save(buffer, format="PDF")
    return buffer.getvalue()


def _add_person_with_portrait(client, upload):
    url = admin_url(Person, "add")
    data = open_form(client, url)
    data |= {"full_name": "Hoàng Nghĩa Hiếu", "slug": "hoang-nghia-hieu", "portrait": upload}
    return client.post(url, data)


def _stored_files(media_root: Path) -> list[Path]:
    return [path for path in Path(media_root).rglob("*") if path.is_file()]


BAD_PORTRAITS = {
    "a PDF": ("portrait.pdf", _pdf_bytes(), "application/pdf"),
    "an image named .pdf": ("portrait.pdf", records.png_bytes(), "application/pdf"),
    "a renamed text file": ("portrait.jpg", b"Not a picture.\n" * 100, "image/jpeg"),
    "an oversized file": (
        "portrait.png",
        records.png_bytes() + b"\0" * images.MAX_BYTES,  # a valid PNG, padded past the limit
        "image/png",
    ),
    "a tiny image": ("portrait.png", records.png_bytes(width=40, height=40), "image/png"),
    "a GIF": ("portrait.gif", records.png_bytes(image_format="GIF"), "image/gif"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_PORTRAITS, ids=str)
def test_an_unacceptable_portrait_is_a_form_error_and_nothing_is_stored(editor, media_root, case):
    name, content, content_type = BAD_PORTRAITS[case]
    response = _add_person_with_portrait(editor, SimpleUploadedFile(name, content, content_type))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["portrait"]
    assert escape(errors["portrait"][0]) in response.content.decode()
    assert not Person.objects.exists()
    assert _stored_files(media_root) == []


@as_a_server
@pytest.mark.parametrize(("image_format", "name"), [("JPEG", "portrait.jpg"), ("PNG", "p.png")])
def test_a_good_portrait_is_stored(editor, media_root, image_format, name):
    upload = SimpleUploadedFile(name, records.png_bytes(image_format=image_format))
    saved(_add_person_with_portrait(editor, upload))
    portrait = Person.objects.get().portrait
    assert portrait.name.startswith("portraits/") and portrait.name.endswith(Path(name).suffix)
    with Image.open(portrait.path) as stored:
        assert stored.format == image_format


@pytest.mark.django_db
def test_a_photo_named_pdf_is_a_form_error(editor, media_root):
    article = records.article()
    url = admin_url(Photo, "add")
    data = open_form(editor, url)
    data |= {
        "article": article.pk,
        "order": 1,
        "caption_vi": "Toàn cảnh phiên họp",
        "alt_text_vi": "Ảnh thay thế",
        "credit": "Thành Duy",
        "image": SimpleUploadedFile("photo.pdf", records.png_bytes(), "application/pdf"),
    }
    response = editor.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]
    assert not Photo.objects.exists()
    assert _stored_files(media_root) == []
