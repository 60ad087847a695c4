"""Small factories for tests: records with both languages filled explicitly (`_vi`, `_en`).

Each `make_*` function creates one saved record with unique slugs and sensible defaults; pass
any model field to override a default. The names and texts are obviously synthetic test data,
never facts about real people. `make_reported_article` builds a whole published article with
its meeting, people, statements, documents, targets, photos and body, at a chosen size.
"""

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

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
    Topic,
)
from people.models import Organization, Person, Position

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def make_organization(**fields: Any) -> Organization:
    n = _next()
    defaults = {
        "name_vi": f"Tổ chức thử {n}",
        "name_en": f"Test organization {n}",
        "short_name_vi": f"TCT{n}",
        "short_name_en": f"TO{n}",
        "slug_vi": f"to-chuc-thu-{n}",
        "slug_en": f"test-organization-{n}",
        "kind": Organization.Kind.PARTY,
    }
    return Organization.objects.create(**{**defaults, **fields})


def make_person(**fields: Any) -> Person:
    n = _next()
    defaults = {"full_name": f"Người Thử {n}", "slug": f"nguoi-thu-{n}"}
    return Person.objects.create(**{**defaults, **fields})


def make_position(person: Person, organization: Organization, **fields: Any) -> Position:
    n = _next()
    defaults = {
        "role_vi": f"Ủy viên {n}",
        "role_en": f"Member {n}",
        "title_vi": f"Ủy viên {organization.name_vi}",
        "title_en": f"Member of {organization.name_en}",
        "order": n,
    }
    return Position.objects.create(
        person=person, organization=organization, **{**defaults, **fields}
    )


def make_topic(**fields: Any) -> Topic:
    n = _next()
    defaults = {
        "name_vi": f"Trụ cột thử {n}",
        "name_en": f"Test pillar {n}",
        "slug_vi": f"tru-cot-thu-{n}",
        "slug_en": f"test-pillar-{n}",
        "kind": Topic.Kind.PILLAR,
        "order": n,
    }
    return Topic.objects.create(**{**defaults, **fields})


def make_document(**fields: Any) -> Document:
    n = _next()
    defaults = {
        "kind": Document.Kind.RESOLUTION,
        "symbol": f"{n}-NQ/TW",
        "title_vi": f"Nghị quyết thử {n}",
        "title_en": f"Test resolution {n}",
        "slug_vi": f"nghi-quyet-thu-{n}",
        "slug_en": f"test-resolution-{n}",
        "summary_vi": f"Tóm tắt {n}",
        "summary_en": f"Summary {n}",
        "status": Document.Status.DRAFT,
        "issued_on": date(2021, 5, 1) + timedelta(days=n),
    }
    return Document.objects.create(**{**defaults, **fields})


def make_target(document: Document, **fields: Any) -> Target:
    n = _next()
    defaults = {
        "indicator_vi": f"Chỉ tiêu thử {n}",
        "indicator_en": f"Test indicator {n}",
        "value": 100,
        "unit_vi": "%",
        "unit_en": "%",
        "deadline_year": 2025,
        "scope_vi": f"Phạm vi {n}",
        "scope_en": f"Scope {n}",
        "outcome": Target.Outcome.IN_DRAFT,
        "order": n,
    }
    return Target.objects.create(document=document, **{**defaults, **fields})


def make_meeting(body: Organization | None = None, **fields: Any) -> Meeting:
    n = _next()
    defaults = {
        "title_vi": f"Phiên họp thử {n}",
        "title_en": f"Test meeting {n}",
        "slug_vi": f"phien-hop-thu-{n}",
        "slug_en": f"test-meeting-{n}",
        "kind_vi": "phiên họp thường kỳ",
        "kind_en": "regular session",
        "date": date(2022, 5, 1) + timedelta(days=n % 300),
    }
    return Meeting.objects.create(body=body or make_organization(), **{**defaults, **fields})


def make_article(published: bool = True, **fields: Any) -> Article:
    """A published article by default; `published=False` makes a draft."""
    n = _next()
    defaults = {
        "title_vi": f"Bài viết thử {n}",
        "title_en": f"Test article {n}",
        "slug_vi": f"bai-viet-thu-{n}",
        "slug_en": f"test-article-{n}",
        "lead_vi": f"Sa pô thử {n}",
        "lead_en": f"Test lead {n}",
        "byline": "Phóng viên thử",
        "published_at": timezone.now() - timedelta(days=1, minutes=n),
        "status": Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        "source_name_vi": "Báo thử",
        "source_name_en": "Test newspaper",
        "source_url": f"https://example.org/{n}",
    }
    return Article.objects.create(**{**defaults, **fields})


def make_statement(article: Article, speaker: Person, **fields: Any) -> Statement:
    n = _next()
    defaults = {
        "meeting": article.meeting,
        "attribution_vi": f"Ủy viên thử {n}",
        "attribution_en": f"Test member {n}",
        "kind": Statement.Kind.PARAPHRASE,
        "text_vi": f"Phát biểu thử {n}",
        "text_en": f"Test statement {n}",
        "order": n,
    }
    return Statement.objects.create(article=article, speaker=speaker, **{**defaults, **fields})


def make_photo(article: Article, **fields: Any) -> Photo:
    n = _next()
    defaults = {
        "image": f"photos/test-{n}.png",
        "is_placeholder": True,
        "caption_vi": f"Chú thích ảnh thử {n}",
        "caption_en": f"Test caption {n}",
        "alt_text_vi": f"Mô tả ảnh thử {n}",
        "alt_text_en": f"Test alt text {n}",
        "credit": "Ảnh: Phóng viên thử",
        "order": n,
    }
    return Photo.objects.create(article=article, **{**defaults, **fields})


def make_reported_article(size: int = 2, **fields: Any) -> Article:
    """A published article with everything the API shows, `size` of each kind of record:
    people (each with two positions) attending its meeting and speaking, documents with targets,
    statements about them, photos showing the people, and a body of heading, paragraphs, photos.
    """
    body = make_organization()
    parent = make_organization()
    body.parent = parent
    body.save()
    chair = make_person()
    make_position(chair, body)
    meeting = make_meeting(body=body, chair=chair)
    article = make_article(meeting=meeting, **fields)
    article.topics.add(make_topic(kind=Topic.Kind.TOPIC))
    Attendance.objects.create(meeting=meeting, person=chair, role=Attendance.Role.CHAIR)

    documents = [make_document(issuer=parent) for _ in range(size)]
    DocumentRelation.objects.create(
        source=documents[0], target=documents[-1], kind=DocumentRelation.Kind.IMPLEMENTS
    )
    pillar = make_topic()
    block_order = itertools.count(1)
    BodyBlock.objects.create(
        article=article,
        order=next(block_order),
        kind=BodyBlock.Kind.HEADING,
        text_vi="Tiêu đề thử",
        text_en="Test heading",
    )
    for index, document in enumerate(documents):
        role = ArticleDocument.Role.DISCUSSED if index == 0 else ArticleDocument.Role.CITED
        ArticleDocument.objects.create(article=article, document=document, role=role, order=index)
        AgendaItem.objects.create(
            meeting=meeting,
            order=index + 1,
            title_vi=f"Nội dung thử {index + 1}",
            title_en=f"Test agenda item {index + 1}",
            document=document,
        )
        person = make_person()
        for organization in (body, parent):
            make_position(person, organization)
        Attendance.objects.create(
            meeting=meeting, person=person, role=Attendance.Role.ATTENDEE, order=index + 1
        )
        target = make_target(document, pillar=pillar, proposed_by=person)
        statement = make_statement(article, person)
        statement.documents.add(document)
        statement.targets.add(target)
        photo = make_photo(article)
        photo.people_shown.add(person, chair)
        BodyBlock.objects.create(
            article=article,
            order=next(block_order),
            kind=BodyBlock.Kind.PARAGRAPH,
            text_vi=f"Đoạn văn thử {index}",
            text_en=f"Test paragraph {index}",
        )
        BodyBlock.objects.create(
            article=article, order=next(block_order), kind=BodyBlock.Kind.PHOTO, photo=photo
        )
    return article
