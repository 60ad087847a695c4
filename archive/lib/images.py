"""Checks on uploaded images, article photos and portraits of people alike: a real image by its
content (Pillow, through forms.ImageField), of an allowed type, named for that type, within size
and dimension limits. Every failure is a form error, never a server error, and nothing is stored.

The name matters because media files are served with the type their name's ending says: a PNG
named `.pdf` would be served as a PDF. Shared by articles and people, so it imports no app.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImageType:
    label: str
    extensions: tuple[str, ...]  # file name endings served as this type, the first preferred


# Keyed by Pillow's format name.
ALLOWED_TYPES = {
    "JPEG": ImageType("JPEG", (".jpg", ".jpeg")),
    "PNG": ImageType("PNG", (".png",)),
    "WEBP": ImageType("WebP", (".webp",)),
}
MAX_BYTES = 15 * 1024 * 1024
MIN_SIDE = 100
MAX_SIDE = 10_000


def validate_image_upload(upload: UploadedFile) -> None:
    """Raise ValidationError unless `upload` is an acceptable image."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; photos may be at most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    # forms.ImageField has already opened and verified the file with Pillow and kept the image.
    image = getattr(upload, "image", None)
    if image is None:
        raise forms.ValidationError(_("This file is not a readable image."), code="not_an_image")
    image_type = ALLOWED_TYPES.get(image.format)
    if image_type is None:
        raise forms.ValidationError(
            _("%(format)s images are not accepted; use %(allowed)s."),
            params={
                "format": image.format,
                "allowed": ", ".join(allowed.label for allowed in ALLOWED_TYPES.values()),
            },
            code="format",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in image_type.extensions:
        raise forms.ValidationError(
            _(
                "The file's name ends in “%(extension)s” but it holds a %(format)s image; "
                "rename it to end in %(expected)s."
            ),
            params={
                "extension": extension,
                "format": image_type.label,
                "expected": image_type.extensions[0],
            },
            code="extension",
        )
    width, height = image.size
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise forms.ValidationError(
            _(
                "The image is %(width)d×%(height)d pixels; each side must be between "
                "%(min)d and %(max)d."
            ),
            params={"width": width, "height": height, "min": MIN_SIDE, "max": MAX_SIDE},
            code="dimensions",
        )


def checked_image[V](value: V) -> V:
    """The body of a form's clean_<image field>: checks a new upload; a kept file (or none)
    passes as it is."""
    if isinstance(value, UploadedFile):
        validate_image_upload(value)
    return value
