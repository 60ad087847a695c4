"""One builder per kind of entry: ids in, `EntryData` (both languages, facets, dates) out.

Each builder issues a fixed number of queries whatever the number of ids, so the same code
serves a single save and a rebuild of a million rows (writer.py writes what they build).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Prefetch
from django.utils import translation

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
from articles.search.indexing.text import (
    ARCHIVE_NAME,
    EntryData,
    UrlMaker,
    archive_citation,
    both,
    clean,
    document_title,
    format_date,
    in_article_citation,
    join,
    local_date,
    statement_title,
)
from articles.search.kinds import Kind
from people.models import Organization, Person, Position


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


def spoken_documents(person_ids: list[int]) -> defaultdict:
    """{person id: [ids of the documents their public statements cite]}, in one flat query
    (a prefetch builds every statement of a speaker heard thousands of times)."""
    return grouped(
        StatementDocument.objects.filter(
            statement__in=visibility.statements().filter(speaker__in=person_ids)
        ).values_list("statement__speaker", "document")
    )


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


def build_people(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Person)
    people = Person.objects.filter(id__in=ids).prefetch_related(
        Prefetch("positions", Position.objects.select_related("organization"))
    )
    cited = spoken_documents(ids)
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
            document_ids=set(cited[person.id]),
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
    documents = documents.prefetch_related("targets")
    # Facets name only what the public sees: a speaker heard only in a draft stays unlinked.
    speakers = grouped(
        StatementDocument.objects.filter(
            document__in=ids, statement__in=visibility.statements()
        ).values_list("document", "statement__speaker")
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
            person_ids=set(speakers[document.id]),
            document_ids={document.id},
            pillar_ids={t.pillar_id for t in document.targets.all()},
            symbol_keys={document.symbol_key} if document.symbol_key else set(),
            own_symbol_key=document.symbol_key or "",
        )
    return entries


LANGS = ("vi", "en")


def value_text(target: Target, lang: str) -> str:
    """The target's value as the page shows it in `lang` ("thuộc nhóm 30", "100%")."""
    with translation.override(lang):
        return target.value_text()


def build_targets(ids: list[int]) -> dict[int, EntryData]:
    links = UrlMaker(Document)
    targets = Target.objects.filter(id__in=ids).select_related("document", "pillar")
    speakers = grouped(
        StatementTarget.objects.filter(
            target__in=ids, statement__in=visibility.statements()
        ).values_list("target", "statement__speaker")
    )
    published = visibility.first_public_at(Target, ids)
    entries = {}
    for target in targets:
        indicator, scope, note = (
            both(target, "indicator"),
            both(target, "scope"),
            both(target, "meeting_note"),
        )
        goal = tuple(join(value_text(target, lang), target.deadline_year or "") for lang in LANGS)
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
            person_ids={target.proposed_by_id, *speakers[target.id]},
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


Builder = Callable[[list[int]], dict[int, EntryData]]
BUILDERS: dict[str, Builder] = {
    Kind.ARTICLE: build_articles,
    Kind.STATEMENT: build_statements,
    Kind.PERSON: build_people,
    Kind.ORGANIZATION: build_organizations,
    Kind.DOCUMENT: build_documents,
    Kind.TARGET: build_targets,
    Kind.PHOTO: build_photos,
    Kind.MEETING: build_meetings,
}
