"""sitemap.xml: every public page in each language the record really has, with hreflang
alternates and x-default (the Vietnamese original)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Model
from django.urls import reverse

from articles import visibility
from articles.models import Topic
from articles.site.alternates import languages_of
from people.models import Organization


class RecordSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item: Model) -> list[str]:
        return languages_of(item)


class ArticleSitemap(RecordSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return visibility.articles().order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class PersonSitemap(RecordSitemap):
    def items(self):
        return visibility.people().order_by("pk")


class OrganizationSitemap(RecordSitemap):
    def items(self):
        return Organization.objects.order_by("pk")


class DocumentSitemap(RecordSitemap):
    def items(self):
        return visibility.documents().order_by("pk")


class MeetingSitemap(RecordSitemap):
    def items(self):
        return visibility.meetings().order_by("pk")


class TopicSitemap(RecordSitemap):
    def items(self):
        return Topic.objects.order_by("pk")


class PageSitemap(Sitemap):
    """Pages that are not one record's: they exist in every language."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["articles:home", "articles:targets"]

    def location(self, viewname: str) -> str:
        return reverse(viewname)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "documents": DocumentSitemap,
    "meetings": MeetingSitemap,
    "topics": TopicSitemap,
}
