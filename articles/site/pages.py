"""The querysets each public page renders from.

What the public may see is articles/visibility.py's rule; every list here starts from it. Every
function returns querysets with their related records joined or prefetched, so a page costs the
same number of queries however many records hang off it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property

from articles import visibility
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    Meeting,
    Statement,
    Target,
    Topic,
)
from people.models import Organization, Person, Position

PAGE_SIZE = 50
# A record page lists the newest few of each related list and links to the full list.
SAMPLE_SIZE = 12
# Counting stops here, so a count costs bounded work however large the archive ("1,000+").
COUNT_CAP = 1000


def count_label(total: int, capped: bool) -> str:
    """A total as shown: digits grouped per language, "1.000+" once counting stopped."""
    label = number_format(total, force_grouping=True)
    return f"{label}+" if capped else label


class CappedPaginator(Paginator):
    """Pages through the first COUNT_CAP records only, so counting them is bounded work;
    `all_url` (when search can list them) is where the rest are."""

    def __init__(self, object_list: QuerySet, per_page: int, all_url: str = "") -> None:
        super().__init__(object_list, per_page)
        self.all_url = all_url

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def has_more(self) -> bool:
        return self._counted > COUNT_CAP

    @property
    def total_label(self) -> str:
        return count_label(self.count, self.has_more)


def paginate(queryset: QuerySet, page_number: str | None, all_url: str = "") -> Page:
    """One page of a long list; a bad or out-of-range number gives the first or last page."""
    return CappedPaginator(queryset, PAGE_SIZE, all_url).get_page(page_number)


@dataclass(frozen=True)
class Sample:
    """The first few records of a long list, how many there are in all, and where all are."""

    items: list
    total: int
    capped: bool
    all_url: str

    @property
    def total_label(self) -> str:
        return count_label(self.total, self.capped)

    @property
    def has_more(self) -> bool:
        return self.capped or self.total > len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator:
        return iter(self.items)


def sample(queryset: QuerySet, all_url: str) -> Sample:
    """The first SAMPLE_SIZE records of an ordered queryset and their capped count: two queries,
    each stopping after a bounded number of rows."""
    items = list(queryset[:SAMPLE_SIZE])
    counted = queryset.order_by()[: COUNT_CAP + 1].count()
    return Sample(
        items=items, total=min(counted, COUNT_CAP), capped=counted > COUNT_CAP, all_url=all_url
    )


def search_url(**filters: object) -> str:
    """The faceted search (in the active language) filtered to one record's related list, e.g.
    search_url(person=3, type="photo") -> /tim-kiem/?person=3&type=photo."""
    return f"{reverse('articles:search')}?{urlencode(filters)}"


# Orderings shared by several pages -------------------------------------------------------------

# Targets read best grouped by pillar (in the resolution's order), then by deadline.
TARGET_ORDER = (
    F("pillar__order").asc(nulls_last=True),
    F("pillar_id").asc(nulls_last=True),
    F("deadline_year").asc(nulls_last=True),
    "document_id",
    "order",
)


def _statements_with_context() -> QuerySet[Statement]:
    """Public statements with what a statement shows: speaker, article, documents, targets."""
    return (
        visibility.statements()
        .select_related("speaker", "article", "meeting")
        .prefetch_related("documents", "targets")
    )


# Pages -----------------------------------------------------------------------------------------


def home_page() -> dict:
    return {
        "latest_articles": visibility.articles()[:12],
        "meetings": visibility.meetings()[:12],
        "officials": visibility.people()
        .annotate(
            statement_count=Count(
                "statements", filter=Q(statements__article__in=visibility.articles())
            )
        )
        .filter(statement_count__gt=0)
        .order_by("-statement_count", "full_name")[:24],
        "documents": visibility.documents()[:24],
        "pillars": Topic.objects.filter(kind=Topic.Kind.PILLAR),
    }


def article_for_page() -> QuerySet[Article]:
    """Published articles with everything the article page shows, in a fixed number of queries."""
    return (
        visibility.articles()
        .select_related("meeting__body", "meeting__chair")
        .prefetch_related(
            Prefetch(
                "blocks",
                queryset=BodyBlock.objects.select_related("photo").prefetch_related(
                    "photo__people_shown"
                ),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.select_related("speaker", "meeting").prefetch_related(
                    "documents", "targets"
                ),
            ),
            Prefetch(
                "document_links",
                queryset=ArticleDocument.objects.select_related("document__issuer"),
            ),
            Prefetch(
                "meeting__agenda_items",
                queryset=AgendaItem.objects.select_related("document", "presenter"),
            ),
            "topics",
        )
    )


def article_targets(article: Article) -> QuerySet[Target]:
    """The targets of the documents the article discusses or cites, for its targets table."""
    return (
        Target.objects.filter(document__article_links__article=article)
        .select_related("pillar", "document", "proposed_by")
        .order_by("document__article_links__order", *TARGET_ORDER)
    )


def person_page(person: Person, page_number: str | None) -> dict:
    # The meetings they chaired or attended, as one indexable set of ids (an OR of the two
    # conditions would scan every meeting).
    their_meetings = (
        Meeting.objects.filter(chair=person)
        .values("pk")
        .union(Attendance.objects.filter(person=person).values("meeting_id"))
    )
    return {
        "statements": paginate(
            _statements_with_context()
            .filter(speaker=person)
            .order_by("-article__published_at", "order"),
            page_number,
            search_url(person=person.pk, type="statement"),
        ),
        "photos": sample(
            visibility.photos().filter(people_shown=person).select_related("article", "block"),
            search_url(person=person.pk, type="photo"),
        ),
        "meetings": sample(
            visibility.meetings().filter(pk__in=their_meetings).select_related("body"),
            search_url(person=person.pk, type="meeting"),
        ),
    }


def organization_page(
    organization: Organization, meetings_page: str | None, documents_page: str | None
) -> dict:
    # Search has no facet for a body or an issuer, so these lists are paged here (the newest
    # COUNT_CAP of each).
    return {
        "children": organization.children.all(),
        "positions": Position.objects.filter(
            organization=organization, person__in=visibility.people()
        ).select_related("person"),
        "meetings": paginate(
            visibility.meetings().filter(body=organization).order_by("-date", "-pk"), meetings_page
        ),
        "documents": paginate(visibility.documents().filter(issuer=organization), documents_page),
    }


def document_page(document: Document, page_number: str | None) -> dict:
    public = visibility.documents()
    return {
        "targets": document.targets.select_related("pillar", "proposed_by").order_by(*TARGET_ORDER),
        "statements": paginate(
            _statements_with_context()
            .filter(documents=document)
            .order_by("-article__published_at", "article_id", "order"),
            page_number,
            search_url(document=document.pk, type="statement"),
        ),
        "articles": sample(
            visibility.articles().filter(document_links__document=document),
            search_url(document=document.pk, type="article"),
        ),
        "relations_out": document.relations_out.filter(target__in=public).select_related("target"),
        "relations_in": document.relations_in.filter(source__in=public).select_related("source"),
        "agenda_items": sample(
            AgendaItem.objects.filter(document=document, meeting__in=visibility.meetings())
            .select_related("meeting")
            .order_by("-meeting__date", "meeting_id", "order"),
            search_url(document=document.pk, type="meeting"),
        ),
    }


def meeting_page(meeting: Meeting, page_number: str | None) -> dict:
    return {
        "attendances": list(meeting.attendances.select_related("person")),
        "agenda_items": meeting.agenda_items.select_related("document", "presenter"),
        "articles": visibility.articles().filter(meeting=meeting),
        "statements": paginate(
            _statements_with_context()
            .filter(meeting=meeting)
            .order_by("article__published_at", "article_id", "order"),
            page_number,
        ),
    }


def topic_page(topic: Topic, page_number: str | None) -> dict:
    return {
        "articles": paginate(
            visibility.articles().filter(topics=topic),
            page_number,
            # Search's pillar facet also finds articles quoting on the pillar's targets.
            search_url(pillar=topic.pk, type="article") if topic.kind == Topic.Kind.PILLAR else "",
        ),
        "targets": sample(
            visibility.targets()
            .filter(pillar=topic)
            .select_related("document", "proposed_by")
            .order_by(*TARGET_ORDER),
            search_url(pillar=topic.pk, type="target"),
        ),
    }


def targets_overview() -> QuerySet[Target]:
    return (
        visibility.targets()
        .select_related("pillar", "document", "proposed_by")
        .order_by(*TARGET_ORDER)
    )
