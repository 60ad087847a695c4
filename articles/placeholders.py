"""Clearly marked stand-in images for photos whose originals are not available.

One image serves the Vietnamese and the English page, so it carries no words of either
language: striped, with a crossed-out camera and the names of the people shown (a name reads
the same in both). The page says what it is in the reader's language (a label on each photo, a
notice once per article: templates/includes/photo.html, articles/article_detail.html); the caption
and credit are in the page's figure caption. The file's metadata keeps a bilingual label for
anyone inspecting it.

DejaVu Sans (Debian's default font, with every Vietnamese letter) is used when the system has it.
Pillow's bundled font lacks Vietnamese letters, so with it names are written without diacritics
rather than as empty boxes.
"""

import io
import textwrap
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from archive.lib.text import fold
from articles.seed import PlaceholderSpec

# Metadata only (never drawn): the image is shown on pages of both languages.
LABEL = "ẢNH THAY THẾ / PLACEHOLDER"
NOT_AVAILABLE = "— original photo not available"
SIZE = (1200, 800)
BACKGROUND = (222, 222, 216)
STRIPE = (205, 205, 198)
INK = (40, 40, 40)
PANEL = (250, 250, 247)
NAME_SIZE = 44

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
FontFinder = Callable[..., Font | None]


def find_font(size: int, bold: bool = False) -> Font | None:
    """DejaVu Sans from the system font folders (Pillow searches them by file name), if any."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return None


def fold_to_ascii(text: str) -> str:
    """What Pillow's bundled font can draw: no diacritics, a hyphen for the em dash."""
    return fold(text.replace("—", "-"))


def _crossed_out_camera(draw: ImageDraw.ImageDraw, centre: tuple[float, float]) -> None:
    """ "No photo" without words: a camera, struck through."""
    x, y = centre
    draw.rounded_rectangle([x - 150, y - 85, x + 150, y + 115], radius=28, outline=INK, width=14)
    draw.rounded_rectangle([x - 60, y - 125, x + 40, y - 85], radius=8, fill=INK)
    draw.ellipse([x - 62, y - 47, x + 62, y + 77], outline=INK, width=14)
    draw.line([(x - 200, y + 165), (x + 200, y - 175)], fill=PANEL, width=40)
    draw.line([(x - 200, y + 165), (x + 200, y - 175)], fill=INK, width=16)


def render(spec: PlaceholderSpec, find: FontFinder = find_font) -> bytes:
    """A PNG showing it is no photograph: stripes, a crossed-out camera, the people's names."""
    font = find(NAME_SIZE, bold=True)
    names = spec.subject
    if font is None:
        font, names = ImageFont.load_default(size=NAME_SIZE), fold_to_ascii(names)

    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    # Diagonal stripes: nobody mistakes this for a photograph.
    for x in range(-SIZE[1], SIZE[0], 40):
        draw.line([(x, SIZE[1]), (x + SIZE[1], 0)], fill=STRIPE, width=14)
    draw.rectangle([60, 60, SIZE[0] - 60, SIZE[1] - 60], fill=PANEL, outline=INK, width=6)
    lines = textwrap.wrap(names, 40)[:3]
    text_height = len(lines) * (NAME_SIZE + 12)
    camera_y = SIZE[1] / 2 - (text_height / 2 + 40 if lines else 0)
    _crossed_out_camera(draw, (SIZE[0] / 2, camera_y))
    y = camera_y + 215
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((SIZE[0] - width) / 2, y), line, font=font, fill=INK)
        y += NAME_SIZE + 12

    # The label is machine-readable, for tests and for anyone inspecting the file.
    info = PngInfo()
    info.add_itxt("Title", f"{LABEL} {NOT_AVAILABLE}")
    info.add_itxt("Description", spec.caption)
    info.add_itxt("Author", spec.credit)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()
