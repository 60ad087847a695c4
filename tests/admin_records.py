"""Records for admin tests, with wording taken from the seed article (no invented facts)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from archive.newsroom.roles import EDITOR, TRANSLATOR
from articles.models import Article, Document, Photo, Statement, Target, Topic
from people.models import Organization, Person

PUBLISHED_AT = datetime(2022, 5, 28, 12, 29, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
QUOTE_VI = "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó"


def user_in(role: str, username: str) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def editor(username: str = "editor") -> User:
    return user_in(EDITOR, username)


def translator(username: str = "translator") -> User:
    return user_in(TRANSLATOR, username)


def png_bytes(width: int = 320, height: int = 200, image_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 140)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_upload(name: str = "photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


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
