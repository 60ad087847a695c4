"""Placeholder images stand in, visibly labelled, for the seed photos that are not available."""

import io
import json

import pytest
from django.core.management import call_command
from PIL import Image, ImageFont

from articles import placeholders
from articles.seed import PlaceholderSpec, fixture_paths, placeholder_specs
from tests.conftest import SEED_FIXTURE

LABEL = "ẢNH THAY THẾ / PLACEHOLDER — original photo not available"


def fixture_images() -> list[str]:
    records = json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    return [r["fields"]["image"] for r in records if r["model"] == "articles.photo"]


def test_one_labelled_image_per_seed_photo_at_the_fixture_path(media_root):
    call_command("make_placeholders", verbosity=0)
    images = fixture_images()
    assert len(images) == 9
    for name in images:
        with Image.open(media_root / name) as image:
            assert image.format == "PNG"
            assert image.size == (1200, 800)
            assert image.text["Title"] == LABEL
            assert image.text["Author"] == "Thành Duy"
            # Text is drawn: plenty of dark ink on the light panel, not a blank canvas.
            dark = sum(image.convert("L").histogram()[:100])
            assert dark > 20_000, name
    with Image.open(media_root / images[1]) as image:
        assert image.text["Description"].startswith("Đồng chí Ngọc Kim Nam")


def test_running_again_keeps_existing_files_and_force_rewrites_them(media_root):
    call_command("make_placeholders", verbosity=0)
    first = media_root / fixture_images()[0]
    first.write_bytes(b"a real photo the editor put here")
    call_command("make_placeholders", verbosity=0)
    assert first.read_bytes() == b"a real photo the editor put here"
    assert len(list((media_root / "photos" / "seed").iterdir())) == 9
    call_command("make_placeholders", "--force", verbosity=0)
    with Image.open(first) as image:
        assert image.text["Title"] == LABEL


def test_the_image_names_the_people_shown_and_nothing_in_one_language():
    subjects = [spec.subject for spec in placeholder_specs(fixture_paths())]
    # The overview shows no one in particular: its description is the page's, in its language.
    assert subjects == [
        "",
        "Ngọc Kim Nam",
        "Nguyễn Thị Kim Chi",
        "Bùi Thanh An",
        "Nguyễn Thị Thu Hường",
        "Nguyễn Đức Trung",
        "Thái Thanh Quý",
        "Lê Thị Hoài Chung",
        "Nguyễn Văn Thông",
    ]


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.tobytes()


def test_the_image_draws_no_words_of_either_language(monkeypatch):
    """One image serves the Vietnamese and the English page: the label, the Vietnamese caption
    and "Ảnh: <credit>" are not drawn (the page says them in its language), only the names."""
    spec = placeholder_specs(fixture_paths())[1]
    drawn = pixels(placeholders.render(spec))
    other_words = PlaceholderSpec(spec.image, spec.subject, "Another caption", "Someone Else")
    assert pixels(placeholders.render(other_words)) == drawn
    monkeypatch.setattr(placeholders, "LABEL", "ANOTHER LABEL")
    monkeypatch.setattr(placeholders, "NOT_AVAILABLE", "- another notice")
    assert pixels(placeholders.render(spec)) == drawn
    # The names are drawn: another person, another image.
    other_person = PlaceholderSpec(spec.image, "Thái Thanh Quý", spec.caption, spec.credit)
    assert pixels(placeholders.render(other_person)) != drawn


def bundled_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@pytest.mark.parametrize("finder", [bundled_font, lambda size, bold=False: None])
def test_renders_whether_or_not_the_system_has_a_font(finder):
    # A fresh machine may lack DejaVu: Pillow's own font then carries the (unaccented) text.
    spec = placeholder_specs(fixture_paths())[6]
    png = placeholders.render(spec, find=finder)
    with Image.open(io.BytesIO(png)) as image:
        assert image.text["Title"] == LABEL
        assert sum(image.convert("L").histogram()[:100]) > 20_000


def test_text_without_a_vietnamese_font_is_folded_not_lost():
    assert placeholders.fold_to_ascii("Nguyễn Đức Trung — Đức Quý") == "Nguyen Duc Trung - Duc Quy"
