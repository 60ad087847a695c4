"""`manage.py check_fixtures` passes on the seed and names every broken record."""

import unicodedata

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Photo, Statement

pytestmark = pytest.mark.usefixtures("seed")


@pytest.fixture
def placeholders(media_root):
    call_command("make_placeholders", verbosity=0)
    return media_root


def problems() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("check_fixtures")
    assert failure.value.returncode == 1
    return str(failure.value)


def test_the_seed_passes(placeholders, capsys):
    call_command("check_fixtures")
    assert "no problems" in capsys.readouterr().out


def test_a_blank_english_field_fails_naming_the_record(placeholders):
    Article.objects.filter(pk=1).update(title_en="")
    report = problems()
    assert "articles.Article #1: title_en is empty but title_vi is filled" in report
    assert report.startswith("1 integrity problem(s)")


def test_a_missing_english_translation_of_a_statement_is_reported(placeholders):
    Statement.objects.filter(pk=7).update(text_en=None)
    assert "articles.Statement #7: text_en is empty" in problems()


def test_photo_without_credit_or_image_file(placeholders):
    Photo.objects.filter(pk=2).update(credit="  ")
    (placeholders / Photo.objects.get(pk=3).image.name).unlink()
    report = problems()
    assert "articles.Photo #2: photo without credit" in report
    assert (
        "articles.Photo #3: image file photos/seed/03-nguyen-thi-kim-chi.png is missing" in report
    )


def test_photo_outside_the_body(placeholders):
    Photo.objects.get(pk=4).block.delete()
    assert "articles.Photo #4: photo is not placed in the article body" in problems()


def test_decomposed_text_is_reported(placeholders):
    # loaddata bypasses save(), which would have normalized it.
    decomposed = unicodedata.normalize("NFD", "Nghệ An")
    Statement.objects.filter(pk=1).update(attribution_vi=decomposed)
    assert "articles.Statement #1: text is not in Unicode NFC form" in problems()


def test_missing_images_are_reported_before_placeholders_exist(media_root):
    report = problems()
    assert report.startswith("9 integrity problem(s)")
