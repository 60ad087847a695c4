"""Validation of uploaded photos: a real image by content (Pillow, through forms.ImageField), of
an allowed type, size and dimensions. Every failure is a form error, never a server error."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from articles.models import Photo

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_BYTES = 15 * 1024 * 1024
MIN_SIDE = 100
MAX_SIDE = 10_000


def validate_photo_upload(upload: UploadedFile) -> None:
    """Raise ValidationError unless `upload` is an acceptable photo."""
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
    image_format, (width, height) = image.format, image.size
    if image_format not in ALLOWED_FORMATS:
        raise forms.ValidationError(
            _("%(format)s images are not accepted; use %(allowed)s."),
            params={"format": image_format, "allowed": ", ".join(ALLOWED_FORMATS.values())},
            code="format",
        )
    if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
        raise forms.ValidationError(
            _(
                "The image is %(width)d×%(height)d pixels; each side must be between "
                "%(min)d and %(max)d."
            ),
            params={"width": width, "height": height, "min": MIN_SIDE, "max": MAX_SIDE},
            code="dimensions",
        )


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = [
            "article",
            "order",
            "image",
            "is_placeholder",
            "caption",
            "alt_text",
            "credit",
            "people_shown",
        ]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            validate_photo_upload(image)
        return image
