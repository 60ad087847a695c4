"""What the public may see: the one definition, for every surface.

The rule: a published article (status published, publication time reached) is public, and so is
every record it reaches through one of the paths below: its statements and photos, the meeting
it reports, the documents it links, speaks about, sets targets for or has on its meeting's
agenda (with all their targets), and the people who speak, are shown, attend, chair, present an
agenda item or propose a public target. A record reached only from drafts stays hidden.
Organizations and topics are the archive's directory, public from the start.

Everything public is derived from the paths, never restated:
- the querysets below, which pages, feeds, the sitemap, the API, exports and search filters use;
- `first_public_at()`, the search index's `public_from` (the earliest publication time through
  any path; the search compares it with now(), so scheduled articles appear on time);
- `reached_from()`, the records whose visibility changes when articles are (un)published, which
  the search index rebuilds.
"""

import datetime as dt
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Exists, Min, Model, OuterRef, Q, QuerySet

from articles.models import Article, Document, Meeting, Photo, Statement, Target, Topic
from people.models import Organization, Person

# How a published article reaches each kind of record: lookups from Article.
DOCUMENT_PATHS = (
    "document_links__document",
    "statements__documents",
    "statements__targets__document",
    "targets__document",  # the targets an article reports (Target.article)
    "meeting__agenda_items__document",
)
PATHS: dict[type[Model], tuple[str, ...]] = {
    Article: ("pk",),
    Statement: ("statements",),
    Photo: ("photos",),
    Meeting: ("meeting",),
    Document: DOCUMENT_PATHS,
    # A public document's targets are public with it: the document page lists them all.
    Target: tuple(f"{path}__targets" for path in DOCUMENT_PATHS),
    Person: (
        "statements__speaker",
        "photos__people_shown",
        "meeting__attendances__person",
        "meeting__chair",
        "meeting__agenda_items__presenter",
        # A public target's proposer is linked from the targets tables.
        *(f"{path}__targets__proposed_by" for path in DOCUMENT_PATHS),
    ),
}
# Public from the start, reached or not: the directory of institutions and topics.
DIRECTORY: tuple[type[Model], ...] = (Organization, Topic)
DIRECTORY_PUBLIC_FROM = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def articles() -> QuerySet[Article]:
    return Article.objects.published()


def reached(model: type[Model]) -> QuerySet:
    """Every public record of `model`: one EXISTS per path, so a lookup by id probes indexes
    from that record instead of collecting everything public first."""
    conditions = (
        Exists(articles().filter(**{path: OuterRef("pk")})) for path in PATHS[model] if path != "pk"
    )
    return model._default_manager.filter(reduce(or_, conditions, Q()))


def statements() -> QuerySet[Statement]:
    return Statement.objects.filter(article__in=articles())


def photos() -> QuerySet[Photo]:
    return Photo.objects.filter(article__in=articles())


def meetings() -> QuerySet[Meeting]:
    return reached(Meeting)


def documents() -> QuerySet[Document]:
    return reached(Document)


def targets() -> QuerySet[Target]:
    # The same set as reached(Target) (PATHS[Target] is DOCUMENT_PATHS + targets), cheaper.
    return Target.objects.filter(document__in=documents())


def people() -> QuerySet[Person]:
    return reached(Person)


def organizations() -> QuerySet[Organization]:
    return Organization.objects.all()


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()


def first_public_at(model: type[Model], ids: Iterable[int]) -> dict[int, dt.datetime]:
    """For each id, the earliest publication time of a published article that reaches it (a
    future time for a scheduled article); ids no published article reaches are left out."""
    ids = list(ids)
    if not ids:
        return {}
    if model in DIRECTORY:
        return dict.fromkeys(ids, DIRECTORY_PUBLIC_FROM)
    earliest: dict[int, dt.datetime] = {}
    for path in PATHS[model]:
        rows = (
            Article.objects.filter(status=Article.Status.PUBLISHED, **{f"{path}__in": ids})
            .values_list(path)
            .annotate(first=Min("published_at"))
        )
        for pk, first in rows:
            if pk not in earliest or first < earliest[pk]:
                earliest[pk] = first
    return earliest


def reached_from(model: type[Model], article_ids: Iterable[int]) -> set[int]:
    """Ids of the `model` records these articles reach, published or not."""
    found: set[int] = set()
    article_ids = list(article_ids)
    for path in PATHS.get(model, ()):
        found.update(Article.objects.filter(pk__in=article_ids).values_list(path, flat=True))
    return found - {None}


def article_public_from(article: Article) -> dt.datetime | None:
    """When the public may see an article and its statements and photos: its publication time
    once it is published (a future time while scheduled), never while it is a draft."""
    return article.published_at if article.status == Article.Status.PUBLISHED else None
