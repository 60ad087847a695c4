"""RSS and Atom feeds in the language of the URL (Feed.language defaults to the active one):
the latest articles, everything one official said, and the reporting on one document. Only
published material, newest first, bounded."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles import visibility
from articles.models import Article, Document, Statement
from people.models import Person

FEED_SIZE = 30


class ArticleItems:
    """Feed items that are articles."""

    def item_title(self, article: Article) -> str:
        return escape(article.title)  # double-escaped like Django's default (ticket #6533)

    def item_description(self, article: Article) -> str:
        return escape(article.lead)

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at

    def item_author_name(self, article: Article) -> str:
        return article.byline


class LatestArticlesRss(ArticleItems, Feed):
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
    feed_type = Atom1Feed
    subtitle = LatestArticlesRss.description

    def feed_url(self) -> str:
        return reverse("articles:feed-atom")


class PersonStatementsRss(Feed):
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
        return escape(f"{statement.speaker.full_name}: {Truncator(statement.text).words(16)}")

    def item_description(self, statement: Statement) -> str:
        return escape(f"{statement.attribution}: {statement.text}")

    def item_pubdate(self, statement: Statement):
        return statement.article.published_at

    def item_author_name(self, statement: Statement) -> str:
        return statement.speaker.full_name


class PersonStatementsAtom(PersonStatementsRss):
    feed_type = Atom1Feed
    url_name = "articles:person-atom"
    subtitle = PersonStatementsRss.description


class DocumentArticlesRss(ArticleItems, Feed):
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
    feed_type = Atom1Feed
    url_name = "articles:document-atom"
    subtitle = DocumentArticlesRss.description
