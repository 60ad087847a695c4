"""No lost edits: the second of two concurrent saves is refused and both versions stay visible."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests import builders as records
from tests.admin_form_data import form_data


@pytest.fixture
def article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = records.article()
    records.statement(article, records.person())
    return article


def open_form(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return url, form_data(client.get(url).content.decode())


@pytest.mark.django_db
def test_second_save_over_a_concurrent_change_is_refused_showing_both_versions(
    client, article, django_user_model
):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(records.editor("lan"))
    second.force_login(records.editor("minh"))
    url, first_form = open_form(first, article)
    _, second_form = open_form(second, article)

    first_form["lead_en"] = "First editor's English lead."
    saved = first.post(url, first_form)
    assert saved.status_code == 302

    second_form["lead_en"] = "Second editor's English lead."
    refused = second.post(url, second_form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Chưa lưu: đã có người khác lưu bản ghi này sau khi bạn mở nó" in page
    # Both versions visible: the refused editor's in the form and table, the stored one beside it.
    assert "Second editor&#x27;s English lead." in page
    assert "First editor&#x27;s English lead." in page
    assert "lan" in page  # who saved the stored version
    article.refresh_from_db()
    assert article.lead_en == "First editor's English lead."

    # Saving again from the refused form is a deliberate overwrite, and goes through.
    retry = form_data(page)
    assert retry["lead_en"] == "Second editor's English lead."
    assert second.post(url, retry).status_code == 302
    article.refresh_from_db()
    assert article.lead_en == "Second editor's English lead."


@pytest.mark.django_db
def test_a_change_to_an_inline_row_also_refuses_a_stale_form(client, article):
    client.force_login(records.editor())
    url, stale = open_form(client, article)
    statement = article.statements.get()
    statement.text_en = "Changed elsewhere meanwhile."
    statement.save()

    stale["title_en"] = "A stale title"
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "Chưa lưu" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en != "A stale title"


@pytest.mark.django_db
def test_a_form_without_token_is_refused_not_saved(client, article):
    client.force_login(records.editor())
    url, data = open_form(client, article)
    data.pop("edit_token")
    data["title_en"] = "No token"
    response = client.post(url, data)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title_en != "No token"


@pytest.mark.django_db
def test_an_unchanged_form_saves_normally(client, article):
    client.force_login(records.editor())
    url, data = open_form(client, article)
    data["title_en"] = "A fresh English title"
    assert client.post(url, data).status_code == 302
    assert Article.objects.get(pk=article.pk).title_en == "A fresh English title"
