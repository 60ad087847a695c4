"""The admin and import/export on the seed article: every page answers, the article round-trips."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests import builders as records

pytestmark = pytest.mark.usefixtures("seed")


@pytest.mark.django_db
def test_seed_article_change_page_answers_with_bounded_queries(
    client, media_root, django_assert_max_num_queries
):
    client.force_login(records.editor())
    article = Article.objects.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    with django_assert_max_num_queries(400):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert article.title_vi in page
    assert 'id="blocks-group"' in page and 'id="statements-group"' in page


@pytest.mark.django_db
def test_seed_is_fully_translated_in_the_admin_filter(client):
    client.force_login(records.editor())
    for name in ["article", "statement", "photo", "target", "document"]:
        page = client.get(reverse(f"admin:articles_{name}_changelist")).content.decode()
        assert "Thiếu tiếng Anh (0)" in page, name


@pytest.mark.django_db
def test_seed_article_round_trips_through_export_and_import(media_root, tmp_path):
    call_command("make_placeholders", verbosity=0)
    article = Article.objects.get()
    path = tmp_path / "seed-article.json"
    call_command("export_article", str(article.pk), output=str(path))
    before = json.loads(path.read_text(encoding="utf-8"))
    assert len(before["article"]["statements"]) == 22
    assert len(before["article"]["photos"]) == 9

    Article.objects.all().delete()
    call_command("import_article", str(path))
    call_command("export_article", str(article.pk), output=str(path))
    assert json.loads(path.read_text(encoding="utf-8")) == before
