"""What the public may see: published articles and the records they report.

A draft (or scheduled) article's statements, photos, meeting, documents, targets and people
stay hidden until it is published, so nothing leaks before publication. Each function returns
a lazy queryset built from subqueries (`pk IN (…)`, no joins, so no duplicate rows):
evaluating one costs one SQL query, whatever the number of records behind it.
"""

from django.db.models import F, FilteredRelation, Q, QuerySet

from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
)
from people.models import Organization, Person


def articles() -> QuerySet[Article]:
    return Article.objects.published()


def statements() -> QuerySet[Statement]:
    return Statement.objects.filter(article__in=articles())


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(pk__in=articles().values("meeting_id"))


def documents() -> QuerySet[Document]:
    """Documents a published article links, its statements are about, or its meeting discussed."""
    return Document.objects.filter(
        Q(pk__in=ArticleDocument.objects.filter(article__in=articles()).values("document_id"))
        | Q(
            pk__in=Statement.documents.through.objects.filter(statement__in=statements()).values(
                "document_id"
            )
        )
        | Q(pk__in=Target.objects.filter(statements__in=statements()).values("document_id"))
        | Q(pk__in=AgendaItem.objects.filter(meeting__in=meetings()).values("document_id"))
    )


def targets() -> QuerySet[Target]:
    return Target.objects.filter(document__in=documents())


def people() -> QuerySet[Person]:
    """People a published article shows: speakers, people in photos, the meeting's attendees,
    chair and presenters, and proposers of the targets it reports."""
    return Person.objects.filter(
        Q(pk__in=statements().values("speaker_id"))
        | Q(
            pk__in=Photo.people_shown.through.objects.filter(photo__article__in=articles()).values(
                "person_id"
            )
        )
        | Q(pk__in=Attendance.objects.filter(meeting__in=meetings()).values("person_id"))
        | Q(pk__in=meetings().values("chair_id"))
        | Q(pk__in=AgendaItem.objects.filter(meeting__in=meetings()).values("presenter_id"))
        | Q(pk__in=targets().values("proposed_by_id"))
    )


def organizations() -> QuerySet[Organization]:
    """Every organization. Institutions have no draft state and the article names some (the
    outlet, a body it mentions) without any record pointing at them, so none is hidden."""
    return Organization.objects.all()


def people_of_article(article: Article) -> QuerySet[Person]:
    """Everyone an article connects: its meeting's attendees and chair, its speakers, and the
    people in its photos."""
    return Person.objects.filter(
        Q(pk__in=Attendance.objects.filter(meeting_id=article.meeting_id).values("person_id"))
        | Q(pk__in=Meeting.objects.filter(pk=article.meeting_id).values("chair_id"))
        | Q(pk__in=Statement.objects.filter(article=article).values("speaker_id"))
        | Q(
            pk__in=Photo.people_shown.through.objects.filter(photo__article=article).values(
                "person_id"
            )
        )
    )


def targets_of_article(article: Article) -> QuerySet[Target]:
    """Targets of the documents an article links, and any target its statements are about."""
    return Target.objects.filter(
        Q(document__in=ArticleDocument.objects.filter(article=article).values("document_id"))
        | Q(
            pk__in=Statement.targets.through.objects.filter(statement__article=article).values(
                "target_id"
            )
        )
    )


def documents_of_article(article: Article) -> QuerySet[Document]:
    """The documents an article links, in its order, each annotated with its `role` there."""
    return (
        Document.objects.annotate(
            link=FilteredRelation("article_links", condition=Q(article_links__article=article))
        )
        .filter(link__isnull=False)
        .annotate(role=F("link__role"))
        .order_by("link__order", "id")
    )
