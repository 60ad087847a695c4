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
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property

from articles import visibility
from articles.models import (
    REPORTED_STATEMENTS,
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    Meeting,
    Photo,
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
                "statements",
                filter=Q(statements__article__in=visibility.articles())
                & ~Q(statements__kind=Statement.Kind.SPOKE_UNREPORTED),
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
                queryset=Statement.objects.select_related("speaker").prefetch_related(
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


@dataclass(frozen=True)
class Speaker:
    """One line of an article's "who spoke" summary: a person, in the order they first speak,
    with what the report gives of their words and the times it only says they spoke."""

    person: Person
    reported: list[Statement]
    unreported: list[Statement]


def _quotes_stripped(text: str) -> str:
    return text.strip().strip("“”\"' ")


def mark_speakers(
    blocks: list[BodyBlock], statements: list[Statement]
) -> tuple[list[Speaker], list[Statement]]:
    """Attach to each body block (as `block.said`) the statements taken from it, so the body
    shows each speaker in its margin, and return the "who spoke" summary.

    A statement is verbatim from one paragraph or caption (the seed's rule, checked by
    tests/interchange/test_seed_fixture.py), so its block is the first, in body order, whose
    text contains it. Returns the summary and the statements found in no block (an editor's
    paraphrase, say), which the page prints in full so their permalinks still lead somewhere."""
    unplaced = []
    for block in blocks:
        block.said = []
    texts = [(block, block.photo.caption_vi if block.photo else block.text_vi) for block in blocks]
    speakers: dict[int, Speaker] = {}
    for statement in statements:
        needle = _quotes_stripped(statement.text_vi or "")
        for block, text in texts:
            if needle and needle in (text or ""):
                block.said.append(statement)
                break
        else:
            unplaced.append(statement)
        speaker = speakers.setdefault(
            statement.speaker_id, Speaker(statement.speaker, reported=[], unreported=[])
        )
        (speaker.reported if statement.is_reported else speaker.unreported).append(statement)
    return list(speakers.values()), unplaced


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
            # Grouped by meeting on the page (newest meeting first), so a meeting's statements
            # must be contiguous: ordered by meeting before publication.
            .order_by(
                F("meeting__date").desc(nulls_last=True),
                F("meeting_id").desc(nulls_last=True),
                "-article__published_at",
                "order",
            ),
            page_number,
            search_url(person=person.pk, type="statement"),
        ),
        "photos": sample(
            visibility.photos().filter(people_shown=person).select_related("article", "block"),
            search_url(person=person.pk, type="photo"),
        ),
        "portrait_photo": portrait_photo(person),
        "meetings": sample(
            visibility.meetings().filter(pk__in=their_meetings).select_related("body"),
            search_url(person=person.pk, type="meeting"),
        ),
    }


def portrait_photo(person: Person) -> Photo | None:
    """The public photo that best shows a person, for their page's portrait: a real photo before
    a placeholder, one showing them alone before a group, then the newest. One query."""
    return (
        visibility.photos()
        .exclude(image="")
        # Counted before filtering on the person, so the count is everyone the photo shows.
        .annotate(shown=Count("people_shown", distinct=True))
        .filter(people_shown=person)
        .select_related("article")
        .order_by("is_placeholder", "shown", "-article__published_at", "order", "pk")
        .first()
    )


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
            .filter(REPORTED_STATEMENTS, documents=document)
            .order_by("-article__published_at", "article_id", "order"),
            page_number,
            search_url(document=document.pk, type="statement"),
        ),
        # Those reported only as having spoken on it: attendance, not opinions.
        "spoke_unreported": visibility.statements()
        .filter(documents=document, kind=Statement.Kind.SPOKE_UNREPORTED)
        .select_related("speaker", "article")
        .order_by("-article__published_at", "article_id", "order")[:SAMPLE_SIZE],
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
            # Attendance is listed above; "X spoke" with no content is not something said.
            _statements_with_context()
            .filter(REPORTED_STATEMENTS, meeting=meeting)
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


# Index pages: every public record of a kind, in the order a reader looks for it. Each is a
# queryset with what its rows show joined, so a page is the count plus one query.


def articles_index() -> QuerySet[Article]:
    """Newest first, grouped by month of publication (in the site's time zone)."""
    return (
        visibility.articles()
        .select_related("meeting")
        .annotate(month=TruncMonth("published_at"))
        .order_by("-published_at", "-pk")
    )


def documents_index() -> QuerySet[Document]:
    """By issuer, then newest first within it, grouped by year of issue."""
    return (
        visibility.documents()
        .select_related("issuer")
        .annotate(year=ExtractYear("issued_on"))
        .order_by(
            F("issuer__name").asc(nulls_last=True),
            "issuer_id",
            F("issued_on").desc(nulls_last=True),
            "pk",
        )
    )


def meetings_index() -> QuerySet[Meeting]:
    """Newest first, grouped by month."""
    return (
        visibility.meetings()
        .select_related("body")
        .annotate(month=TruncMonth("date"))
        .order_by("-date", "-pk")
    )


def topics_index() -> QuerySet[Topic]:
    """Pillars in the resolution's order, then the other topics."""
    return visibility.topics().order_by("kind", "order", "name", "pk")


def organizations_index() -> QuerySet[Organization]:
    """By kind (party, state, elected body, …), then by name."""
    return visibility.organizations().select_related("parent").order_by("kind", "name", "pk")
