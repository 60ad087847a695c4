"""What the public site may show, and the querysets each page renders from.

The rule: only published articles (Article.objects.published()) are public, and with them what
hangs off them: their blocks, photos and statements; the meetings they report; the documents they
discuss or cite (and the targets those documents set); the people who speak, are shown or attend.
Organizations and topics are the archive's directory and always public, but list only public
records. Every function returns querysets with their related records joined or prefetched, so a
page costs the same number of queries however many records hang off it.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from articles.models import (
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


# Visibility ------------------------------------------------------------------------------------


def published_articles() -> QuerySet[Article]:
    return Article.objects.published()


def public_meetings() -> QuerySet[Meeting]:
    """Meetings that a published article reports."""
    return Meeting.objects.filter(Exists(published_articles().filter(meeting=OuterRef("pk"))))


def public_documents() -> QuerySet[Document]:
    """Documents a published article discusses or cites, speaks about, or has on its agenda."""
    published = published_articles()
    return Document.objects.filter(
        Exists(ArticleDocument.objects.filter(document=OuterRef("pk"), article__in=published))
        | Exists(
            Statement.documents.through.objects.filter(
                document=OuterRef("pk"), statement__article__in=published
            )
        )
        | Exists(AgendaItem.objects.filter(document=OuterRef("pk"), meeting__in=public_meetings()))
    )


def public_people() -> QuerySet[Person]:
    """People who speak in, are shown in, or attend, chair or present at what is published."""
    published = published_articles()
    meetings = public_meetings()
    return Person.objects.filter(
        Exists(Statement.objects.filter(speaker=OuterRef("pk"), article__in=published))
        | Exists(
            Photo.people_shown.through.objects.filter(
                person=OuterRef("pk"), photo__article__in=published
            )
        )
        | Exists(Attendance.objects.filter(person=OuterRef("pk"), meeting__in=meetings))
        | Exists(meetings.filter(chair=OuterRef("pk")))
        | Exists(AgendaItem.objects.filter(presenter=OuterRef("pk"), meeting__in=meetings))
    )


def public_statements() -> QuerySet[Statement]:
    return Statement.objects.filter(article__in=published_articles())


def public_targets() -> QuerySet[Target]:
    return Target.objects.filter(document__in=public_documents())


def paginate(queryset: QuerySet, page_number: str | None) -> Page:
    """One page of a long list; a bad or out-of-range number gives the first or last page."""
    return Paginator(queryset, PAGE_SIZE).get_page(page_number)


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
        public_statements()
        .select_related("speaker", "article", "meeting")
        .prefetch_related("documents", "targets")
    )


# Pages -----------------------------------------------------------------------------------------


def home_page() -> dict:
    return {
        "latest_articles": published_articles()[:12],
        "meetings": public_meetings()[:12],
        "officials": public_people()
        .annotate(
            statement_count=Count(
                "statements", filter=Q(statements__article__in=published_articles())
            )
        )
        .filter(statement_count__gt=0)
        .order_by("-statement_count", "full_name")[:24],
        "documents": public_documents()[:24],
        "pillars": Topic.objects.filter(kind=Topic.Kind.PILLAR),
    }


def article_for_page() -> QuerySet[Article]:
    """Published articles with everything the article page shows, in a fixed number of queries."""
    return (
        published_articles()
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
    return {
        "positions": list(person.positions.select_related("organization")),
        "statements": paginate(
            _statements_with_context()
            .filter(speaker=person)
            .order_by("-article__published_at", "order"),
            page_number,
        ),
        "photos": Photo.objects.filter(
            people_shown=person, article__in=published_articles()
        ).select_related("article", "block"),
        "meetings": public_meetings()
        .filter(
            Q(chair=person)
            | Exists(Attendance.objects.filter(meeting=OuterRef("pk"), person=person))
        )
        .select_related("body"),
    }


def organization_page(organization: Organization) -> dict:
    return {
        "children": organization.children.all(),
        "positions": Position.objects.filter(
            organization=organization, person__in=public_people()
        ).select_related("person"),
        "meetings": public_meetings().filter(body=organization),
        "documents": public_documents().filter(issuer=organization),
    }


def document_page(document: Document, page_number: str | None) -> dict:
    public = public_documents()
    return {
        "targets": document.targets.select_related("pillar", "proposed_by").order_by(*TARGET_ORDER),
        "statements": paginate(
            _statements_with_context()
            .filter(documents=document)
            .order_by("-article__published_at", "article_id", "order"),
            page_number,
        ),
        "articles": published_articles().filter(document_links__document=document),
        "relations_out": document.relations_out.filter(target__in=public).select_related("target"),
        "relations_in": document.relations_in.filter(source__in=public).select_related("source"),
        "agenda_items": AgendaItem.objects.filter(
            document=document, meeting__in=public_meetings()
        ).select_related("meeting"),
    }


def meeting_page(meeting: Meeting) -> dict:
    return {
        "attendances": list(meeting.attendances.select_related("person")),
        "agenda_items": meeting.agenda_items.select_related("document", "presenter"),
        "articles": published_articles().filter(meeting=meeting),
        "statements": _statements_with_context()
        .filter(meeting=meeting)
        .order_by("article__published_at", "article_id", "order"),
    }


def topic_page(topic: Topic, page_number: str | None) -> dict:
    return {
        "articles": paginate(published_articles().filter(topics=topic), page_number),
        "targets": public_targets()
        .filter(pillar=topic)
        .select_related("document", "proposed_by")
        .order_by(*TARGET_ORDER),
    }


def targets_overview() -> QuerySet[Target]:
    return (
        public_targets().select_related("pillar", "document", "proposed_by").order_by(*TARGET_ORDER)
    )
