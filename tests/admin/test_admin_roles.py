"""Roles: editor and translator groups exist without accounts; translators change English only."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.newsroom.roles import EDITOR, TRANSLATOR
from articles.models import Article
from tests import builders as records
from tests.admin_form_data import form_data


@pytest.fixture
def article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = records.article(english=False)
    records.statement(article, records.person(), english=False)
    return article


@pytest.mark.django_db
def test_migrations_create_both_groups_and_no_accounts():
    editor, translator = Group.objects.get(name=EDITOR), Group.objects.get(name=TRANSLATOR)
    assert editor.permissions.filter(codename="edit_original").exists()
    assert editor.permissions.filter(codename="delete_article").exists()
    assert translator.permissions.filter(codename="change_statement").exists()
    assert translator.permissions.filter(codename="review_translation").exists()
    assert not translator.permissions.filter(codename__in=["edit_original", "publish"]).exists()
    assert not translator.permissions.filter(codename__startswith="add_").exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_translator_fills_english_of_article_and_inline_statement(client, article):
    client.force_login(records.translator())
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    assert "title_vi" not in data and "statements-0-text_vi" not in data
    data["title_en"] = "Standing Committee comments on the draft resolution"
    data["statements-0-text_en"] = "If the head is not determined, it is truly difficult"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.title_en == "Standing Committee comments on the draft resolution"
    assert article.statements.get().text_en.startswith("If the head")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title_vi", "Tiêu đề bị sửa"),
        ("statements-0-text_vi", "Lời phát biểu bị sửa"),
        ("statements-0-order", "9"),
        ("status", "published"),
    ],
)
def test_translator_post_changing_a_locked_field_is_refused(client, article, field, value):
    client.force_login(records.translator())
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data["title_en"] = "An English title that must not be saved either"
    data[field] = value
    response = client.post(url, data)
    assert response.status_code == 403
    assert field in response.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_en is None
    assert stored.title_vi == article.title_vi
    assert stored.statements.get().text_vi == records.QUOTE_VI
    assert stored.status == Article.Status.DRAFT


@pytest.mark.django_db
def test_translator_posting_unchanged_vietnamese_values_is_not_refused(client, article):
    client.force_login(records.translator())
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data["title_vi"] = article.title_vi  # same value: nothing to refuse
    data["title_en"] = "English title"
    assert client.post(url, data).status_code == 302


@pytest.mark.django_db
def test_translator_cannot_publish_or_delete(client, article):
    client.force_login(records.translator())
    url = reverse("admin:articles_article_changelist")
    page = client.get(url).content.decode()
    assert 'value="publish"' not in page
    assert 'value="mark_english_reviewed"' in page
    client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
