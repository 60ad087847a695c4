"""A reproducible synthetic archive built from the seed article's vocabulary and structure.

Used to measure the site at the size of a real provincial or national archive (`manage.py
generate_corpus`, `manage.py bench`). Rows go in with COPY; values come from unsaved model
instances, so every field the models declare (defaults included) is filled the way Django would.
"""

from __future__ import annotations

import itertools
import math
import random
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from archive.lib.text import fold
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
from articles.search import MODEL_OF_KIND, SearchEntry, reindex
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
    # NFKC first, so compatibility forms (ligatures, full-width letters) fold to plain letters.
    ascii_text = fold(unicodedata.normalize("NFKC", text)).lower()
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
        """Read the pools from the first article (the seed), never from generated ones, so the
        same seed number always gives the same corpus."""
        vocabulary = cls()
        article = Article.objects.order_by("pk").first()
        if article is None:
            raise ValueError("The archive is empty: run `manage.py load_seed` first")
        vocabulary.titles = [(article.title_vi, article.title_en or article.title_vi)]
        vocabulary.paragraphs = [(article.lead_vi, article.lead_en or article.lead_vi)]
        for block in article.blocks.exclude(kind=BodyBlock.Kind.PHOTO).order_by("order"):
            pool = (
                vocabulary.headings
                if block.kind == BodyBlock.Kind.HEADING
                else (vocabulary.paragraphs)
            )
            pool.append((block.text_vi or "", block.text_en or block.text_vi or ""))
        vocabulary.statements = [
            (s.kind, s.text_vi, s.text_en or s.text_vi) for s in article.statements.order_by("pk")
        ]
        vocabulary.captions = [
            (p.caption_vi, p.caption_en or p.caption_vi) for p in article.photos.order_by("pk")
        ]
        vocabulary.indicators = [
            (t.indicator_vi, t.indicator_en or t.indicator_vi)
            for t in Target.objects.filter(document__articles=article).order_by("pk")
        ]
        missing = [name for name, pool in vars(vocabulary).items() if not pool]
        if missing:
            raise ValueError(
                f"The seed has no {', '.join(missing)}: run `manage.py load_seed` first"
            )
        return vocabulary


_REQUIRED = object()


def column_defaults(model: type[models.Model]) -> dict[str, Any]:
    """What Django would store for each field left out of a row (REQUIRED when it must be given)."""
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.generated:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif f.blank and isinstance(f, models.CharField | models.TextField | models.FileField):
            defaults[f.attname] = ""
        else:
            defaults[f.attname] = _REQUIRED
    return defaults


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows (dicts keyed by field attname, ids included) into the model's table.

    Building model instances would cost more than the database's own work (modeltranslation
    wraps every __init__), so rows are plain dicts completed with the fields' defaults.
    """
    defaults = column_defaults(model)
    names = list(defaults)
    columns = ", ".join(
        connection.ops.quote_name(f.column) for f in model._meta.concrete_fields if not f.generated
    )
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        for chunk in itertools.batched(rows, BATCH):
            with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
                for row in chunk:
                    values = [row.get(name, defaults[name]) for name in names]
                    if _REQUIRED in values:
                        missing = [n for n, v in zip(names, values, strict=True) if v is _REQUIRED]
                        raise ValueError(f"{model.__name__} row lacks {', '.join(missing)}")
                    copy.write_row(values)
            count += len(chunk)
    return count


def translated(name: str, vi: str, en: str) -> dict[str, str]:
    """A translated field's three columns: the base column mirrors Vietnamese, as on save."""
    return {name: vi, f"{name}_vi": vi, f"{name}_en": en}


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


def analyze(models_: Iterable[type[models.Model]]) -> None:
    """Give the planner statistics on freshly loaded tables before anything queries them.

    Without them PostgreSQL takes `article_id IN (1,000 ids)` to match the whole table: the
    index rebuild that follows a load then ran a parallel scan of 7 million body blocks for
    every batch of 1,000 articles (60 articles/s at 1M instead of 300+).
    """
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class CorpusGenerator:
    """Generates `articles` synthetic articles with their records, deterministically from `seed`."""

    def __init__(self, articles: int, seed: int) -> None:
        self.count = articles
        self.random = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
        self.vocabulary = Vocabulary.from_seed()
        self.body = Organization.objects.filter(meetings__isnull=False).order_by("pk").first()
        self.issuers = list(Organization.objects.order_by("pk"))
        self.pillars = list(Topic.objects.filter(kind=Topic.Kind.PILLAR).order_by("pk"))
        self.suffix = f"s{seed}"

    # Small helpers -------------------------------------------------------------------------
    def pick(self, pool: list):
        return pool[self.random.randrange(len(pool))]

    def day(self) -> date:
        # 2012 to mid-2026: every generated article is already published.
        return date(2012, 1, 1) + timedelta(days=self.random.randrange(5300))

    def title(self) -> tuple[str, str]:
        """The seed's title, or the opening words of one of its paragraphs, in both languages."""
        if self.random.random() < 0.1:
            return self.pick(self.vocabulary.titles)
        words = self.random.randrange(8, 15)
        vi, en = self.pick(self.vocabulary.paragraphs)
        return " ".join(vi.split()[:words]), " ".join(en.split()[:words])

    def vary(self, pair: tuple[str, str], name: str) -> tuple[str, str]:
        """Swap the seed's best-known name for another, so names spread across the corpus."""
        return tuple(text.replace("Thái Thanh Quý", name) for text in pair)  # type: ignore[return-value]

    # Generation ----------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        with connection.cursor() as cursor:
            # The generator writes consistent keys itself; skipping the per-row foreign-key
            # triggers during COPY roughly halves the load time (needs a superuser, as the
            # embedded server's is; elsewhere the triggers simply stay on).
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
        people = self.make_people(max(60, self.count // 200))
        counts["people"] = copy_rows(Person, people)
        documents = self.make_documents(max(30, self.count // 100))
        counts["documents"] = copy_rows(Document, documents)
        counts["targets"] = copy_rows(Target, self.make_targets(documents))
        meetings = self.make_meetings(max(1, self.count // 2), people)
        counts["meetings"] = copy_rows(Meeting, meetings)
        counts.update(self.make_articles(people, documents, meetings))
        loaded = [
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
        reset_sequences(loaded)
        analyze(loaded)
        return counts

    def make_people(self, total: int) -> list[dict[str, Any]]:
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
            people.append({"id": pk, "full_name": name, "slug": f"{unaccented_slug(name)}-{pk}"})
        return people

    def make_documents(self, total: int) -> list[dict[str, Any]]:
        first = next_id(Document)
        documents = []
        for offset in range(total):
            pk = first + offset
            code, kind = self.pick(SYMBOL_CODES)
            symbol = f"{pk}-{code}/{self.pick(['TW', 'TU'])}"  # numbered by id: never a duplicate
            title_vi, title_en = self.pick(self.vocabulary.titles)
            documents.append(
                {
                    "id": pk,
                    "kind": kind,
                    "symbol": symbol,
                    "issuer_id": self.pick(self.issuers).pk,
                    "issued_on": self.day(),
                    "status": Document.Status.IN_FORCE,
                    **translated("title", f"{title_vi} ({symbol})", f"{title_en} ({symbol})"),
                    **translated("slug", f"van-ban-{pk}", f"document-{pk}"),
                }
            )
        return documents

    def make_targets(self, documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        pk = next_id(Target)
        for document in documents:
            for order in range(3):
                yield {
                    "id": pk,
                    "document_id": document["id"],
                    "pillar_id": self.pick(self.pillars).pk if self.pillars else None,
                    **translated("indicator", *self.pick(self.vocabulary.indicators)),
                    **translated("unit", "%", "%"),
                    "value": self.random.randrange(10, 101),
                    "deadline_year": self.pick([2025, 2030]),
                    "outcome": Target.Outcome.IN_DRAFT,
                    "order": order,
                }
                pk += 1

    def make_meetings(self, total: int, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
        first = next_id(Meeting)
        meetings = []
        for offset in range(total):
            pk = first + offset
            when = self.day()
            meetings.append(
                {
                    "id": pk,
                    "body_id": self.body.pk,
                    "date": when,
                    "chair_id": self.pick(people)["id"],
                    **translated(
                        "title", f"Phiên họp ngày {when:%d/%m/%Y}", f"Meeting of {when:%d %B %Y}"
                    ),
                    **translated("slug", f"phien-hop-{pk}", f"meeting-{pk}"),
                    **translated("kind", "phiên họp thường kỳ", "regular session"),
                }
            )
        return meetings

    def make_articles(self, people, documents, meetings) -> dict[str, int]:
        statement_documents = Statement.documents.through
        tables = {
            "articles": Article,
            "photos": Photo,
            "blocks": BodyBlock,
            "statements": Statement,
            "article_documents": ArticleDocument,
            "statement_documents": statement_documents,
        }
        ids = {name: next_id(model) for name, model in tables.items()}
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        counts = dict.fromkeys(tables, 0)

        def add(name: str, row: dict[str, Any]) -> int:
            row["id"] = ids[name]
            ids[name] += 1
            rows[name].append(row)
            return row["id"]

        def flush() -> None:
            for name, model in tables.items():  # in dependency order
                counts[name] += copy_rows(model, rows[name])
                rows[name].clear()

        for offset in range(self.count):
            speaker = self.pick(people)["full_name"]
            meeting = meetings[offset % len(meetings)]
            published = datetime.combine(meeting["date"], datetime.min.time(), UTC) + timedelta(
                hours=self.random.randrange(2, 12)
            )
            title_vi, title_en = self.vary(self.title(), speaker)
            article_id = add(
                "articles",
                {
                    **translated("title", title_vi, title_en),
                    **translated(
                        "slug", unaccented_slug(title_vi)[:150], unaccented_slug(title_en)[:150]
                    ),
                    **translated(
                        "lead", *self.vary(self.pick(self.vocabulary.paragraphs), speaker)
                    ),
                    **translated("source_name", "Báo Nghệ An", "Nghệ An Newspaper"),
                    "byline": "Thành Duy",
                    "published_at": published,
                    "status": Article.Status.PUBLISHED,
                    "source_url": "https://baonghean.vn/",
                    "meeting_id": meeting["id"],
                },
            )
            # Slugs must be unique per language: suffix the id, as the site's URLs do anyway.
            for column in ("slug", "slug_vi", "slug_en"):
                rows["articles"][-1][column] += f"-{article_id}"
            caption_vi, caption_en = self.vary(self.pick(self.vocabulary.captions), speaker)
            photo_id = add(
                "photos",
                {
                    "article_id": article_id,
                    "image": "photos/synthetic/none.png",
                    "is_placeholder": True,
                    **translated("caption", caption_vi, caption_en),
                    **translated("alt_text", caption_vi[:300], caption_en[:300]),
                    "credit": "Thành Duy",
                    "order": 0,
                },
            )
            texts = [("heading", self.pick(self.vocabulary.headings))] + [
                ("paragraph", self.vary(self.pick(self.vocabulary.paragraphs), speaker))
                for _ in range(5)
            ]
            for order, (kind, pair) in enumerate(texts):
                add(
                    "blocks",
                    {
                        "article_id": article_id,
                        "order": order,
                        "kind": kind,
                        **translated("text", *pair),
                    },
                )
            add(
                "blocks",
                {
                    "article_id": article_id,
                    "order": len(texts),
                    "kind": "photo",
                    "photo_id": photo_id,
                },
            )
            cited = self.random.sample(documents, 2)
            for order, document in enumerate(cited):
                add(
                    "article_documents",
                    {
                        "article_id": article_id,
                        "document_id": document["id"],
                        "role": ArticleDocument.Role.DISCUSSED,
                        "order": order,
                    },
                )
            for order in range(3):
                kind, vi, en = self.pick(self.vocabulary.statements)
                statement_id = add(
                    "statements",
                    {
                        "article_id": article_id,
                        "meeting_id": meeting["id"],
                        "speaker_id": self.pick(people)["id"],
                        "kind": kind,
                        "order": order,
                        **translated("attribution", "Đồng chí", "Comrade"),
                        **translated("text", vi, en),
                    },
                )
                add(
                    "statement_documents",
                    {"statement_id": statement_id, "document_id": cited[0]["id"]},
                )
            if len(rows["articles"]) >= BATCH:
                flush()
        flush()
        return counts


# ---------------------------------------------------------------- a wide facet

REINDEX_BATCH = 1_000


def widest_speaker() -> int | None:
    """The person who speaks most often (the lowest id among equals): the official
    `widen_facet()` makes common, and the same one again when it runs a second time."""
    row = (
        Statement.objects.values("speaker")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker")
        .values_list("speaker", flat=True)
        .first()
    )
    return row


def widen_facet(percent: float, index: bool = True) -> dict[str, int]:
    """Make one official appear in at least `percent` % of the search entries, deterministically.

    Searches filtered by a facet that wide take another plan than a narrow one (planner.py),
    and a generated corpus spreads its speakers thin (each in ~0.4 % of entries). The official
    is `widest_speaker()`; the first statement of articles where they are not heard yet, newest
    article id first, is given to them, until their statements and the articles holding them
    are `percent` % of all entries (one entry per object of each kind). An article adds two
    entries (itself and the statement): no other entry of the corpus names the speaker of a
    statement except the old and new speaker's own entries and the documents the statement
    cites, which are re-indexed too. Running it again on the same corpus changes nothing.

    With `index` the affected entries (only they) are rewritten when the corpus has an index;
    without, the rebuild that follows writes them. Returns the official's id, the statements
    moved and the entries re-indexed.
    """
    if not 0 < percent < 50:
        raise ValueError("the wide facet's share must be between 0 and 50 %")
    official = widest_speaker()
    if official is None:
        raise ValueError("The archive has no statements: run `manage.py load_seed` first")
    entries = sum(model.objects.count() for model in MODEL_OF_KIND.values())
    spoken = Statement.objects.filter(speaker=official)
    # A lower bound of the official's entries: their statements and the articles holding them.
    present = spoken.count() + spoken.values("article").distinct().count()
    moves = max(0, math.ceil((math.ceil(entries * percent / 100) - present) / 2))
    heard = Statement.objects.filter(article=OuterRef("article"), speaker=official)
    first = Statement.objects.filter(article=OuterRef("article")).order_by("order", "id")
    chosen = list(
        Statement.objects.filter(id=models.Subquery(first.values("id")[:1]))
        .exclude(Exists(heard))
        # Not already named in the article's entry by its meeting or photos either, so each
        # move adds exactly two entries.
        .exclude(
            Q(article__meeting__chair=official)
            | Q(article__meeting__attendances__person=official)
            | Q(article__photos__people_shown=official)
        )
        .order_by("-article_id")
        .values_list("id", "speaker", "article")[:moves]
        if moves
        else []
    )
    statements = [statement for statement, _, _ in chosen]
    Statement.objects.filter(id__in=statements).update(speaker=official)
    keys = {("person", official)}
    for statement, speaker, article in chosen:
        keys |= {("statement", statement), ("article", article), ("person", speaker)}
    cited = Statement.documents.through.objects.filter(statement__in=statements)
    keys |= {("document", document) for document in cited.values_list("document", flat=True)}
    linked = Statement.targets.through.objects.filter(statement__in=statements)
    keys |= {("target", target) for target in linked.values_list("target", flat=True)}
    indexed = 0
    if index and chosen and SearchEntry.objects.exists():
        ordered = sorted(keys)
        for start in range(0, len(ordered), REINDEX_BATCH):
            indexed += reindex(ordered[start : start + REINDEX_BATCH])
        # The planner tells a narrow facet from a wide one by these statistics.
        analyze([SearchEntry])
    return {"official": official, "statements": len(chosen), "entries": indexed}


def facet_share(person_id: int) -> tuple[int, int]:
    """(entries naming the person, all entries) in the search index."""
    return (
        SearchEntry.objects.filter(person_ids__contains=[person_id]).count(),
        SearchEntry.objects.count(),
    )
