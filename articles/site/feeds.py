"""RSS and Atom feeds in the language of the URL (Feed.language defaults to the active one):
the latest articles, everything one official said, and the reporting on one document. Only
published material, newest first, bounded.

Every feed we serve (the search export's too) is written by ReaderSafeRss or ReaderSafeAtom:
the feeds hand them plain text, and they make it safe for XML and for feed readers.
"""

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from archive.lib.text import clean_value
from articles import visibility
from articles.models import Article, Document, Statement
from people.models import Person

FEED_SIZE = 30

# What feed readers render as HTML: titles (hence Django's double escaping of item titles,
# ticket #6533), descriptions, Atom summaries (type="html") and subtitles.
RENDERED_AS_HTML = ("title", "description", "subtitle")


def feed_value(name: str, value: Any) -> Any:
    """A value for a feed generator, given plain text.

    Every string is cleaned of what XML cannot carry (clean_text()): stored text can predate
    the cleaning on save or come from raw SQL, and a search query is whatever was typed, so no
    record or query can make a feed fail or come out malformed. Text that readers render as
    HTML is escaped: a reader shows the record's text exactly, and markup in it never becomes
    an element. Escaped rather than stripped of tags: stripping would change what a record says
    ("tỷ lệ < 5%") and rely on a sanitizer being complete.
    """
    if isinstance(value, Promise):
        value = str(value)
    value = clean_value(value)
    if name in RENDERED_AS_HTML and isinstance(value, str):
        return escape(value)
    return value


class ReaderSafeFeed:
    """Mixin for Django's feed generators: every value passes through feed_value(). Feeds give
    it plain text (no title_template or description_template: those render HTML)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{name: feed_value(name, value) for name, value in kwargs.items()})

    def add_item(self, **kwargs: Any) -> None:
        super().add_item(**{name: feed_value(name, value) for name, value in kwargs.items()})


class ReaderSafeRss(ReaderSafeFeed, Rss201rev2Feed):
    pass


class ReaderSafeAtom(ReaderSafeFeed, Atom1Feed):
    pass


class ArticleItems:
    """Feed items that are articles."""

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article.lead

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str:
        return article.byline


class LatestArticlesRss(ArticleItems, Feed):
    feed_type = ReaderSafeRss

    def title(self) -> str:
        return _("Nghệ An meeting archive: latest articles")

    def link(self) -> str:
        return reverse("articles:home")

    def description(self) -> str:
        return _("Reporting on government meetings in Nghệ An, newest first.")

    def feed_url(self) -> str:
        return reverse("articles:feed-rss")

    def items(self):
        return visibility.articles()[:FEED_SIZE]


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = ReaderSafeAtom
    subtitle = LatestArticlesRss.description

    def feed_url(self) -> str:
        return reverse("articles:feed-atom")


class PersonStatementsRss(Feed):
    feed_type = ReaderSafeRss
    url_name = "articles:person-rss"

    def get_object(self, request: HttpRequest, pk: int, slug: str) -> Person:
        return get_object_or_404(visibility.people(), pk=pk)

    def title(self, person: Person) -> str:
        return _("What %(name)s said") % {"name": person.full_name}

    def link(self, person: Person) -> str:
        return person.get_absolute_url()

    def description(self, person: Person) -> str:
        return _("Statements by %(name)s in the Nghệ An meeting archive, newest first.") % {
            "name": person.full_name
        }

    def feed_url(self, person: Person) -> str:
        return reverse(self.url_name, kwargs={"pk": person.pk, "slug": person.slug})

    def items(self, person: Person):
        return (
            visibility.statements()
            .filter(speaker=person)
            .select_related("article", "speaker")
            .order_by("-article__published_at", "order")[:FEED_SIZE]
        )

    def item_title(self, statement: Statement) -> str:
        return f"{statement.speaker.full_name}: {Truncator(statement.text).words(16)}"

    def item_description(self, statement: Statement) -> str:
        return f"{statement.attribution}: {statement.text}"

    def item_pubdate(self, statement: Statement):
        return statement.article.published_at

    def item_author_name(self, statement: Statement) -> str:
        return statement.speaker.full_name


class PersonStatementsAtom(PersonStatementsRss):
    feed_type = ReaderSafeAtom
    url_name = "articles:person-atom"
    subtitle = PersonStatementsRss.description


class DocumentArticlesRss(ArticleItems, Feed):
    feed_type = ReaderSafeRss
    url_name = "articles:document-rss"

    def get_object(self, request: HttpRequest, pk: int, slug: str) -> Document:
        return get_object_or_404(visibility.documents(), pk=pk)

    def title(self, document: Document) -> str:
        return _("Reporting on %(document)s") % {"document": str(document)}

    def link(self, document: Document) -> str:
        return document.get_absolute_url()

    def description(self, document: Document) -> str:
        return _("Articles that discuss or cite %(document)s, newest first.") % {
            "document": str(document)
        }

    def feed_url(self, document: Document) -> str:
        return reverse(self.url_name, kwargs={"pk": document.pk, "slug": document.slug})

    def items(self, document: Document):
        return visibility.articles().filter(document_links__document=document)[:FEED_SIZE]


class DocumentArticlesAtom(DocumentArticlesRss):
    feed_type = ReaderSafeAtom
    url_name = "articles:document-atom"
    subtitle = DocumentArticlesRss.description
