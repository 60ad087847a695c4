"""Text hygiene shared by every app: all stored text is Unicode NFC.

macOS and some keyboards send decomposed (NFD) Vietnamese; PostgreSQL's normalize() is about 50x
slower than doing it here, and search only matches when stored and queried text agree.
"""

import unicodedata

from django.db import models


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


class NormalizedTextModel(models.Model):
    """Normalizes every string field (translations included) to NFC before saving."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname, None)
            if isinstance(value, str):
                setattr(self, field.attname, nfc(value))
        super().save(*args, **kwargs)
