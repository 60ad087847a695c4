"""The photo form: uploads are checked by archive/lib/images.py (content, type, name, size and
dimensions), as portraits of people are. Every failure is a form error, never a server error."""

from django import forms

from archive.lib.images import checked_image
from articles.models import Photo


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
        return checked_image(self.cleaned_data.get("image"))
