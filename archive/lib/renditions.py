"""Responsive renditions of stored images: WebP copies at a few widths, stored next to the
original (photos/2022/05/a.png -> photos/2022/05/a.w400.webp), for <img srcset>. A 390 px phone
then fetches a 400 or 800 px WebP, not the 1,200 px original. Shared by every app that stores
images, so it imports none."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (400, 800, 1200)
QUALITY = 78


def rendition_name(name: str, width: int) -> str:
    """Where the `width` px WebP of the stored image `name` lives."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.w{width}.webp"))


def widths_for(original_width: int) -> list[int]:
    """The widths worth making: each of WIDTHS narrower than the original, and the original's
    own width (a WebP of the same size is still lighter than a PNG) when not above the largest."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths


def make_renditions(storage: Storage, name: str, *, force: bool = False) -> list[str]:
    """Write the WebP renditions of the stored image `name`; returns the names written. An
    unreadable image gets none (the page then offers the original only)."""
    try:
        with storage.open(name, "rb") as stored, Image.open(stored) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    if image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    written = []
    for width in widths_for(image.width):
        target = rendition_name(name, width)
        if storage.exists(target):
            if not force:
                continue
            storage.delete(target)
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        buffer = BytesIO()
        resized.save(buffer, "WEBP", quality=QUALITY, method=4)
        written.append(storage.save(target, ContentFile(buffer.getvalue())))
    return written


def srcset(storage: Storage, name: str, original_width: int | None) -> str:
    """The srcset of the renditions that exist for `name` ("…w400.webp 400w, …"), or ""."""
    if not name or not original_width:
        return ""
    parts = [
        f"{storage.url(rendition_name(name, width))} {width}w"
        for width in widths_for(original_width)
        if storage.exists(rendition_name(name, width))
    ]
    return ", ".join(parts)
