"""No stored text holds a control character, a noncharacter or a lone surrogate.

Word pastes a vertical tab (U+000B) for a line break; one in an English title took /en/rss.xml
down (XML 1.0 cannot carry it). Every text field of every record, in both languages, is cleaned
where it is saved (archive/lib/text.py): by the models, so by the admin's forms too, and by
import_article, which cleans the file the same way.
"""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import translation

from archive.lib import text
from archive.lib.text import NormalizedTextModel
from articles.interchange import import_article
from articles.models import Article, Statement
from articles.search import SearchEntry
from people.models import Person
from tests import builders as records
from tests.admin_form_data import form_data
from tests.interchange_support import empty_database, export, import_file, write

# Every kind of character the rule removes, with text around it. A file can hold all but a NUL
# (refused) and lone surrogates (not JSON); those reach the ORM, and PostgreSQL refuses both.
IN_A_FILE = "Nghệ An\x0bngày 28/5\x01\x1b\x7f\x80\x9f\ufffe\uffff\ufdd0\U0010ffff họp"
DIRTY = f"{IN_A_FILE}\x00\ud800"
CLEAN = "Nghệ An ngày 28/5 họp"


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Ban Thường vụ\x0bTỉnh ủy", "Ban Thường vụ Tỉnh ủy"),  # Word's line break
        ("page\x0cbreak, NEL\x85and\x1fseparators", "page break, NEL and separators"),
        ("a\x00b\x01c\x08d\x0ee\x1bf\x7fg\x80h\x84i\x86j\x9fk", "abcdefghijk"),
        ("a\ufffeb\uffffc\ufdd0d\ufdefe\U0001fffef\U0010ffffg", "abcdefg"),  # noncharacters
        ("a\ud800b\udfffc", "abc"),  # lone surrogates
        ("Quy\u0301 Nghe\u0323\u0302 An", "Quý Nghệ An"),  # NFC
        ("tab\tline\ncarriage\r\n kept", "tab\tline\ncarriage\r\n kept"),
        ("emoji 😀, ‘quotes’, a\u00a0non-breaking space, ZWJ 👩\u200d💻", None),
    ],
)
def test_clean_text_removes_what_xml_and_postgresql_refuse_and_keeps_text(raw, cleaned):
    assert text.clean_text(raw) == (raw if cleaned is None else cleaned)
    assert text.clean_text(text.clean_text(raw)) == text.clean_text(raw)


def text_fields(model: type[models.Model]) -> list[str]:
    kinds = (models.CharField, models.TextField)
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, kinds) or (isinstance(f, ArrayField) and isinstance(f.base_field, kinds))
    ]


def test_every_model_that_stores_text_cleans_it_on_save():
    holding_text = [
        model
        for label in ("articles", "people", "newsroom")
        for model in apps.get_app_config(label).get_models()
        # The search index and the change history are copies of saved records.
        if model is not SearchEntry and not model.__name__.startswith("Historical")
        if text_fields(model)
    ]
    assert Article in holding_text and Person in holding_text
    assert [m.__name__ for m in holding_text if not issubclass(m, NormalizedTextModel)] == []


@pytest.mark.django_db
def test_saving_cleans_every_text_field_in_both_languages_and_array_items():
    article = records.article(title_vi=f"Tiêu đề {DIRTY}", title_en=f"Title {DIRTY}")
    article.lead_en = f"Lead {DIRTY}"
    article.save()
    person = Person.objects.create(
        full_name="Thái\x0bThanh Quý\x00\ud800", slug="thai-thanh-quy", aliases=[DIRTY]
    )
    statement = records.statement(article, person)
    statement.text_vi = DIRTY
    statement.save(update_fields=["text_vi"])

    assert Article.objects.filter(pk=article.pk).values_list(
        "title_vi", "title_en", "lead_en"
    ).get() == (f"Tiêu đề {CLEAN}", f"Title {CLEAN}", f"Lead {CLEAN}")
    assert Person.objects.filter(pk=person.pk).values_list("full_name", "aliases").get() == (
        "Thái Thanh Quý",
        [CLEAN],
    )
    assert Statement.objects.get(pk=statement.pk).text_vi == CLEAN


@pytest.mark.django_db
def test_saving_in_english_leaves_a_missing_english_translation_missing():
    """Cleaning reads each column itself: through modeltranslation's `title` it would get the
    Vietnamese fallback and write it into the empty English column."""
    article = records.article(english=False)
    with translation.override("en"):
        article.byline = "Thành Duy"
        article.save()
    assert Article.objects.filter(pk=article.pk).values_list("title_en", "lead_en").get() == (
        None,
        None,
    )


@pytest.fixture
def editor_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(records.editor())
    return client


@pytest.mark.django_db(transaction=True)
def test_text_pasted_into_the_admin_is_stored_clean_and_the_feeds_keep_working(editor_client):
    article = records.article(status=Article.Status.PUBLISHED)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url).content.decode())
    data["title_en"] = "Standing Committee\x0bcomments on the draft\ufffe resolution"
    data["lead_vi"] = "Sáng 28/5,\x0btại phiên họp\x85thường kỳ\x01 tháng 5."
    assert editor_client.post(url, data).status_code == 302

    article.refresh_from_db()
    assert article.title_en == "Standing Committee comments on the draft resolution"
    assert article.lead_vi == "Sáng 28/5, tại phiên họp thường kỳ tháng 5."
    for feed in ("/en/rss.xml", "/en/atom.xml", "/rss.xml", "/atom.xml"):
        response = editor_client.get(feed)
        assert response.status_code == 200, feed
        titles = [e.text for e in ET.fromstring(response.content).iter() if e.tag.endswith("title")]
        assert article.title_en in titles or feed in ("/rss.xml", "/atom.xml"), feed


@pytest.mark.django_db(transaction=True)
def test_aliases_typed_into_the_admin_are_stored_clean(editor_client):
    person = records.person()
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(editor_client.get(url).content.decode())
    data["aliases"] = "Nguyễn\x0bĐức Trung,Nguyen Duc\ufffe Trung"
    assert editor_client.post(url, data).status_code == 302

    person.refresh_from_db()
    assert person.aliases == ["Nguyễn Đức Trung", "Nguyen Duc Trung"]


@pytest.fixture
def seed_export(seed, media_root, tmp_path) -> dict:
    """The seed article's export, the database emptied (the placeholder images stay)."""
    call_command("make_placeholders", verbosity=0)
    data = export(1, tmp_path)
    empty_database()
    return data


@pytest.mark.django_db
def test_an_imported_file_is_stored_clean_and_importing_it_again_changes_nothing(
    seed_export, tmp_path
):
    data = seed_export
    data["article"]["title"]["en"] = f"Title {IN_A_FILE}"
    data["article"]["statements"][0]["text"]["vi"] = "Người đứng đầu\x0bkhông quyết tâm\x85"
    data["people"][0]["aliases"] = ["Quí\ufffe", "Qu\x7fy"]
    path = write(tmp_path, data)
    import_file(path)

    article = Article.objects.get(slug_vi=data["article"]["slug"]["vi"])
    assert article.title_en == f"Title {CLEAN}"
    assert article.statements.order_by("order")[0].text_vi == "Người đứng đầu không quyết tâm "
    assert Person.objects.get(slug=data["people"][0]["slug"]).aliases == ["Quí", "Quy"]

    # The file's text compares equal to what its import stored: nothing to update.
    _article, tally = import_article(Path(path).read_text(encoding="utf-8"), replace=True)
    assert [key for key in tally if key[1] != "unchanged"] == []
