"""Text hygiene shared by every app: all stored text is clean Unicode NFC.

macOS and some keyboards send decomposed (NFD) Vietnamese; PostgreSQL's normalize() is about 50x
slower than doing it here, and search only matches when stored and queried text agree.

Word pastes a vertical tab (U+000B) for a line break, and other sources bring control characters,
noncharacters such as U+FFFE and lone surrogates: XML 1.0 cannot carry any of them (one in a title
took the feeds down), PostgreSQL refuses NUL and lone surrogates, and none of them is text a reader
should see. `clean_text()` is the one rule; the models apply it on save, the import applies it to
the file, and the feeds apply it again on output (for text stored before, or by raw SQL).
"""

import re
import unicodedata
from typing import Any

from django.db import models
from django.utils.translation import get_language

# Controls that separate words (vertical tab, form feed, the information separators, NEL)
# become a space: Word's line break sits between two words, and deleting it would glue them.
_SEPARATING = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"
# Everything else XML 1.0 refuses or Unicode reserves: the remaining C0 controls (tab, line feed
# and carriage return are text), DEL and the C1 controls, lone surrogates, and the 66
# noncharacters (U+FDD0..U+FDEF and the last two code points of every plane, U+FFFE and U+FFFF
# among them).
_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_DROPPED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)
_TO_SPACE = re.compile(f"[{_SEPARATING}]")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def fold(text: str) -> str:
    """`text` without Vietnamese diacritics, đ and Đ included, the way PostgreSQL's unaccent
    folds it ('Đảng ủy' -> 'Dang uy'); case is kept. The one rule search keys, the ingest's word
    comparisons, placeholder images and generated slugs share."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_english(language: str | None = None) -> bool:
    """Whether `language` (by default the active one) is English; no active language is the
    Vietnamese default."""
    return (language or get_language() or "vi").startswith("en")


def clean_text(value: str) -> str:
    """`value` without the characters no stored text may hold, in NFC.

    Tab, line feed and carriage return stay; controls that separate words become a space; the
    other control characters, lone surrogates and noncharacters are removed.
    """
    return nfc(_DROPPED.sub("", _TO_SPACE.sub(" ", value)))


def clean_value(value: Any) -> Any:
    """clean_text() applied to every string in `value`, also inside lists, tuples and dicts (an
    ArrayField's items, a JSONField's content); anything else is returned as it is."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(clean_value(item) for item in value)
    if isinstance(value, dict):
        return {clean_value(key): clean_value(item) for key, item in value.items()}
    return value


class NormalizedTextModel(models.Model):
    """Cleans every text field (translations, array items and JSON included) before saving."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        for field in self._meta.concrete_fields:
            # Read the instance's own value, not through the attribute: modeltranslation's
            # descriptor for `title` returns the active language's value or its fallback, and
            # setting it back would copy the Vietnamese into an empty English column. Deferred
            # fields are absent and stay so (reading them would query the database).
            if field.attname in self.__dict__:
                self.__dict__[field.attname] = clean_value(self.__dict__[field.attname])
        super().save(*args, **kwargs)
