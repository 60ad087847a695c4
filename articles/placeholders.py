"""Clearly labelled stand-in images for photos whose originals are not available.

DejaVu Sans (Debian's default font, with every Vietnamese letter) is used when the system has it.
Pillow's bundled font lacks Vietnamese letters, so with it the text is written without diacritics
rather than as empty boxes: the image must say what it is on a fresh machine too.
"""

import io
import textwrap
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from archive.lib.text import fold
from articles.seed import PlaceholderSpec

LABEL = "ẢNH THAY THẾ / PLACEHOLDER"
NOT_AVAILABLE = "— original photo not available"
SIZE = (1200, 800)
BACKGROUND = (222, 222, 216)
STRIPE = (205, 205, 198)
INK = (40, 40, 40)
PANEL = (250, 250, 247)
TEXT_SIZES = {"label": 54, "note": 30, "subject": 44, "caption": 24}
BOLD = {"label", "subject"}

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


def render(spec: PlaceholderSpec, find: FontFinder = find_font) -> bytes:
    """A PNG that reads, top to bottom: the label, the subject, the caption and the credit."""
    fonts = {key: find(size, bold=key in BOLD) for key, size in TEXT_SIZES.items()}
    has_vietnamese = all(fonts.values())
    if not has_vietnamese:
        fonts = {key: ImageFont.load_default(size=size) for key, size in TEXT_SIZES.items()}

    def say(text: str) -> str:
        return text if has_vietnamese else fold_to_ascii(text)

    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    # Diagonal stripes: nobody mistakes this for a photograph.
    for x in range(-SIZE[1], SIZE[0], 40):
        draw.line([(x, SIZE[1]), (x + SIZE[1], 0)], fill=STRIPE, width=14)
    draw.rectangle([60, 60, SIZE[0] - 60, SIZE[1] - 60], fill=PANEL, outline=INK, width=6)

    lines = [
        (say(LABEL), "label", 40),
        (say(NOT_AVAILABLE), "note", 60),
        *[(part, "subject", 12) for part in textwrap.wrap(say(spec.subject), 40)],
        ("", "caption", 36),
        *[(part, "caption", 8) for part in textwrap.wrap(say(spec.caption), 78)[:6]],
        ("", "caption", 36),
        (say(f"Ảnh: {spec.credit}"), "note", 0),
    ]
    height = sum((TEXT_SIZES[style] if text else 0) + gap for text, style, gap in lines)
    y = (SIZE[1] - height) / 2
    for text, style, gap in lines:
        if text:
            width = draw.textlength(text, font=fonts[style])
            draw.text(((SIZE[0] - width) / 2, y), text, font=fonts[style], fill=INK)
            y += TEXT_SIZES[style]
        y += gap

    # The label is also machine-readable, for tests and for anyone inspecting the file.
    info = PngInfo()
    info.add_itxt("Title", f"{LABEL} {NOT_AVAILABLE}")
    info.add_itxt("Description", spec.caption)
    info.add_itxt("Author", spec.credit)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()
