"""A reproducible synthetic archive built from the seed article's vocabulary and structure.

Used to measure the site at the size of a real provincial or national archive (`manage.py
generate_corpus`, `manage.py bench`). Rows go in with COPY; values come from unsaved model
instances, so every field the models declare (defaults included) is filled the way Django would.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, models
from django.utils import timezone

from articles.models import (
    Article,
    ArticleDocument,
    BodyBlock,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
    Topic,
)
from people.models import Organization, Person

BATCH = 5_000
FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Thái",
    "Võ",
    "Đinh",
    "Ngọc",
]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Thanh", "Kim", "Thu", "Hoài", "Minh", "Quốc", "Hữu"]
GIVEN_NAMES = [
    "Quý",
    "Thông",
    "Trung",
    "Nam",
    "Chi",
    "An",
    "Hường",
    "Chung",
    "Hải",
    "Bình",
    "Hùng",
    "Lan",
    "Tâm",
    "Sơn",
    "Phương",
    "Dũng",
    "Hà",
    "Long",
    "Tú",
    "Vinh",
]
SYMBOL_CODES = [
    ("NQ", Document.Kind.RESOLUTION),
    ("QĐ", Document.Kind.REGULATION),
    ("CT", Document.Kind.DIRECTIVE),
    ("KL", Document.Kind.CONCLUSION),
    ("KH", Document.Kind.PLAN),
]


def unaccented_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())[:180]


@dataclass
class Vocabulary:
    """Bilingual text pairs taken from the seed records."""

    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    headings: list[tuple[str, str]] = field(default_factory=list)
    statements: list[tuple[str, str, str]] = field(default_factory=list)  # kind, vi, en
    captions: list[tuple[str, str]] = field(default_factory=list)
    titles: list[tuple[str, str]] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_seed(cls) -> Vocabulary:
        vocabulary = cls()
        for block in BodyBlock.objects.exclude(kind=BodyBlock.Kind.PHOTO):
            pair = (block.text_vi or "", block.text_en or block.text_vi or "")
            target = (
                vocabulary.headings
                if block.kind == BodyBlock.Kind.HEADING
                else (vocabulary.paragraphs)
            )
            target.append(pair)
        for article in Article.objects.all():
            vocabulary.titles.append((article.title_vi, article.title_en or article.title_vi))
            vocabulary.paragraphs.append((article.lead_vi, article.lead_en or article.lead_vi))
        vocabulary.statements = [
            (s.kind, s.text_vi, s.text_en or s.text_vi) for s in Statement.objects.all()
        ]
        vocabulary.captions = [
            (p.caption_vi, p.caption_en or p.caption_vi) for p in Photo.objects.all()
        ]
        vocabulary.indicators = [
            (t.indicator_vi, t.indicator_en or t.indicator_vi) for t in Target.objects.all()
        ]
        missing = [name for name, pool in vars(vocabulary).items() if not pool]
        if missing:
            raise ValueError(
                f"The seed has no {', '.join(missing)}: run `manage.py load_seed` first"
            )
        return vocabulary


def copy_instances(model: type[models.Model], instances: Iterable[models.Model]) -> int:
    """COPY unsaved instances (with ids already set) into the model's table; return the count."""
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for chunk in itertools.batched(instances, BATCH):
            with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
                for instance in chunk:
                    copy.write_row(
                        [
                            f.get_db_prep_save(f.pre_save(instance, add=True), connection)
                            for f in fields
                        ]
                    )
            count += len(chunk)
    return count


def next_id(model: type[models.Model]) -> int:
    last = model.objects.aggregate(last=models.Max("pk"))["last"]
    return (last or 0) + 1


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 1) FROM {table}))",
                [table],
            )


class CorpusGenerator:
    """Generates `articles` synthetic articles with their records, deterministically from `seed`."""

    def __init__(self, articles: int, seed: int) -> None:
        self.count = articles
        self.random = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.vocabulary = Vocabulary.from_seed()
        self.body = Organization.objects.filter(meetings__isnull=False).first() or (
            Organization.objects.first()
        )
        self.issuers = list(Organization.objects.all())
        self.pillars = list(Topic.objects.filter(kind=Topic.Kind.PILLAR))
        self.stamp = timezone.now()
        self.suffix = f"s{seed}"

    # Small helpers -------------------------------------------------------------------------
    def pick(self, pool: list):
        return pool[self.random.randrange(len(pool))]

    def day(self) -> date:
        return date(2012, 1, 1) + timedelta(days=self.random.randrange(15 * 365))

    def vary(self, pair: tuple[str, str], name: str) -> tuple[str, str]:
        """Swap the seed's best-known name for another, so names spread across the corpus."""
        return tuple(text.replace("Thái Thanh Quý", name) for text in pair)  # type: ignore[return-value]

    # Generation ----------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        people = self.make_people(max(60, self.count // 200))
        counts["people"] = copy_instances(Person, people)
        documents = self.make_documents(max(30, self.count // 100))
        counts["documents"] = copy_instances(Document, documents)
        counts["targets"] = copy_instances(Target, self.make_targets(documents))
        meetings = self.make_meetings(max(1, self.count // 2), people)
        counts["meetings"] = copy_instances(Meeting, meetings)
        counts.update(self.make_articles(people, documents, meetings))
        reset_sequences(
            [
                Person,
                Document,
                Target,
                Meeting,
                Article,
                BodyBlock,
                Statement,
                Photo,
                ArticleDocument,
                Statement.documents.through,
            ]
        )
        return counts

    def make_people(self, total: int) -> list[Person]:
        first = next_id(Person)
        names = [
            f"{family} {middle} {given}"
            for family, middle, given in itertools.product(FAMILY_NAMES, MIDDLE_NAMES, GIVEN_NAMES)
        ]
        self.random.shuffle(names)
        people = []
        for offset in range(total):
            pk = first + offset
            name = names[offset % len(names)]
            people.append(Person(id=pk, full_name=name, slug=f"{unaccented_slug(name)}-{pk}"))
        return people

    def make_documents(self, total: int) -> list[Document]:
        first = next_id(Document)
        documents = []
        for offset in range(total):
            pk = first + offset
            code, kind = self.pick(SYMBOL_CODES)
            scope = self.pick(["TW", "TU"])
            symbol = f"{pk}-{code}/{scope}"  # numbered by id, so symbol + issuer + date is unique
            title_vi, title_en = self.pick(self.vocabulary.titles)
            documents.append(
                Document(
                    id=pk,
                    kind=kind,
                    symbol=symbol,
                    issuer=self.pick(self.issuers),
                    issued_on=self.day(),
                    status=Document.Status.IN_FORCE,
                    title=title_vi,
                    title_vi=f"{title_vi} ({symbol})",
                    title_en=f"{title_en} ({symbol})",
                    slug=f"doc-{pk}",
                    slug_vi=f"van-ban-{pk}",
                    slug_en=f"document-{pk}",
                    summary="",
                    summary_vi="",
                    summary_en="",
                )
            )
        return documents

    def make_targets(self, documents: list[Document]) -> Iterator[Target]:
        pk = next_id(Target)
        for document in documents:
            for order in range(3):
                vi, en = self.pick(self.vocabulary.indicators)
                yield Target(
                    id=pk,
                    document=document,
                    pillar=self.pick(self.pillars) if self.pillars else None,
                    indicator=vi,
                    indicator_vi=vi,
                    indicator_en=en,
                    value=self.random.randrange(10, 101),
                    unit="%",
                    unit_vi="%",
                    unit_en="%",
                    deadline_year=self.pick([2025, 2030]),
                    scope="",
                    scope_vi="",
                    scope_en="",
                    outcome=Target.Outcome.IN_DRAFT,
                    meeting_note="",
                    meeting_note_vi="",
                    meeting_note_en="",
                    order=order,
                )
                pk += 1

    def make_meetings(self, total: int, people: list[Person]) -> list[Meeting]:
        first = next_id(Meeting)
        meetings = []
        for offset in range(total):
            pk = first + offset
            when = self.day()
            meetings.append(
                Meeting(
                    id=pk,
                    body=self.body,
                    date=when,
                    chair=self.pick(people),
                    title=f"Phiên họp {when:%d/%m/%Y}",
                    title_vi=f"Phiên họp {when:%d/%m/%Y}",
                    title_en=f"Meeting of {when:%d %B %Y}",
                    slug=f"meeting-{pk}",
                    slug_vi=f"phien-hop-{pk}",
                    slug_en=f"meeting-{pk}",
                    kind="thường kỳ",
                    kind_vi="phiên họp thường kỳ",
                    kind_en="regular session",
                    time_of_day="",
                    time_of_day_vi="",
                    time_of_day_en="",
                    other_attendees="",
                    other_attendees_vi="",
                    other_attendees_en="",
                )
            )
        return meetings

    def make_articles(self, people, documents, meetings) -> dict[str, int]:
        ids = {
            model: next_id(model)
            for model in (Article, BodyBlock, Statement, Photo, ArticleDocument)
        }
        statement_documents = Statement.documents.through
        ids[statement_documents] = next_id(statement_documents)
        articles, blocks, statements, photos, links, statement_links = [], [], [], [], [], []
        counts = dict.fromkeys(
            [
                "articles",
                "blocks",
                "statements",
                "photos",
                "article_documents",
                "statement_documents",
            ],
            0,
        )

        def flush() -> None:
            counts["articles"] += copy_instances(Article, articles)
            counts["photos"] += copy_instances(Photo, photos)
            counts["blocks"] += copy_instances(BodyBlock, blocks)
            counts["statements"] += copy_instances(Statement, statements)
            counts["article_documents"] += copy_instances(ArticleDocument, links)
            counts["statement_documents"] += copy_instances(statement_documents, statement_links)
            for batch in (articles, blocks, statements, photos, links, statement_links):
                batch.clear()

        for offset in range(self.count):
            article_id = ids[Article] + offset
            speaker = self.pick(people)
            meeting = meetings[offset % len(meetings)]
            published = datetime.combine(meeting.date, datetime.min.time(), UTC) + timedelta(
                hours=self.random.randrange(2, 12)
            )
            title_vi, title_en = self.vary(self.pick(self.vocabulary.titles), speaker.full_name)
            lead_vi, lead_en = self.vary(self.pick(self.vocabulary.paragraphs), speaker.full_name)
            articles.append(
                Article(
                    id=article_id,
                    title=title_vi,
                    title_vi=title_vi,
                    title_en=title_en,
                    slug=f"a-{article_id}",
                    slug_vi=f"{unaccented_slug(title_vi)[:150]}-{article_id}",
                    slug_en=f"{unaccented_slug(title_en)[:150]}-{article_id}",
                    lead=lead_vi,
                    lead_vi=lead_vi,
                    lead_en=lead_en,
                    byline="Thành Duy",
                    published_at=published,
                    status=Article.Status.PUBLISHED,
                    source_name="Báo Nghệ An",
                    source_name_vi="Báo Nghệ An",
                    source_name_en="Nghệ An Newspaper",
                    source_url="https://baonghean.vn/",
                    meeting=meeting,
                    created_at=self.stamp,
                    updated_at=self.stamp,
                )
            )
            photo_id = ids[Photo] + offset
            caption_vi, caption_en = self.vary(
                self.pick(self.vocabulary.captions), speaker.full_name
            )
            photos.append(
                Photo(
                    id=photo_id,
                    article_id=article_id,
                    image="photos/synthetic/none.png",
                    is_placeholder=True,
                    caption=caption_vi,
                    caption_vi=caption_vi,
                    caption_en=caption_en,
                    alt_text="",
                    alt_text_vi=caption_vi[:300],
                    alt_text_en=caption_en[:300],
                    credit="Thành Duy",
                    order=0,
                )
            )
            heading = self.pick(self.vocabulary.headings)
            block_texts = [("heading", heading)] + [
                ("paragraph", self.vary(self.pick(self.vocabulary.paragraphs), speaker.full_name))
                for _ in range(5)
            ]
            for order, (kind, (vi, en)) in enumerate(block_texts):
                blocks.append(
                    BodyBlock(
                        id=ids[BodyBlock],
                        article_id=article_id,
                        order=order,
                        kind=kind,
                        text=vi,
                        text_vi=vi,
                        text_en=en,
                    )
                )
                ids[BodyBlock] += 1
            blocks.append(
                BodyBlock(
                    id=ids[BodyBlock],
                    article_id=article_id,
                    order=len(block_texts),
                    kind="photo",
                    photo_id=photo_id,
                    text="",
                    text_vi="",
                    text_en="",
                )
            )
            ids[BodyBlock] += 1
            article_documents = self.random.sample(documents, 2)
            for order, document in enumerate(article_documents):
                links.append(
                    ArticleDocument(
                        id=ids[ArticleDocument],
                        article_id=article_id,
                        document=document,
                        role=ArticleDocument.Role.DISCUSSED,
                        order=order,
                    )
                )
                ids[ArticleDocument] += 1
            for order in range(3):
                kind, vi, en = self.pick(self.vocabulary.statements)
                statement_id = ids[Statement]
                statements.append(
                    Statement(
                        id=statement_id,
                        article_id=article_id,
                        meeting=meeting,
                        speaker=self.pick(people) if order else speaker,
                        attribution="Đồng chí",
                        attribution_vi="Đồng chí",
                        attribution_en="Comrade",
                        kind=kind,
                        text=vi,
                        text_vi=vi,
                        text_en=en,
                        order=order,
                    )
                )
                statement_links.append(
                    statement_documents(
                        id=ids[statement_documents],
                        statement_id=statement_id,
                        document_id=article_documents[0].pk,
                    )
                )
                ids[Statement] += 1
                ids[statement_documents] += 1
            if len(articles) >= BATCH:
                flush()
        flush()
        return counts
