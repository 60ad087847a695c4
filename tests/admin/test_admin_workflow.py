"""Translation status, publishing and scheduling, preview, history restore, photo uploads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.newsroom import translation_state
from articles.models import Article, Photo, Statement
from tests import builders as records
from tests.admin_form_data import form_data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor_client(client, media):
    client.force_login(records.editor())
    return client


# --- translation status ---


@pytest.mark.django_db
def test_missing_english_filter_lists_untranslated_records_with_counts(editor_client):
    article = records.article()
    speaker = records.person()
    translated = records.statement(article, speaker)
    untranslated = records.statement(article, speaker, english=False)
    url = reverse("admin:articles_statement_changelist")

    page = editor_client.get(url).content.decode()
    assert "Thiếu tiếng Anh (1)" in page
    listed = editor_client.get(url, {"translation": "missing"}).context["cl"].result_list
    assert list(listed) == [untranslated]
    complete = editor_client.get(url, {"translation": "complete"}).context["cl"].result_list
    assert list(complete) == [translated]


@pytest.mark.django_db
def test_english_is_marked_out_of_date_when_vietnamese_changes_until_reviewed(editor_client):
    article = records.article()
    url = reverse("admin:articles_article_changelist")
    assert "Tiếng Anh đã cũ (0)" in editor_client.get(url).content.decode()

    article.lead_vi = article.lead_vi + " Bổ sung."
    article.save()
    page = editor_client.get(url).content.decode()
    assert "Tiếng Anh đã cũ (1)" in page
    assert "đã cũ" in page
    assert translation_state.status_of(article)["out_of_date"]

    # Editing the English brings it up to date again.
    article.lead_en = article.lead_en + " Added."
    article.save()
    assert not translation_state.status_of(article)["out_of_date"]

    # So does a translator's review, without touching the English.
    article.title_vi = article.title_vi + "!"
    article.save()
    assert translation_state.status_of(article)["out_of_date"]
    translator = records.translator()
    editor_client.force_login(translator)
    editor_client.post(url, {"action": "mark_english_reviewed", "_selected_action": [article.pk]})
    status = translation_state.status_of(article)
    assert not status["out_of_date"]
    assert status["record"].en_reviewed_by == translator


@pytest.mark.django_db
def test_completeness_column_counts_filled_english_fields(editor_client):
    records.article(english=False)
    page = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    # title, slug, lead and source name have Vietnamese; none has English.
    assert "0/4 thiếu" in page


# --- workflow ---


@pytest.mark.django_db
def test_publish_action_puts_article_live_and_unpublish_takes_it_off(editor_client):
    article = records.article()
    url = reverse("admin:articles_article_changelist")
    assert not Article.objects.published().exists()
    editor_client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    assert list(Article.objects.published()) == [article]
    editor_client.post(url, {"action": "unpublish", "_selected_action": [article.pk]})
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_publishing_with_a_future_time_schedules_the_article(editor_client):
    later = timezone.now() + timedelta(days=2)
    article = records.article(published_at=later)
    url = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "1 bài hẹn giờ đăng sau" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert not Article.objects.published().exists()
    scheduled = editor_client.get(url, {"public": "scheduled"}).context["cl"].result_list
    assert list(scheduled) == [article]
    # Once its time has come, it is public without anyone touching it.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert list(Article.objects.published()) == [article]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_staff_preview_shows_a_draft_in_each_language(editor_client, language):
    article = records.article()
    records.statement(article, records.person())
    url = reverse("admin:articles_article_preview", args=[article.pk, language])
    page = editor_client.get(url).content.decode()
    assert ("chưa công khai" if language == "vi" else "not public") in page
    assert f'<article lang="{language}">' in page
    title = article.title_vi if language == "vi" else article.title_en
    assert title in page
    quote = records.QUOTE_VI if language == "vi" else "If the head is not determined"
    assert quote in page


@pytest.mark.django_db
def test_preview_is_staff_only(client, media):
    article = records.article()
    url = reverse("admin:articles_article_preview", args=[article.pk, "vi"])
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    bad = reverse("admin:articles_article_preview", args=[article.pk, "fr"])
    client.force_login(records.editor())
    assert client.get(bad).status_code == 404


@pytest.mark.django_db
def test_view_on_site_goes_to_preview_for_drafts(editor_client):
    article = records.article()
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    preview = reverse("admin:articles_article_preview", args=[article.pk, "vi"])
    assert f'href="{preview}" class="viewsitelink"' in change.content.decode()


# --- history ---


@pytest.mark.django_db
def test_history_shows_previous_values_and_restores_them(editor_client):
    article = records.article()
    original_lead = article.lead_en
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url).content.decode())
    data["lead_en"] = "A mistaken English lead."
    assert editor_client.post(url, data).status_code == 302

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    page = history.content.decode()
    assert "A mistaken English lead." in page
    assert original_lead.replace("'", "&#x27;") in page
    assert "editor" in page  # who made the change

    first_version = article.history.order_by("history_date").first()
    revert_url = reverse(
        "admin:articles_article_simple_history", args=[article.pk, first_version.history_id]
    )
    revert_form = form_data(editor_client.get(revert_url).content.decode())
    assert revert_form["lead_en"] == original_lead
    assert editor_client.post(revert_url, revert_form).status_code == 302
    article.refresh_from_db()
    assert article.lead_en == original_lead


@pytest.mark.django_db
def test_inline_rows_have_their_own_history(editor_client):
    article = records.article()
    statement = records.statement(article, records.person())
    statement.text_en = "Corrected translation."
    statement.save()
    assert [record.text_en for record in statement.history.order_by("history_date")] == [
        "If the head is not determined and does not really take part in directing it, "
        "it is truly difficult",
        "Corrected translation.",
    ]
    assert Statement.history.filter(id=statement.pk).count() == 2


# --- photo uploads ---


def _photo_add(client, upload):
    article = records.article()
    url = reverse("admin:articles_photo_add")
    data = {
        "article": article.pk,
        "order": 1,
        "caption_vi": "Toàn cảnh phiên họp",
        "alt_text_vi": "Ảnh thay thế",
        "credit": "Thành Duy",
        "image": upload,
    }
    return client.post(url, data)


@pytest.mark.django_db
def test_a_valid_photo_upload_is_saved_and_thumbnailed(editor_client):
    response = _photo_add(editor_client, records.png_upload())
    assert response.status_code == 302
    photo = Photo.objects.get()
    listing = editor_client.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert f'src="{photo.image.url}"' in listing
    assert 'class="admin-thumb"' in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        # Django's own image check answers these first (its message is translated).
        (b"GIF89a not really", None),
        (b"\x00" * 2048, None),
        (b"", None),
        ("small", "mỗi cạnh phải từ"),
        ("gif", "Không nhận ảnh định dạng GIF"),
    ],
)
def test_a_broken_or_unacceptable_upload_is_a_form_error(editor_client, upload, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if upload == "small":
        upload = records.png_bytes(width=40, height=40)
    elif upload == "gif":
        upload = records.png_bytes(image_format="GIF")
    response = _photo_add(editor_client, SimpleUploadedFile("photo.png", upload))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert errors
    if message:
        assert message in errors[0]
        assert message in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_a_form_error(editor_client, monkeypatch):
    from archive.lib import images

    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    response = _photo_add(editor_client, records.png_upload(width=800, height=800))
    assert response.status_code == 200
    assert "ảnh chỉ được tối đa" in response.content.decode()
    assert not Photo.objects.exists()
