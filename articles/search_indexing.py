"""Build and write search entries: one per searchable object, in batches.

`reindex(keys)` rebuilds the entries for a set of (kind, object id) keys from the database as it is
now (deleting entries whose object is gone); `rebuild_all()` does it for everything. Each kind has
a builder that takes a list of ids and issues a fixed number of queries whatever its length, so
the same code serves a single save and a rebuild of a million rows.
"""

import datetime as dt
import multiprocessing
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import NoReverseMatch
from django.utils import timezone, translation

from archive.lib.text import nfc
from articles import visibility
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
from articles.search_index import SearchEntry
from articles.search_slices import drop_slice_indexes, refresh_slice_indexes
from people.models import Organization, Person, Position

Kind = SearchEntry.Kind
EntryKey = tuple[str, int]
ARCHIVE_NAME = {
    "vi": "Kho lưu trữ các cuộc họp Nghệ An",
    "en": "Nghệ An meeting archive",
}
# ts_headline marks matches with these private-use characters; stored text must not hold them.
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"
UNSAFE = re.compile(f"[\x00{HIGHLIGHT_START}{HIGHLIGHT_STOP}]")


def clean(value: object) -> str:
    """NFC text without NUL or highlight sentinels; None becomes ''."""
    text = nfc(str(value or ""))
    if UNSAFE.search(text):  # str.translate is slow on long texts: only when needed
        text = UNSAFE.sub("", text)
    return text.strip()


def join(*parts: object, sep: str = " ") -> str:
    return sep.join(text for text in map(clean, parts) if text)


def both(obj: object, name: str) -> tuple[str, str]:
    """A translated field's Vietnamese and English values (English '' when missing)."""
    return clean(getattr(obj, f"{name}_vi")), clean(getattr(obj, f"{name}_en"))


def url_in(lang: str, make: Callable[[], str]) -> str:
    with translation.override(lang):
        try:
            return make()
        except NoReverseMatch:
            return ""


def urls_of(obj, anchor: str = "") -> tuple[str, str]:
    """The object's public URL in Vietnamese and English, with an anchor into the page."""
    urls = (url_in("vi", obj.get_absolute_url), url_in("en", obj.get_absolute_url))
    return tuple(url + anchor if url else "" for url in urls)


class UrlMaker:
    """`urls_of()` for many objects of one model without a reverse() per object and language.

    reverse() costs ~0.1 ms, which adds up over millions of rows: the URL of a stand-in object
    (sentinel id and slug, and for a statement a stand-in article) is reversed once per
    language and the real values are substituted. The first object is also checked against its
    own get_absolute_url(); if a model's URL depends on more than its ids and slugs, every
    object falls back to get_absolute_url().
    """

    PK, SLUG = "900000001", "zz-sentinel-slug"
    PARENT_PK, PARENT_SLUG = "900000002", "zz-sentinel-parent"

    def __init__(self, model: type, parent: str | None = None) -> None:
        self.parent = parent
        stand_in = self.stand_in(model, self.PK, self.SLUG)
        if parent:
            parent_model = model._meta.get_field(parent).related_model
            setattr(stand_in, parent, self.stand_in(parent_model, self.PARENT_PK, self.PARENT_SLUG))
        self.templates = {lang: url_in(lang, stand_in.get_absolute_url) for lang in ("vi", "en")}
        self.checked = False

    @staticmethod
    def stand_in(model: type, pk: str, slug: str):
        obj = model(pk=int(pk))
        for name in ("slug", "slug_vi", "slug_en"):
            if hasattr(obj, name):
                setattr(obj, name, slug)
        return obj

    def fill(self, lang: str, obj) -> str:
        template = self.templates[lang]
        if not template:
            return ""
        with translation.override(lang):
            values = {self.PK: str(obj.pk), self.SLUG: getattr(obj, "slug", "")}
            if self.parent:
                parent = getattr(obj, self.parent)
                values |= {self.PARENT_PK: str(parent.pk), self.PARENT_SLUG: parent.slug}
        for sentinel, value in values.items():
            template = template.replace(sentinel, value)
        return template

    def urls(self, obj, anchor: str = "") -> tuple[str, str]:
        if self.checked is False:
            fast = (self.fill("vi", obj), self.fill("en", obj))
            self.checked = fast == urls_of(obj) or None
        if self.checked is None:
            return urls_of(obj, anchor)
        return tuple(
            url + anchor if url else "" for url in (self.fill(lang, obj) for lang in ("vi", "en"))
        )


def format_date(value: dt.date | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "vi":
        return value.strftime("%d/%m/%Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


@dataclass
class EntryData:
    title: tuple[str, str]
    lead: tuple[str, str] = ("", "")
    body: tuple[str, str] = ("", "")
    urls: tuple[str, str] = ("", "")
    citation: tuple[str, str] = ("", "")
    date: dt.date | None = None
    public_from: dt.datetime | None = None
    person_ids: set[int] = field(default_factory=set)
    document_ids: set[int] = field(default_factory=set)
    pillar_ids: set[int] = field(default_factory=set)
    symbol_keys: set[str] = field(default_factory=set)
    own_symbol_key: str = ""


# ---------------------------------------------------------------- builders, one per kind


def statement_title(statement: Statement) -> tuple[str, str]:
    vi, en = both(statement, "attribution")
    name = clean(statement.speaker.full_name)
    return join(name, vi, sep=" — "), join(name, en or vi, sep=" — ")


def document_title(document: Document) -> tuple[str, str]:
    vi, en = both(document, "title")
    return join(document.symbol, vi, sep=" — "), (
        join(document.symbol, en, sep=" — ") if en else ""
    )


def grouped(rows: Iterable[tuple]) -> defaultdict:
    """(key, value, ...) rows to {key: [value or (values...)]}, in row order."""
    groups = defaultdict(list)
    for key, *rest in rows:
        groups[key].append(rest[0] if len(rest) == 1 else tuple(rest))
    return groups


# Flat queries over the link tables: prefetching M2M per object costs Django a queryset each,
# which dominates a rebuild of millions of rows.
StatementDocument = Statement.documents.through
StatementTarget = Statement.targets.through
PhotoPerson = Photo.people_shown.through
ArticleTopic = Article.topics.through


def build_articles(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Article)
    articles = list(Article.objects.filter(id__in=ids))
    meetings = {a.meeting_id for a in articles if a.meeting_id}
    blocks = grouped(
        BodyBlock.objects.filter(article__in=ids)
        .order_by("article_id", "order")
        .values_list("article_id", "text_vi", "text_en", "photo__caption_vi", "photo__caption_en")
    )
    people = grouped(Statement.objects.filter(article__in=ids).values_list("article_id", "speaker"))
    for key, values in grouped(
        PhotoPerson.objects.filter(photo__article__in=ids).values_list("photo__article", "person")
    ).items():
        people[key] += values
    documents = grouped(
        ArticleDocument.objects.filter(article__in=ids).values_list("article", "document")
    )
    for key, values in grouped(
        StatementDocument.objects.filter(statement__article__in=ids).values_list(
            "statement__article", "document"
        )
    ).items():
        documents[key] += values
    pillars = grouped(
        ArticleTopic.objects.filter(article__in=ids, topic__kind=Topic.Kind.PILLAR).values_list(
            "article", "topic"
        )
    )
    for key, values in grouped(
        StatementTarget.objects.filter(statement__article__in=ids).values_list(
            "statement__article", "target__pillar"
        )
    ).items():
        pillars[key] += values
    attendees = grouped(
        Attendance.objects.filter(meeting__in=meetings).values_list("meeting", "person")
    )
    chairs = dict(Meeting.objects.filter(id__in=meetings).values_list("id", "chair"))
    agenda = grouped(
        AgendaItem.objects.filter(meeting__in=meetings).values_list("meeting", "document")
    )
    entries = {}
    for article in articles:
        texts = blocks[article.id]
        body_vi = join(*(text_vi or caption_vi for text_vi, _, caption_vi, _ in texts))
        body_en = join(*(text_en or caption_en for _, text_en, _, caption_en in texts))
        title, lead = both(article, "title"), both(article, "lead")
        source_name = both(article, "source_name")
        day = local_date(article.published_at)
        meeting = article.meeting_id
        entries[article.id] = EntryData(
            title=title,
            lead=lead,
            body=(join(body_vi, article.byline), join(body_en, article.byline) if title[1] else ""),
            urls=links.urls(article),
            citation=(
                join(
                    article.byline,
                    f"“{title[0]}”",
                    source_name[0],
                    format_date(day, "vi"),
                    sep=", ",
                )
                + ".",
                join(
                    article.byline,
                    f"“{title[1] or title[0]}”",
                    source_name[1] or source_name[0],
                    format_date(day, "en"),
                    sep=", ",
                )
                + ".",
            ),
            date=day,
            public_from=visibility.article_public_from(article),
            person_ids={*people[article.id], *attendees[meeting], chairs.get(meeting)},
            document_ids={*documents[article.id], *agenda[meeting]},
            pillar_ids=set(pillars[article.id]),
        )
    return entries


def in_article_citation(what: tuple[str, str], article: Article) -> tuple[str, str]:
    day = local_date(article.published_at)
    title, source = both(article, "title"), both(article, "source_name")
    return (
        f"{what[0]}, trong “{title[0]}”, {source[0]}, {format_date(day, 'vi')}.",
        f"{what[1] or what[0]}, in “{title[1] or title[0]}”, {source[1] or source[0]}, "
        f"{format_date(day, 'en')}.",
    )


def build_statements(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Statement, parent="article")
    statements = Statement.objects.filter(id__in=ids).select_related("article", "speaker")
    documents = grouped(
        StatementDocument.objects.filter(statement__in=ids).values_list(
            "statement",
            "document",
            "document__symbol",
            "document__symbol_key",
            "document__title_vi",
            "document__title_en",
        )
    )
    targets = grouped(
        StatementTarget.objects.filter(statement__in=ids).values_list(
            "statement", "target__document", "target__pillar"
        )
    )
    entries = {}
    for statement in statements:
        article = statement.article
        linked = documents[statement.id]
        title = statement_title(statement)
        entries[statement.id] = EntryData(
            title=title,
            lead=both(statement, "text"),
            body=(
                join(*(join(symbol, vi, sep=" — ") for _, symbol, _, vi, _ in linked)),
                join(*(join(symbol, en, sep=" — ") for _, symbol, _, _, en in linked if en)),
            ),
            urls=links.urls(statement),
            citation=in_article_citation(title, article),
            date=local_date(article.published_at),
            public_from=visibility.article_public_from(article),
            person_ids={statement.speaker_id},
            document_ids={d[0] for d in linked}
            | {document for document, _ in targets[statement.id]},
            pillar_ids={pillar for _, pillar in targets[statement.id]},
            symbol_keys={d[2] for d in linked},
        )
    return entries


def build_photos(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Article)
    photos = Photo.objects.filter(id__in=ids).select_related("article")
    shown = grouped(
        PhotoPerson.objects.filter(photo__in=ids).values_list(
            "photo", "person", "person__full_name"
        )
    )
    entries = {}
    for photo in photos:
        article = photo.article
        people = shown[photo.id]
        names = join(*(name for _, name in people), sep=", ")
        caption, alt = both(photo, "caption"), both(photo, "alt_text")
        credit = clean(photo.credit)
        entries[photo.id] = EntryData(
            title=caption,
            lead=alt,
            body=(join(names, credit), join(names, credit) if caption[1] else ""),
            urls=links.urls(article, f"#photo-{photo.id}"),
            citation=in_article_citation((f"Ảnh: {credit}", f"Photo: {credit}"), article),
            date=local_date(article.published_at),
            public_from=visibility.article_public_from(article),
            person_ids={person for person, _ in people},
        )
    return entries


def archive_citation(title: tuple[str, str]) -> tuple[str, str]:
    return (
        f"“{title[0]}”, {ARCHIVE_NAME['vi']}.",
        f"“{title[1] or title[0]}”, {ARCHIVE_NAME['en']}.",
    )


def build_people(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Person)
    people = Person.objects.filter(id__in=ids).prefetch_related(
        Prefetch("positions", Position.objects.select_related("organization")),
        Prefetch("statements", visibility.statements().prefetch_related("documents")),
    )
    published = visibility.first_public_at(Person, ids)
    entries = {}
    for person in people:
        name = clean(person.full_name)
        positions = [both(p, "title") for p in person.positions.all()]
        aliases = join(*person.aliases, sep=" · ")
        first = published.get(person.id)
        entries[person.id] = EntryData(
            title=(name, name),
            lead=(
                join(*(vi for vi, _ in positions), sep="; "),
                join(*(en for _, en in positions), sep="; "),
            ),
            body=(aliases, aliases),
            urls=links.urls(person),
            citation=archive_citation((name, name)),
            date=local_date(first),
            public_from=first,
            person_ids={person.id},
            document_ids={d.id for s in person.statements.all() for d in s.documents.all()},
        )
    return entries


def build_organizations(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Organization)
    organizations = Organization.objects.filter(id__in=ids).select_related("parent")
    organizations = organizations.prefetch_related("positions", "documents_issued")
    published = visibility.first_public_at(Organization, ids)
    entries = {}
    for org in organizations:
        name, short = both(org, "name"), both(org, "short_name")
        parent = both(org.parent, "name") if org.parent else ("", "")
        entries[org.id] = EntryData(
            title=name,
            lead=(join(short[0], parent[0], sep=" · "), join(short[1], parent[1], sep=" · ")),
            urls=links.urls(org),
            citation=archive_citation(name),
            date=None,  # an institution has no date of its own
            public_from=published.get(org.id),
            person_ids={p.person_id for p in org.positions.all()},
            document_ids={d.id for d in org.documents_issued.all()},
        )
    return entries


def build_documents(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Document)
    documents = Document.objects.filter(id__in=ids).select_related("issuer")
    # Facets name only what the public sees: a speaker heard only in a draft stays unlinked.
    documents = documents.prefetch_related(
        "targets", Prefetch("statements", visibility.statements())
    )
    published = visibility.first_public_at(Document, ids)
    entries = {}
    for document in documents:
        title, summary = document_title(document), both(document, "summary")
        issuer = both(document.issuer, "name") if document.issuer else ("", "")
        with translation.override("en"):
            labels = join(document.get_kind_display(), document.get_status_display())
        issued = format_date(document.issued_on, "vi"), format_date(document.issued_on, "en")
        first = published.get(document.id)
        entries[document.id] = EntryData(
            title=title,
            lead=summary,
            body=(
                join(issuer[0], issued[0]),
                join(issuer[1], labels, issued[1]) if title[1] else "",
            ),
            urls=links.urls(document),
            citation=(
                join(title[0], issuer[0], issued[0], sep=", ") + ".",
                join(title[1] or title[0], issuer[1] or issuer[0], issued[1], sep=", ") + ".",
            ),
            date=document.issued_on or local_date(first),
            public_from=first,
            person_ids={s.speaker_id for s in document.statements.all()},
            document_ids={document.id},
            pillar_ids={t.pillar_id for t in document.targets.all()},
            symbol_keys={document.symbol_key} if document.symbol_key else set(),
            own_symbol_key=document.symbol_key or "",
        )
    return entries


def build_targets(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Document)
    targets = Target.objects.filter(id__in=ids).select_related("document", "pillar")
    targets = targets.prefetch_related(Prefetch("statements", visibility.statements()))
    published = visibility.first_public_at(Target, ids)
    entries = {}
    for target in targets:
        indicator, scope, note = (
            both(target, "indicator"),
            both(target, "scope"),
            both(target, "meeting_note"),
        )
        unit = both(target, "unit")
        value = f"{target.value.normalize():f}" if target.value is not None else ""
        goal = tuple(join(value, unit[i], target.deadline_year or "") for i in (0, 1))
        pillar = both(target.pillar, "name") if target.pillar else ("", "")
        document = document_title(target.document)
        first = published.get(target.id)
        entries[target.id] = EntryData(
            title=indicator,
            lead=(
                join(goal[0], scope[0], note[0]),
                join(goal[1], scope[1], note[1]) if indicator[1] else "",
            ),
            body=(
                join(pillar[0], document[0]),
                join(pillar[1], document[1]) if indicator[1] else "",
            ),
            urls=links.urls(target.document, f"#target-{target.id}"),
            citation=(
                f"“{indicator[0]}”, {document[0]}, {ARCHIVE_NAME['vi']}.",
                f"“{indicator[1] or indicator[0]}”, {document[1] or document[0]}, "
                f"{ARCHIVE_NAME['en']}.",
            ),
            date=local_date(first),
            public_from=first,
            person_ids={target.proposed_by_id} | {s.speaker_id for s in target.statements.all()},
            document_ids={target.document_id},
            pillar_ids={target.pillar_id},
            symbol_keys={target.document.symbol_key} if target.document.symbol_key else set(),
        )
    return entries


def build_meetings(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Meeting)
    meetings = Meeting.objects.filter(id__in=ids).select_related("body", "chair")
    meetings = meetings.prefetch_related("agenda_items", "attendances__person")
    published = visibility.first_public_at(Meeting, ids)
    entries = {}
    for meeting in meetings:
        title, kind, others = (
            both(meeting, "title"),
            both(meeting, "kind"),
            both(meeting, "other_attendees"),
        )
        body = both(meeting.body, "name")
        agenda = [both(item, "title") for item in meeting.agenda_items.all()]
        names = join(*(a.person.full_name for a in meeting.attendances.all()), sep=", ")
        day = (format_date(meeting.date, "vi"), format_date(meeting.date, "en"))
        entries[meeting.id] = EntryData(
            title=title,
            lead=(
                join(kind[0], body[0], day[0]),
                join(kind[1], body[1], day[1]) if title[1] else "",
            ),
            body=(
                join(*(vi for vi, _ in agenda), names, others[0]),
                join(*(en for _, en in agenda), names, others[1]) if title[1] else "",
            ),
            urls=links.urls(meeting),
            citation=archive_citation(title),
            date=meeting.date,
            public_from=published.get(meeting.id),
            person_ids={a.person_id for a in meeting.attendances.all()} | {meeting.chair_id},
            document_ids={item.document_id for item in meeting.agenda_items.all()},
        )
    return entries


BUILDERS: dict[str, tuple[type, Callable[[list[int]], dict[int, EntryData]]]] = {
    Kind.ARTICLE: (Article, build_articles),
    Kind.STATEMENT: (Statement, build_statements),
    Kind.PERSON: (Person, build_people),
    Kind.ORGANIZATION: (Organization, build_organizations),
    Kind.DOCUMENT: (Document, build_documents),
    Kind.TARGET: (Target, build_targets),
    Kind.PHOTO: (Photo, build_photos),
    Kind.MEETING: (Meeting, build_meetings),
}
KIND_OF_MODEL = {model: kind for kind, (model, _) in BUILDERS.items()}

# ---------------------------------------------------------------- writing


def code_keys_of(texts: list[str]) -> list[list[str]]:
    """Normalized document symbols in each text, by the database's own vn_code_keys()."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.vn_code_keys(t)"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i",
            [texts],
        )
        return [row[0] for row in cursor.fetchall()]


def write(kind: str, ids: list[int]) -> int:
    """Rebuild the entries of `kind` for `ids`; entries of vanished objects are deleted."""
    _, builder = BUILDERS[kind]
    built = builder(ids)
    SearchEntry.objects.filter(kind=kind, object_id__in=set(ids) - set(built)).delete()
    if not built:
        return 0
    texts = [join(*d.title, *d.lead, *d.body) for d in built.values()]
    rows = []
    for (object_id, data), found in zip(built.items(), code_keys_of(texts), strict=True):
        rows.append(
            SearchEntry(
                kind=kind,
                object_id=object_id,
                title_vi=data.title[0],
                title_en=data.title[1],
                lead_vi=data.lead[0],
                lead_en=data.lead[1],
                body_vi=data.body[0],
                body_en=data.body[1],
                url_vi=data.urls[0],
                url_en=data.urls[1],
                citation_vi=data.citation[0],
                citation_en=data.citation[1],
                date=data.date,
                public_from=data.public_from,
                person_ids=sorted(i for i in data.person_ids if i),
                document_ids=sorted(i for i in data.document_ids if i),
                pillar_ids=sorted(i for i in data.pillar_ids if i),
                code_keys=sorted(set(found) | {k for k in data.symbol_keys if k}),
                symbol_key=data.own_symbol_key,
                indexed_at=timezone.now(),
            )
        )
    SearchEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=[
            f.name
            for f in SearchEntry._meta.concrete_fields
            if not f.primary_key and not f.generated and f.name not in ("kind", "object_id")
        ],
    )
    return len(rows)


def reindex(keys: Iterable[EntryKey]) -> int:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in keys:
        if object_id is not None:
            by_kind[kind].add(object_id)
    return sum(write(kind, sorted(ids)) for kind, ids in by_kind.items())


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def secondary_indexes_present() -> set[str]:
    names = {index.name for index in SearchEntry._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
    return names & set(found)


@contextmanager
def secondary_indexes_dropped() -> Iterator[None]:
    """Drop the search table's secondary (GIN, date, trigram) indexes; build them again after.

    Building a GIN index once over all rows is many times cheaper than updating it row by row.
    The unique (kind, object_id) index stays: the upsert needs it. Indexes missing at the start
    (a rebuild that was interrupted) are created at the end too, and the date slices are cut
    again with their own indexes (articles/search_slices.py).
    """
    with connection.cursor() as cursor:
        for name in secondary_indexes_present():
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    drop_slice_indexes()
    try:
        yield
    finally:
        present = secondary_indexes_present()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
        with connection.schema_editor(atomic=False) as editor:
            for index in SearchEntry._meta.indexes:
                if index.name not in present:
                    editor.add_index(SearchEntry, index)
        with connection.cursor() as cursor:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
        refresh_slice_indexes()


def write_batch(job: tuple[str, list[int]]) -> tuple[str, int]:
    kind, ids = job
    with transaction.atomic():
        return kind, write(kind, ids)


def ids_to_index(model: type, kind: str, missing_only: bool) -> list[int]:
    objects = model.objects.order_by("id")
    if missing_only:
        indexed = SearchEntry.objects.filter(kind=kind, object_id=OuterRef("id"))
        objects = objects.exclude(Exists(indexed))
    return list(objects.values_list("id", flat=True))


def rebuild_all(
    batch_size: int = 1000,
    report: Callable[[str, int], None] | None = None,
    workers: int = 1,
    missing_only: bool = False,
) -> int:
    """Rebuild every entry; entries of objects that no longer exist are removed at the end.

    Secondary indexes are dropped during the rebuild (searches still answer, slowly) and built
    again after. With `workers` > 1 the batches are written by that many forked processes; they
    see only committed rows, so inside a transaction (tests), or in a process running other
    threads, the work stays in this process. `missing_only` writes only the objects that have
    no entry yet and removes nothing: it finishes a rebuild that was interrupted (entries are
    committed batch by batch), which at a million articles takes hours.
    """
    started = timezone.now()
    jobs = [
        (kind, batch)
        for kind, (model, _) in BUILDERS.items()
        for batch in chunks(ids_to_index(model, kind, missing_only), batch_size)
    ]
    written: dict[str, int] = dict.fromkeys(BUILDERS, 0)
    with secondary_indexes_dropped():
        # Forking a process that runs other threads (a live test server, a browser driver) can
        # deadlock the child on a lock some thread held: only a single-threaded process forks.
        if workers > 1 and not connection.in_atomic_block and threading.active_count() == 1:
            connections.close_all()  # a forked child must open its own connection
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for kind, count in pool.imap_unordered(write_batch, jobs):
                    written[kind] += count
        else:
            for kind, count in map(write_batch, jobs):
                written[kind] += count
        if not missing_only:
            SearchEntry.objects.filter(indexed_at__lt=started).delete()
    if report:
        for kind, count in written.items():
            report(kind, count)
    return sum(written.values())
