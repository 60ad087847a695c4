"""API endpoints for articles and what they report: statements, documents, targets, meetings.

Only published articles and the records they report are visible (articles/visibility.py). Every
endpoint runs a fixed number of SQL queries: related records come through select_related,
prefetch_related or one extra query each, never one query per row.

The detail endpoints' loaders (`load_article`, `load_document`, `load_meeting`) take the scope of
records they may see (articles.api.scopes), so export_article can serialize drafts with the
same code.
"""

from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from archive.lib.api import BoundedPageNumberPagination, detail_responses, list_responses
from articles import visibility
from articles.api.schemas import (
    ArticleDetail,
    ArticleOut,
    DocumentDetail,
    DocumentOut,
    MeetingDetail,
    MeetingOut,
    StatementOut,
    TargetDetail,
    TargetOut,
)
from articles.api.scopes import RecordScope
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    DocumentRelation,
    Meeting,
    Photo,
    Statement,
    Target,
)
from people.models import Person

router = Router()


def only_ids(model: type) -> QuerySet:
    """Many-to-many links are given by id: prefetch the ids, not whole rows."""
    return model.objects.only("id")


def ordered_ids(queryset: QuerySet, *ordering: str) -> list[int]:
    return list(queryset.order_by(*ordering).values_list("pk", flat=True))


# Statement ids are given in the order they were published and spoken.
CHRONOLOGICAL_STATEMENTS = ("article__published_at", "article_id", "order", "id")


def with_links(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """Statements with what their permalinks and `document_ids` / `target_ids` need."""
    return statements.select_related("article").prefetch_related(
        Prefetch("documents", queryset=only_ids(Document)),
        Prefetch("targets", queryset=only_ids(Target)),
    )


# Articles


@router.get("/articles/", response=list_responses(ArticleOut), tags=["articles"])
@paginate(BoundedPageNumberPagination)
def list_articles(request: HttpRequest) -> QuerySet[Article]:
    """Published articles, newest first."""
    return visibility.articles().order_by("-published_at", "-id")


@router.get("/articles/{article_id}", response=detail_responses(ArticleDetail), tags=["articles"])
def get_article(request: HttpRequest, article_id: int) -> Article:
    """An article with its people, statements, documents, targets, photos and body in order."""
    return load_article(visibility, article_id)


def load_article(scope: RecordScope, article_id: int) -> Article:
    """The article as ArticleDetail shows it (Http404 if `scope` does not hold it)."""
    statements = Statement.objects.order_by("order", "id").prefetch_related(
        Prefetch("documents", queryset=only_ids(Document)),
        Prefetch("targets", queryset=only_ids(Target)),
    )
    photos = Photo.objects.order_by("order", "id").prefetch_related(
        Prefetch("people_shown", queryset=only_ids(Person))
    )
    article = get_object_or_404(
        scope.articles().prefetch_related(
            "topics",
            Prefetch("statements", queryset=statements),
            Prefetch("photos", queryset=photos),
            Prefetch("blocks", queryset=BodyBlock.objects.order_by("order")),
        ),
        pk=article_id,
    )
    article.connected_people = list(
        people_of_article(article).prefetch_related("positions").order_by("full_name", "id")
    )
    article.linked_documents = list(documents_of_article(article))
    article.reported_targets = list(
        targets_of_article(article)
        .select_related("pillar", "document")
        .order_by("document_id", "order", "id")
    )
    return article


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


# Statements


class StatementFilters(Schema):
    speaker: int | None = None
    article: int | None = None
    document: int | None = None
    kind: Statement.Kind | None = None


@router.get("/statements/", response=list_responses(StatementOut), tags=["statements"])
@paginate(BoundedPageNumberPagination)
def list_statements(request: HttpRequest, filters: Query[StatementFilters]) -> QuerySet[Statement]:
    """Statements of published articles, newest article first, in the order of each article.
    Filter by speaker (person id), article id, document id or kind."""
    statements = visibility.statements()
    if filters.speaker is not None:
        statements = statements.filter(speaker_id=filters.speaker)
    if filters.article is not None:
        statements = statements.filter(article_id=filters.article)
    if filters.document is not None:
        statements = statements.filter(documents=filters.document)
    if filters.kind is not None:
        statements = statements.filter(kind=filters.kind)
    return with_links(statements).order_by("-article__published_at", "article_id", "order", "id")


@router.get(
    "/statements/{statement_id}", response=detail_responses(StatementOut), tags=["statements"]
)
def get_statement(request: HttpRequest, statement_id: int) -> Statement:
    """One statement: who said it, as printed, and what it is about."""
    return get_object_or_404(with_links(visibility.statements()), pk=statement_id)


# Documents


@router.get("/documents/", response=list_responses(DocumentOut), tags=["documents"])
@paginate(BoundedPageNumberPagination)
def list_documents(request: HttpRequest) -> QuerySet[Document]:
    """Documents the published articles discuss or cite, most recently issued first."""
    return visibility.documents().order_by(F("issued_on").desc(nulls_last=True), "symbol", "id")


@router.get(
    "/documents/{document_id}", response=detail_responses(DocumentDetail), tags=["documents"]
)
def get_document(request: HttpRequest, document_id: int) -> Document:
    """A document's identity, its relations to other documents, its targets, the statements
    about it and the articles that discuss or cite it."""
    return load_document(visibility, document_id)


def load_document(scope: RecordScope, document_id: int) -> Document:
    """The document as DocumentDetail shows it (Http404 if `scope` does not hold it)."""
    targets = Target.objects.select_related("pillar").order_by("order", "id")
    document = get_object_or_404(
        scope.documents().prefetch_related(Prefetch("targets", queryset=targets)),
        pk=document_id,
    )
    visible = scope.documents()
    document.relations = list(
        DocumentRelation.objects.filter(
            Q(source=document, target__in=visible) | Q(target=document, source__in=visible)
        ).order_by("id")
    )
    about_it = scope.statements().filter(Q(documents=document) | Q(targets__document=document))
    document.statement_ids = ordered_ids(
        scope.statements().filter(pk__in=about_it.values("pk")),
        *CHRONOLOGICAL_STATEMENTS,
    )
    document.article_ids = ordered_ids(
        scope.articles().filter(
            Q(pk__in=document.article_links.values("article_id"))
            | Q(pk__in=about_it.values("article_id"))
        ),
        "-published_at",
        "-id",
    )
    return document


# Targets


class TargetFilters(Schema):
    document: int | None = None
    pillar: int | None = None
    deadline_year: int | None = None
    outcome: Target.Outcome | None = None


@router.get("/targets/", response=list_responses(TargetOut), tags=["targets"])
@paginate(BoundedPageNumberPagination)
def list_targets(request: HttpRequest, filters: Query[TargetFilters]) -> QuerySet[Target]:
    """Targets of the documents the published articles report, grouped by document, in order.
    Filter by document id, pillar (topic id), deadline year or outcome at the meeting."""
    targets = visibility.targets()
    if filters.document is not None:
        targets = targets.filter(document_id=filters.document)
    if filters.pillar is not None:
        targets = targets.filter(pillar_id=filters.pillar)
    if filters.deadline_year is not None:
        targets = targets.filter(deadline_year=filters.deadline_year)
    if filters.outcome is not None:
        targets = targets.filter(outcome=filters.outcome)
    return targets.select_related("pillar", "document").order_by("document_id", "order", "id")


@router.get("/targets/{target_id}", response=detail_responses(TargetDetail), tags=["targets"])
def get_target(request: HttpRequest, target_id: int) -> Target:
    """A target, its pillar and the ids of the statements about it."""
    target = get_object_or_404(
        visibility.targets().select_related("pillar", "document"), pk=target_id
    )
    target.statement_ids = ordered_ids(
        visibility.statements().filter(targets=target),
        *CHRONOLOGICAL_STATEMENTS,
    )
    return target


# Meetings


@router.get("/meetings/", response=list_responses(MeetingOut), tags=["meetings"])
@paginate(BoundedPageNumberPagination)
def list_meetings(request: HttpRequest) -> QuerySet[Meeting]:
    """Meetings the published articles report, most recent first."""
    return visibility.meetings().order_by("-date", "-id")


@router.get("/meetings/{meeting_id}", response=detail_responses(MeetingDetail), tags=["meetings"])
def get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting: its chair, attendees with their roles, agenda items, articles and statements."""
    return load_meeting(visibility, meeting_id)


def load_meeting(scope: RecordScope, meeting_id: int) -> Meeting:
    """The meeting as MeetingDetail shows it (Http404 if `scope` does not hold it)."""
    meeting = get_object_or_404(
        scope.meetings().prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.order_by("order", "id")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order")),
        ),
        pk=meeting_id,
    )
    meeting.article_ids = ordered_ids(
        scope.articles().filter(meeting=meeting), "-published_at", "-id"
    )
    meeting.statement_ids = ordered_ids(
        scope.statements().filter(Q(meeting=meeting) | Q(article__meeting=meeting)),
        *CHRONOLOGICAL_STATEMENTS,
    )
    return meeting
