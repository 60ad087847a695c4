"""Write a reviewed extraction as a draft article, in one transaction.

Everything the editor kept is written or nothing is: a failure rolls the records back and
removes the placeholder images already stored. Existing people and documents are linked only
when the editor confirmed the match (`existing` maps a name or document key to its pk).
"""

import datetime as dt
import itertools
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest.match import organization_for
from articles.ingest.parse import Extraction, PersonMention, fold, title_key
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
)
from articles.placeholders import render
from articles.seed import PlaceholderSpec
from people.models import Organization, Person, Position

SOURCE_NAME = "Báo Nghệ An"
# The pasted text does not carry the article's own address, and the newspaper's home page is not
# it: left empty for the editor to fill in (pages link the source only when it is known).
SOURCE_URL = ""


def unique_slug(model: type[Model], text: str, field: str = "slug_vi") -> str:
    base = slugify(fold(text))[:180].strip("-") or "ban-ghi"
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if not model.objects.filter(**{field: slug}).exists():
            return slug
    raise AssertionError("unreachable")


def organization(text: str) -> Organization:
    found = organization_for(text)
    if found:
        return found
    kind = Organization.Kind.PARTY if "ủy" in text.lower() or "Đảng" in text else "state"
    return Organization.objects.create(name=text, slug=unique_slug(Organization, text), kind=kind)


def _person(mention: PersonMention, existing: int | None, attested: dt.date | None) -> Person:
    if existing:
        person = Person.objects.get(pk=existing)
    else:
        person = Person.objects.create(
            full_name=mention.name[:200], slug=unique_slug(Person, mention.name, "slug")
        )
    held = {title_key(p.title) for p in person.positions.all()}
    order = person.positions.count()
    for post in mention.posts:
        if title_key(post.title) in held or not post.organization:
            continue
        order += 1
        Position.objects.create(
            person=person,
            organization=organization(post.organization),
            role=post.role[:200],
            title=post.title[:300],
            attested_on=attested,
            source_url=SOURCE_URL,
            order=order,
        )
    return person


@transaction.atomic
def create_draft(
    extraction: Extraction,
    *,
    existing_people: dict[str, int] | None = None,
    existing_documents: dict[str, int] | None = None,
) -> Article:
    stored: list[str] = []
    try:
        return _create(extraction, existing_people or {}, existing_documents or {}, stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _create(ex: Extraction, existing_people, existing_documents, stored: list[str]) -> Article:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    published = timezone.make_aware(ex.published_at, zone) if ex.published_at else timezone.now()
    day = published.date()
    people = {p.name: _person(p, existing_people.get(p.name), day) for p in ex.people}

    agenda_keys = {a.document for a in ex.agenda if a.document}
    documents: dict[str, Document] = {}
    for mention in ex.documents:
        if existing_documents.get(mention.key):
            documents[mention.key] = Document.objects.get(pk=existing_documents[mention.key])
            continue
        issuer = organization(mention.issuer) if mention.issuer else None
        status = Document.Status.DRAFT if mention.draft else Document.Status.ADOPTED
        documents[mention.key] = Document.objects.create(
            kind=mention.kind,
            symbol=mention.symbol[:60],
            title=mention.title[:500],
            slug=unique_slug(Document, f"{mention.symbol} {mention.title}"),
            issuer=issuer,
            issued_on=mention.issued_on,
            status=status,
        )

    meeting = None
    if ex.meeting and ex.meeting.body:
        m = ex.meeting
        body = organization(m.body)
        title = f"{m.kind or 'Cuộc họp'} của {m.body} ngày {m.date or day:%d/%m/%Y}"
        meeting = Meeting.objects.create(
            title=title[:300],
            slug=unique_slug(Meeting, title),
            body=body,
            kind=(m.kind or "Cuộc họp")[:200],
            date=m.date or day,
            time_of_day=m.time_of_day[:60],
            chair=people.get(m.chair),
            other_attendees=m.other_attendees,
        )
        roles = [(m.chair, Attendance.Role.CHAIR)]
        roles += [(n, Attendance.Role.ATTENDEE) for n in m.attendees]
        roles += [(n, Attendance.Role.PRESENTER) for n in m.presenters]
        seen = set()
        for order, (name, role) in enumerate(roles, 1):
            if name in people and name not in seen:
                seen.add(name)
                Attendance.objects.create(
                    meeting=meeting, person=people[name], role=role, order=order
                )
        for order, item in enumerate(ex.agenda, 1):
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title=item.title[:500],
                document=documents.get(item.document),
                presenter=people.get(item.presenter),
            )

    article = Article.objects.create(
        title=ex.title[:500],
        slug=unique_slug(Article, ex.title),
        lead=ex.lead,
        byline=ex.byline[:200],
        published_at=published,
        status=Article.Status.DRAFT,
        source_name=SOURCE_NAME,
        source_url=SOURCE_URL,
        meeting=meeting,
    )
    for order, (key, document) in enumerate(documents.items(), 1):
        role = ArticleDocument.Role.DISCUSSED if key in agenda_keys else ArticleDocument.Role.CITED
        ArticleDocument.objects.create(article=article, document=document, role=role, order=order)

    photo_order = 0
    for order, block in enumerate(ex.blocks, 1):
        photo = None
        if block.kind == "photo":
            photo_order += 1
            shown = [people[n] for n in block.people if n in people]
            spec = PlaceholderSpec(
                image=f"photos/ingest/{article.slug[:60]}-{photo_order:02d}.png",
                subject=", ".join(p.full_name for p in shown),
                caption=block.text,
                credit=block.credit,
            )
            name = default_storage.save(spec.image, ContentFile(render(spec)))
            stored.append(name)
            photo = Photo.objects.create(
                article=article,
                image=name,
                is_placeholder=True,
                caption=block.text,
                alt_text=block.text[:300],
                credit=block.credit[:200] or ex.byline[:200],
                order=photo_order,
            )
            photo.people_shown.set(shown)
        BodyBlock.objects.create(
            article=article,
            order=order,
            kind=block.kind,
            text="" if photo else block.text,
            photo=photo,
        )

    statement_paragraphs = set()
    for order, mention in enumerate(ex.statements, 1):
        if mention.speaker not in people:
            continue
        statement_paragraphs.add(mention.evidence)
        statement = Statement.objects.create(
            article=article,
            meeting=meeting,
            speaker=people[mention.speaker],
            attribution=mention.attribution[:300],
            kind=mention.kind,
            text=mention.text,
            order=order,
        )
        statement.documents.set([documents[k] for k in mention.documents if k in documents])

    for order, target in enumerate(ex.targets, 1):
        document = documents.get(target.document)
        if document is None:
            continue
        said = any(target.evidence in paragraph for paragraph in statement_paragraphs)
        Target.objects.create(
            document=document,
            article=article,
            indicator=target.indicator,
            measure=target.measure,
            value=target.value,
            unit=target.unit[:60],
            deadline_year=target.deadline_year,
            outcome=Target.Outcome.PROPOSED if said else Target.Outcome.IN_DRAFT,
            order=order,
        )
    return article
