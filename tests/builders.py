"""The one place tests build data. Purpose-specific worlds (tests/readers_world.py,
tests/hostile_records.py) and the seed fixtures (tests/conftest.py: `seed`, `indexed_seed`) are
built on it.

- Synthetic records: each `make_*` function creates one saved record with unique slugs and both
  languages filled explicitly (`_vi`, `_en`); pass any model field to override a default. Their
  names and texts are obviously test data, never facts about real people.
  `make_reported_article` builds a whole published article with its meeting, people, statements,
  documents, targets, photos and body, at a chosen size.
- Records worded from the seed article (`article`, `person`, `statement`, ...: no invented facts),
  for the admin tests; `english=False` leaves the English columns empty, as a translator finds them.
- Newsroom users (`editor`, `translator`) and images (`png_bytes`, `png_upload`, `placeholder_png`).
- Search entries standing for no record (`make_dated_entries`), for the search planner's tests.
- `truncate_records` empties every record table, for data committed outside a test's transaction.
"""

import io
import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image, ImageDraw

from archive.newsroom.roles import EDITOR, TRANSLATOR
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
from articles.search import SearchEntry
from people.models import Organization, Person, Position

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# When the seed article was published (Báo Nghệ An, 28/05/2022).
PUBLISHED_AT = datetime(2022, 5, 28, 12, 29, tzinfo=VIETNAM)
QUOTE_VI = "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó"


# Images ------------------------------------------------------------------------------------------


def png_bytes(
    width: int = 320,
    height: int = 200,
    image_format: str = "PNG",
    color: tuple[int, int, int] = (40, 90, 140),
    label: str = "",
) -> bytes:
    """A real image file's bytes (PNG unless `image_format` says otherwise), optionally labelled."""
    image = Image.new("RGB", (width, height), color)
    if label:
        ImageDraw.Draw(image).text((20, 20), label, fill=(20, 20, 20))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def png_upload(name: str = "photo.png", **kwargs: Any) -> SimpleUploadedFile:
    """A PNG as a browser uploads it."""
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def placeholder_png(label: str = "PLACEHOLDER") -> ContentFile:
    """A labelled placeholder photo (600x400), as the seed's placeholder images are."""
    return ContentFile(
        png_bytes(600, 400, color=(205, 200, 190), label=label), name="placeholder.png"
    )


# Newsroom users ----------------------------------------------------------------------------------


def user_in(role: str, username: str) -> User:
    """A staff user in one of the newsroom's role groups (created by a migration)."""
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def editor(username: str = "editor") -> User:
    return user_in(EDITOR, username)


def translator(username: str = "translator") -> User:
    return user_in(TRANSLATOR, username)


# Synthetic records -------------------------------------------------------------------------------

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


# Records worded from the seed article ------------------------------------------------------------


def organization() -> Organization:
    return Organization.objects.create(
        name_vi="Ủy ban nhân dân tỉnh Nghệ An",
        name_en="Nghệ An Provincial People's Committee",
        slug_vi="ubnd-tinh-nghe-an",
        slug_en="nghe-an-provincial-peoples-committee",
        kind=Organization.Kind.STATE,
    )


def person() -> Person:
    return Person.objects.create(full_name="Nguyễn Đức Trung", slug="nguyen-duc-trung")


def pillar() -> Topic:
    return Topic.objects.create(
        name_vi="Hạ tầng số",
        name_en="Digital infrastructure",
        slug_vi="ha-tang-so",
        slug_en="digital-infrastructure",
        kind=Topic.Kind.PILLAR,
    )


def document() -> Document:
    return Document.objects.create(
        kind=Document.Kind.RESOLUTION,
        title_vi="Nghị quyết về chuyển đổi số tỉnh Nghệ An đến năm 2025, định hướng đến năm 2030",
        title_en=(
            "Resolution on the digital transformation of Nghệ An province to 2025, "
            "with orientation to 2030"
        ),
        slug_vi="nghi-quyet-chuyen-doi-so",
        slug_en="digital-transformation-resolution",
        status=Document.Status.DRAFT,
    )


def article(*, english: bool = True, **fields) -> Article:
    values = {
        "title_vi": "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến về dự thảo Nghị quyết chuyển đổi số",
        "slug_vi": "ban-thuong-vu-tinh-uy-nghe-an-cho-y-kien-ve-du-thao-nghi-quyet-chuyen-doi-so",
        "lead_vi": (
            "Sáng 28/5, tại phiên họp thường kỳ tháng 5, Ban Thường vụ Tỉnh ủy đã cho ý kiến."
        ),
        "source_name_vi": "Báo Nghệ An",
        "byline": "Thành Duy",
        "published_at": PUBLISHED_AT,
    }
    if english:
        values |= {
            "title_en": "Nghệ An Provincial Party Standing Committee comments on the draft "
            "resolution on digital transformation",
            "slug_en": "standing-committee-comments-on-digital-transformation-draft",
            "lead_en": "On the morning of 28 May, at its regular May session, the Provincial "
            "Party Standing Committee gave its comments.",
            "source_name_en": "Nghệ An Newspaper",
        }
    return Article.objects.create(**(values | fields))


def statement(on: Article, speaker: Person, *, english: bool = True) -> Statement:
    return Statement.objects.create(
        article=on,
        speaker=speaker,
        attribution_vi="Chủ tịch UBND tỉnh",
        attribution_en="Chairman of the Provincial People's Committee" if english else None,
        kind=Statement.Kind.QUOTE,
        text_vi=QUOTE_VI,
        text_en=(
            "If the head is not determined and does not really take part in directing it, "
            "it is truly difficult"
            if english
            else None
        ),
    )


def photo(on: Article) -> Photo:
    return Photo.objects.create(
        article=on,
        image=png_upload(),
        is_placeholder=True,
        caption_vi=(
            "Toàn cảnh phiên họp thường kỳ tháng 5 của Ban Thường vụ Tỉnh ủy Nghệ An sáng 28/5."
        ),
        caption_en="The regular May session of the Provincial Party Standing Committee, 28 May.",
        alt_text_vi="Ảnh thay thế",
        alt_text_en="Placeholder image",
        credit="Thành Duy",
    )


def target(on: Article, of: Document, in_pillar: Topic) -> Target:
    return Target.objects.create(
        article=on,
        document=of,
        pillar=in_pillar,
        indicator_vi=(
            "Cơ quan Nhà nước cấp tỉnh, cấp huyện có cán bộ được đào tạo công nghệ thông tin"
        ),
        indicator_en="Provincial and district state agencies with staff trained in IT",
        value=100,
        unit_vi="%",
        unit_en="%",
        deadline_year=2025,
        outcome=Target.Outcome.PROPOSED,
    )


# Growing an article ------------------------------------------------------------------------------


def add_reported_items(
    article: Article,
    n: int,
    *,
    speakers: list[Person],
    attribution: tuple[str, str],
    documents: list[Document],
    pillars: list[Topic],
    start: int,
    proposed_by: Person | None = None,
) -> None:
    """Add n statements to `article` (speakers in turn, each about `documents` and a new target
    of the first one, pillars in turn) and n photos in its body, each showing every speaker:
    for checking that a page's query count does not grow with its related records."""
    attribution_vi, attribution_en = attribution
    for i in range(n):
        statement = Statement.objects.create(
            article=article,
            meeting=article.meeting,
            speaker=speakers[i % len(speakers)],
            attribution_vi=attribution_vi,
            attribution_en=attribution_en,
            kind=Statement.Kind.PARAPHRASE,
            text_vi=f"Ý kiến số {i}.",
            text_en=f"Comment number {i}.",
            order=start + i,
        )
        statement.documents.add(*documents)
        target = Target.objects.create(
            document=documents[0],
            pillar=pillars[i % len(pillars)],
            indicator_vi=f"Chỉ tiêu {i}",
            indicator_en=f"Target {i}",
            deadline_year=2030,
            outcome=Target.Outcome.IN_DRAFT,
            proposed_by=proposed_by,
            order=start + i,
        )
        statement.targets.add(target)
        photo = Photo.objects.create(
            article=article,
            image=placeholder_png(f"PLACEHOLDER {i}"),
            is_placeholder=True,
            caption_vi=f"Ảnh {i}",
            caption_en=f"Photo {i}",
            alt_text_vi=f"Ảnh {i}",
            alt_text_en=f"Photo {i}",
            credit="Thành Duy",
            order=start + i,
        )
        photo.people_shown.add(*speakers)
        BodyBlock.objects.create(
            article=article, order=start + i, kind=BodyBlock.Kind.PHOTO, photo=photo
        )


# Search entries without records -----------------------------------------------------------------

FIRST_ENTRY_DAY = date(2012, 1, 1)
# Each word is in a different share of the dated entries: 100 %, 50 %, 20 %, 10 %, ...
ENTRY_WORDS = ["tỉnh", "huyện", "xã", "Hùng", "Lan", "hạ tầng", "chuyển đổi số"]


def make_dated_entries(n: int = 3000) -> list[SearchEntry]:
    """n statement and article entries, one a day from FIRST_ENTRY_DAY (a few undated), each of
    ENTRY_WORDS in its own share of them; for the search planner's date slices and facets. They
    stand for records that do not exist. The table is analyzed, as the planner needs."""
    rows = []
    for i in range(n):
        words = [w for k, w in enumerate(ENTRY_WORDS) if i % (k * k + 1) == 0]
        rows.append(
            SearchEntry(
                kind="statement" if i % 3 else "article",
                object_id=i + 1,
                title_vi=f"Phát biểu số {i}",
                body_vi=" ".join(words) or "không có từ nào",
                url_vi=f"/bai-viet/{i}/",
                url_en=f"/en/article/{i}/",
                date=None if i % 500 == 7 else FIRST_ENTRY_DAY + timedelta(days=i),
                public_from=datetime(2012, 1, 1, tzinfo=UTC),
                person_ids=[i % 11 + 1],
                pillar_ids=[i % 5 + 1],
            )
        )
    created = SearchEntry.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    return created


# Emptying ----------------------------------------------------------------------------------------


def truncate_records() -> None:
    """Empty every table of the articles, people, semantic and newsroom apps (records, links,
    history, meaning vectors, translation states): for data committed outside a test's
    transaction, which no rollback removes."""
    tables = {
        model._meta.db_table
        for app in ("articles", "people", "semantic", "newsroom")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(sorted(tables))} RESTART IDENTITY CASCADE")
