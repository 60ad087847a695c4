"""Placeholder images stand in, visibly labelled, for the seed photos that are not available."""

import io
import json

import pytest
from django.core.management import call_command
from PIL import Image, ImageFont

from articles import placeholders
from articles.seed import fixture_paths, placeholder_specs
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


def test_subject_is_the_person_shown_or_what_the_photo_shows():
    subjects = [spec.subject for spec in placeholder_specs(fixture_paths())]
    assert subjects[0].startswith("Toàn cảnh phiên họp thường kỳ tháng 5")
    assert subjects[1:] == [
        "Ngọc Kim Nam",
        "Nguyễn Thị Kim Chi",
        "Bùi Thanh An",
        "Nguyễn Thị Thu Hường",
        "Nguyễn Đức Trung",
        "Thái Thanh Quý",
        "Lê Thị Hoài Chung",
        "Nguyễn Văn Thông",
    ]


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
    assert placeholders.fold_to_ascii("ẢNH THAY THẾ — Đức Quý") == "ANH THAY THE - Duc Quy"
