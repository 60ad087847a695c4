"""Every admin list, add and change page answers; translators see originals read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import builders as records

NEWSROOM_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in {"articles", "people"}
]


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = records.article()
    speaker = records.person()
    document = records.document()
    pillar = records.pillar()
    return {
        "article": article,
        "statement": records.statement(article, speaker),
        "photo": records.photo(article),
        "target": records.target(article, document, pillar),
        "organization": records.organization(),
    }


def test_every_article_and_people_model_has_an_admin():
    registered = {model.__name__ for model in NEWSROOM_MODELS}
    assert {
        "Article",
        "Statement",
        "Photo",
        "Target",
        "Document",
        "Meeting",
        "Topic",
        "BodyBlock",
        "AgendaItem",
        "Person",
        "Organization",
        "Position",
    } <= registered


@pytest.mark.django_db
@pytest.mark.parametrize("model", NEWSROOM_MODELS, ids=lambda model: model.__name__)
def test_changelist_and_add_pages_answer_200_for_an_editor(
    client, seeded, model, django_assert_max_num_queries
):
    client.force_login(records.editor())
    opts = model._meta
    with django_assert_max_num_queries(40):
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == 200
    search = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "nghe an\x00"}
    )
    assert search.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["article", "statement", "photo", "target", "organization"])
def test_change_and_history_pages_answer_200(client, seeded, name):
    client.force_login(records.editor())
    obj = seeded[name]
    opts = obj._meta
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert b'name="edit_token"' in change.content
    history = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    )
    assert history.status_code == 200


@pytest.mark.django_db
def test_tabbed_admin_loads_vendored_jquery_ui_and_no_cdn(client, seeded):
    client.force_login(records.editor())
    page = client.get(reverse("admin:articles_article_change", args=[seeded["article"].pk]))
    html = page.content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "//ajax.googleapis.com" not in html
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    # Vietnamese first: its column comes before the English one in the form.
    assert html.index('name="title_vi"') < html.index('name="title_en"')


@pytest.mark.django_db
def test_translator_sees_lists_but_cannot_add(client, seeded):
    client.force_login(records.translator())
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    change = client.get(reverse("admin:articles_article_change", args=[seeded["article"].pk]))
    assert change.status_code == 200
    assert b'name="title_en"' in change.content
    assert b'name="title_vi"' not in change.content  # shown read-only


@pytest.mark.django_db
def test_admin_search_finds_both_languages_with_or_without_diacritics(client, seeded):
    client.force_login(records.editor())
    url = reverse("admin:articles_article_changelist")
    title = seeded["article"].title_vi
    for query in ["chuyển đổi số", "chuyen doi so", "CHUYEN DOI", "digital transformation"]:
        response = client.get(url, {"q": query})
        assert title in response.content.decode(), query
    assert title not in client.get(url, {"q": "không có trong bài"}).content.decode()
