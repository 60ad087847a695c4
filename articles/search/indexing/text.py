"""The text of search entries: cleaned values, both languages, URLs, dates and citations.

Shared by the builders (builders.py); nothing here queries the database except through the
objects it is given.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils import timezone, translation

from archive.lib.text import nfc
from articles.search.entry import HIGHLIGHT_START, HIGHLIGHT_STOP

ARCHIVE_NAME = {
    "vi": "Kho lưu trữ các cuộc họp Nghệ An",
    "en": "Nghệ An meeting archive",
}
# Stored text must not hold the highlight sentinels (nor NUL).
UNSAFE = re.compile(f"[\x00{HIGHLIGHT_START}{HIGHLIGHT_STOP}]")


def clean(value: object) -> str:
    """NFC text without NUL or highlight sentinels; None becomes ''."""
    text = nfc(str(value or ""))
    if UNSAFE.search(text):  # str.translate is slow on long texts: only when needed
        text = UNSAFE.sub("", text)
    return text.strip()


def join(*parts: object, sep: str = " ") -> str:
    return sep.join(text for text in map(clean, parts) if text)


def both(obj: object, name: str) -> tuple[str, str]:
    """A translated field's Vietnamese and English values (English '' when missing)."""
    return clean(getattr(obj, f"{name}_vi")), clean(getattr(obj, f"{name}_en"))


def url_in(lang: str, make: Callable[[], str]) -> str:
    with translation.override(lang):
        try:
            return make()
        except NoReverseMatch:
            return ""


def urls_of(obj, anchor: str = "") -> tuple[str, str]:
    """The object's public URL in Vietnamese and English, with an anchor into the page."""
    urls = (url_in("vi", obj.get_absolute_url), url_in("en", obj.get_absolute_url))
    return tuple(url + anchor if url else "" for url in urls)


class UrlMaker:
    """`urls_of()` for many objects of one model without a reverse() per object and language.

    reverse() costs ~0.1 ms, which adds up over millions of rows: the URL of a stand-in object
    (sentinel id and slug, and for a statement a stand-in article) is reversed once per
    language and the real values are substituted. The first object is also checked against its
    own get_absolute_url(); if a model's URL depends on more than its ids and slugs, every
    object falls back to get_absolute_url().
    """

    PK, SLUG = "900000001", "zz-sentinel-slug"
    PARENT_PK, PARENT_SLUG = "900000002", "zz-sentinel-parent"

    def __init__(self, model: type, parent: str | None = None) -> None:
        self.parent = parent
        stand_in = self.stand_in(model, self.PK, self.SLUG)
        if parent:
            parent_model = model._meta.get_field(parent).related_model
            setattr(stand_in, parent, self.stand_in(parent_model, self.PARENT_PK, self.PARENT_SLUG))
        self.templates = {lang: url_in(lang, stand_in.get_absolute_url) for lang in ("vi", "en")}
        self.checked = False

    @staticmethod
    def stand_in(model: type, pk: str, slug: str):
        obj = model(pk=int(pk))
        for name in ("slug", "slug_vi", "slug_en"):
            if hasattr(obj, name):
                setattr(obj, name, slug)
        return obj

    def fill(self, lang: str, obj) -> str:
        template = self.templates[lang]
        if not template:
            return ""
        with translation.override(lang):
            values = {self.PK: str(obj.pk), self.SLUG: getattr(obj, "slug", "")}
            if self.parent:
                parent = getattr(obj, self.parent)
                values |= {self.PARENT_PK: str(parent.pk), self.PARENT_SLUG: parent.slug}
        for sentinel, value in values.items():
            template = template.replace(sentinel, value)
        return template

    def urls(self, obj, anchor: str = "") -> tuple[str, str]:
        if self.checked is False:
            fast = (self.fill("vi", obj), self.fill("en", obj))
            self.checked = fast == urls_of(obj) or None
        if self.checked is None:
            return urls_of(obj, anchor)
        return tuple(
            url + anchor if url else "" for url in (self.fill(lang, obj) for lang in ("vi", "en"))
        )


def format_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "vi":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


@dataclass
class EntryData:
    title: tuple[str, str]
    lead: tuple[str, str] = ("", "")
    body: tuple[str, str] = ("", "")
    urls: tuple[str, str] = ("", "")
    citation: tuple[str, str] = ("", "")
    date: dt.date | None = None
    public_from: dt.datetime | None = None
    person_ids: set[int] = field(default_factory=set)
    document_ids: set[int] = field(default_factory=set)
    pillar_ids: set[int] = field(default_factory=set)
    symbol_keys: set[str] = field(default_factory=set)
    own_symbol_key: str = ""


# ---------------------------------------------------------------- titles and citations


def statement_title(statement) -> tuple[str, str]:
    vi, en = both(statement, "attribution")
    name = clean(statement.speaker.full_name)
    return join(name, vi, sep=" — "), join(name, en or vi, sep=" — ")


def document_title(document) -> tuple[str, str]:
    vi, en = both(document, "title")
    return join(document.symbol, vi, sep=" — "), (
        join(document.symbol, en, sep=" — ") if en else ""
    )


def in_article_citation(what: tuple[str, str], article) -> tuple[str, str]:
    day = local_date(article.published_at)
    title, source = both(article, "title"), both(article, "source_name")
    return (
        f"{what[0]}, trong “{title[0]}”, {source[0]}, {format_date(day, 'vi')}.",
        f"{what[1] or what[0]}, in “{title[1] or title[0]}”, {source[1] or source[0]}, "
        f"{format_date(day, 'en')}.",
    )


def archive_citation(title: tuple[str, str]) -> tuple[str, str]:
    return (
        f"“{title[0]}”, {ARCHIVE_NAME['vi']}.",
        f"“{title[1] or title[0]}”, {ARCHIVE_NAME['en']}.",
    )
