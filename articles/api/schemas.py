"""API shapes of articles and what they report. Links between records are by id."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from archive.lib.api import (
    LangMap,
    UrlMap,
    absolute_file_url,
    lang_map,
    public_urls,
    translated,
)
from articles.models import Article, BodyBlock, Photo, Statement
from people.schemas import PersonOut


def ids(related: Any) -> list[int]:
    """Ids of a prefetched many-to-many relation (no query when it was prefetched)."""
    return [obj.pk for obj in related.all()]


class TopicOut(Schema):
    """A topic, or one of the five pillars of the digital-transformation resolution."""

    id: int
    kind: str
    name: LangMap
    slug: LangMap
    url: UrlMap

    resolve_name = translated("name")
    resolve_slug = translated("slug")
    resolve_url = public_urls()


class DocumentOut(Schema):
    """A document's identity: symbol as printed, its normalized key, issuer and date."""

    id: int
    kind: str
    symbol: str
    symbol_key: str
    issuer_id: int | None
    issued_on: date | None
    status: str
    title: LangMap
    slug: LangMap
    url: UrlMap

    resolve_title = translated("title")
    resolve_slug = translated("slug")
    resolve_url = public_urls()


class LinkedDocumentOut(DocumentOut):
    """A document as an article uses it: discussed (on the agenda) or cited."""

    role: str


class DocumentRelationOut(Schema):
    kind: str
    source_id: int
    target_id: int


class TargetOut(Schema):
    """A goal a document sets or a meeting asked for, and what the meeting said of it."""

    id: int
    document_id: int
    pillar: TopicOut | None
    indicator: LangMap
    # What `value` measures: "quantity" (a value in `unit`) or "rank" (in the top `value`; no
    # unit). Added in v1 without a version change: a client that ignores it reads ranks as
    # quantities without a unit.
    measure: str = Field(
        ...,
        description='What `value` measures: "quantity" (a value in `unit`) or "rank" '
        '(in the top `value`, e.g. 30 for "in the top 30"; no unit).',
    )
    value: float | None
    unit: LangMap
    deadline_year: int | None
    scope: LangMap
    outcome: str
    meeting_note: LangMap
    proposed_by_id: int | None
    order: int
    url: UrlMap

    resolve_indicator = translated("indicator")
    resolve_unit = translated("unit")
    resolve_scope = translated("scope")
    resolve_meeting_note = translated("meeting_note")
    resolve_url = public_urls(inside="document")


class TargetDetail(TargetOut):
    statement_ids: list[int]


class DocumentDetail(DocumentOut):
    summary: LangMap
    relations: list[DocumentRelationOut]
    targets: list[TargetOut]
    statement_ids: list[int]
    article_ids: list[int]

    resolve_summary = translated("summary")


class StatementOut(Schema):
    """Who said what (kind: quote, paraphrase, conclusion, …), attributed as printed."""

    id: int
    article_id: int
    meeting_id: int | None
    speaker_id: int
    kind: str
    order: int
    attribution: LangMap
    text: LangMap
    document_ids: list[int]
    target_ids: list[int]
    url: UrlMap

    resolve_attribution = translated("attribution")
    resolve_text = translated("text")
    resolve_url = public_urls()

    @staticmethod
    def resolve_document_ids(obj: Statement) -> list[int]:
        return ids(obj.documents)

    @staticmethod
    def resolve_target_ids(obj: Statement) -> list[int]:
        return ids(obj.targets)


class PhotoOut(Schema):
    id: int
    order: int
    image: str | None
    is_placeholder: bool
    caption: LangMap
    alt: LangMap
    credit: str
    people_shown_ids: list[int]
    url: UrlMap

    resolve_caption = translated("caption")
    resolve_alt = translated("alt_text")
    resolve_url = public_urls(inside="article")

    @staticmethod
    def resolve_image(obj: Photo, context: dict[str, Any]) -> str | None:
        return absolute_file_url(context, obj.image)

    @staticmethod
    def resolve_people_shown_ids(obj: Photo) -> list[int]:
        return ids(obj.people_shown)


class BodyBlockOut(Schema):
    """One block of the body in the original order: a heading or paragraph, or a photo by id."""

    order: int
    kind: str
    text: LangMap | None
    photo_id: int | None

    @staticmethod
    def resolve_text(obj: BodyBlock) -> dict[str, str | None] | None:
        return None if obj.kind == BodyBlock.Kind.PHOTO else lang_map(obj, "text")


class MeetingOut(Schema):
    id: int
    title: LangMap
    slug: LangMap
    kind: LangMap
    date: date
    time_of_day: LangMap
    body_id: int
    chair_id: int | None
    url: UrlMap

    resolve_title = translated("title")
    resolve_slug = translated("slug")
    resolve_kind = translated("kind")
    resolve_time_of_day = translated("time_of_day")
    resolve_url = public_urls()


class AttendanceOut(Schema):
    person_id: int
    role: str
    order: int


class AgendaItemOut(Schema):
    order: int
    title: LangMap
    document_id: int | None
    presenter_id: int | None

    resolve_title = translated("title")


class MeetingDetail(MeetingOut):
    other_attendees: LangMap
    attendees: list[AttendanceOut]
    agenda_items: list[AgendaItemOut]
    article_ids: list[int]
    statement_ids: list[int]

    resolve_other_attendees = translated("other_attendees")

    @staticmethod
    def resolve_attendees(obj: Any) -> list[Any]:
        return list(obj.attendances.all())


class ArticleOut(Schema):
    id: int
    title: LangMap
    slug: LangMap
    lead: LangMap
    byline: str
    published_at: datetime
    source_name: LangMap
    source_url: str
    meeting_id: int | None
    url: UrlMap

    resolve_title = translated("title")
    resolve_slug = translated("slug")
    resolve_lead = translated("lead")
    resolve_source_name = translated("source_name")
    resolve_url = public_urls()

    @staticmethod
    def resolve_published_at(obj: Article) -> datetime:
        # In the newsroom's time zone (+07:00), as the original dateline gives it.
        return timezone.localtime(obj.published_at)


class ArticleDetail(ArticleOut):
    """An article with everything it reports. The view attaches the records that are not plain
    relations of the article: `connected_people`, `linked_documents` and `reported_targets`."""

    topics: list[TopicOut]
    people: list[PersonOut]
    statements: list[StatementOut]
    documents: list[LinkedDocumentOut]
    targets: list[TargetOut]
    photos: list[PhotoOut]
    body: list[BodyBlockOut]

    @staticmethod
    def resolve_people(obj: Article) -> list[Any]:
        return obj.connected_people

    @staticmethod
    def resolve_documents(obj: Article) -> list[Any]:
        return obj.linked_documents

    @staticmethod
    def resolve_targets(obj: Article) -> list[Any]:
        return obj.reported_targets

    @staticmethod
    def resolve_body(obj: Article) -> list[BodyBlock]:
        return list(obj.blocks.all())
