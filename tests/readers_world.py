"""A small bilingual world for the public-site tests, built from facts of the seed article
(Báo Nghệ An, 28/05/2022): its people, bodies, meeting, two documents, targets, statements and
a labelled placeholder photo. Plus a draft article whose records must stay private.

`grow(world, n)` adds n more statements, photos and targets to the same article, so tests can
check that a page's query count does not grow with its related records.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

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
from people.models import Organization, Person, Position
from tests.builders import PUBLISHED_AT, add_reported_items, placeholder_png


@dataclass
class World:
    article: Article
    draft: Article
    secretary: Person
    chairman: Person
    deputy: Person
    draft_only_person: Person
    standing_committee: Organization
    provincial_committee: Organization
    meeting: Meeting
    draft_meeting: Meeting
    resolution: Document
    regulation: Document
    draft_only_document: Document
    infrastructure: Topic
    government: Topic
    quote: Statement
    conclusion: Statement
    photo: Photo
    targets: list[Target] = field(default_factory=list)


def build_world() -> World:
    provincial_committee = Organization.objects.create(
        name_vi="Tỉnh ủy Nghệ An",
        name_en="Nghệ An Provincial Party Committee",
        slug_vi="tinh-uy-nghe-an",
        slug_en="nghe-an-provincial-party-committee",
        kind=Organization.Kind.PARTY,
    )
    standing_committee = Organization.objects.create(
        name_vi="Ban Thường vụ Tỉnh ủy Nghệ An",
        name_en="Standing Committee of the Nghệ An Provincial Party Committee",
        slug_vi="ban-thuong-vu-tinh-uy-nghe-an",
        slug_en="nghe-an-provincial-party-standing-committee",
        kind=Organization.Kind.PARTY,
        parent=provincial_committee,
    )
    executive_committee = Organization.objects.create(
        name_vi="Ban Chấp hành Đảng bộ tỉnh Nghệ An",
        name_en="Nghệ An Provincial Party Executive Committee",
        slug_vi="ban-chap-hanh-dang-bo-tinh-nghe-an",
        slug_en="nghe-an-provincial-party-executive-committee",
        kind=Organization.Kind.PARTY,
    )
    people_committee = Organization.objects.create(
        name_vi="Ủy ban nhân dân tỉnh Nghệ An",
        name_en="Nghệ An Provincial People's Committee",
        slug_vi="uy-ban-nhan-dan-tinh-nghe-an",
        slug_en="nghe-an-provincial-peoples-committee",
        kind=Organization.Kind.STATE,
    )
    secretariat = Organization.objects.create(
        name_vi="Ban Bí thư",
        name_en="Secretariat of the Party Central Committee",
        slug_vi="ban-bi-thu",
        slug_en="secretariat",
        kind=Organization.Kind.PARTY,
    )

    secretary = Person.objects.create(full_name="Thái Thanh Quý", slug="thai-thanh-quy")
    chairman = Person.objects.create(full_name="Nguyễn Đức Trung", slug="nguyen-duc-trung")
    deputy = Person.objects.create(full_name="Nguyễn Văn Thông", slug="nguyen-van-thong")
    draft_only_person = Person.objects.create(
        full_name="Lê Thị Hoài Chung", slug="le-thi-hoai-chung"
    )
    Position.objects.create(
        person=secretary,
        organization=provincial_committee,
        role_vi="Bí thư",
        role_en="Secretary",
        title_vi="Bí thư Tỉnh ủy",
        title_en="Secretary of the Provincial Party Committee",
        attested_on=datetime.date(2022, 5, 28),
    )
    Position.objects.create(
        person=chairman,
        organization=people_committee,
        role_vi="Chủ tịch",
        role_en="Chairman",
        title_vi="Chủ tịch Ủy ban nhân dân tỉnh",
        title_en="Chairman of the Provincial People's Committee",
        attested_on=datetime.date(2022, 5, 28),
    )

    infrastructure = Topic.objects.create(
        name_vi="Hạ tầng số",
        name_en="Digital infrastructure",
        slug_vi="ha-tang-so",
        slug_en="digital-infrastructure",
        kind=Topic.Kind.PILLAR,
        order=1,
    )
    government = Topic.objects.create(
        name_vi="Chính quyền số",
        name_en="Digital government",
        slug_vi="chinh-quyen-so",
        slug_en="digital-government",
        kind=Topic.Kind.PILLAR,
        order=2,
    )

    meeting = Meeting.objects.create(
        title_vi="Phiên họp thường kỳ tháng 5 của Ban Thường vụ Tỉnh ủy Nghệ An",
        title_en="May regular session of the Nghệ An Provincial Party Standing Committee",
        slug_vi="phien-hop-thuong-ky-thang-5-2022",
        slug_en="may-2022-regular-session",
        body=standing_committee,
        kind_vi="phiên họp thường kỳ tháng 5",
        kind_en="regular May session",
        date=datetime.date(2022, 5, 28),
        time_of_day_vi="sáng",
        time_of_day_en="morning",
        chair=secretary,
    )
    Attendance.objects.create(meeting=meeting, person=secretary, role="chair", order=0)
    Attendance.objects.create(meeting=meeting, person=deputy, role="attendee", order=1)
    Attendance.objects.create(meeting=meeting, person=chairman, role="attendee", order=2)

    resolution = Document.objects.create(
        kind=Document.Kind.RESOLUTION,
        issuer=executive_committee,
        title_vi="Dự thảo Nghị quyết về chuyển đổi số tỉnh Nghệ An đến năm 2025, "
        "định hướng đến năm 2030",
        title_en="Draft resolution on digital transformation in Nghệ An to 2025, "
        "with orientation to 2030",
        slug_vi="du-thao-nghi-quyet-chuyen-doi-so",
        slug_en="draft-resolution-digital-transformation",
        status=Document.Status.DRAFT,
    )
    regulation = Document.objects.create(
        kind=Document.Kind.REGULATION,
        symbol="11-QĐ/TW",
        issuer=secretariat,
        issued_on=datetime.date(2021, 5, 19),
        title_vi="Quy định về trường chính trị chuẩn",
        title_en="Regulation on standard political schools",
        slug_vi="quy-dinh-11-qd-tw",
        slug_en="regulation-11-qd-tw",
        status=Document.Status.IN_FORCE,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title_vi="Dự thảo Nghị quyết về chuyển đổi số",
        title_en="The draft resolution on digital transformation",
        document=resolution,
    )

    article = Article.objects.create(
        title_vi="Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến về dự thảo Nghị quyết chuyển đổi số",
        title_en="Nghệ An Provincial Party Standing Committee comments on the draft "
        "resolution on digital transformation",
        slug_vi="ban-thuong-vu-tinh-uy-nghe-an-cho-y-kien-ve-du-thao-nghi-quyet-chuyen-doi-so",
        slug_en="standing-committee-comments-on-draft-digital-transformation-resolution",
        lead_vi="Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý nhấn mạnh, mục tiêu chuyển đổi số cuối "
        "cùng là hướng đến lợi ích của người dân và doanh nghiệp.",
        lead_en="Nghệ An Party Secretary Thái Thanh Quý stressed that the ultimate aim of "
        "digital transformation is the benefit of the people and of businesses.",
        byline="Thành Duy",
        published_at=PUBLISHED_AT,
        status=Article.Status.PUBLISHED,
        source_name_vi="Báo Nghệ An",
        source_name_en="Nghệ An Newspaper",
        meeting=meeting,
    )
    article.topics.add(infrastructure, government)
    ArticleDocument.objects.create(
        article=article, document=resolution, role=ArticleDocument.Role.DISCUSSED, order=0
    )
    ArticleDocument.objects.create(
        article=article, document=regulation, role=ArticleDocument.Role.CITED, order=1
    )

    photo = Photo.objects.create(
        article=article,
        image=placeholder_png(),
        is_placeholder=True,
        caption_vi="Toàn cảnh phiên họp thường kỳ tháng 5 của Ban Thường vụ Tỉnh ủy Nghệ An "
        "sáng 28/5.",
        caption_en="The May regular session of the Nghệ An Provincial Party Standing "
        "Committee on the morning of 28 May.",
        alt_text_vi="Toàn cảnh phiên họp",
        alt_text_en="View of the meeting room",
        credit="Thành Duy",
        order=0,
    )
    photo.people_shown.add(secretary)
    blocks = [
        BodyBlock(
            article=article,
            order=1,
            kind=BodyBlock.Kind.PARAGRAPH,
            text_vi="Sáng 28/5, tại phiên họp thường kỳ tháng 5, Ban Thường vụ Tỉnh ủy đã cho ý "
            "kiến về dự thảo Nghị quyết.",
            text_en="On the morning of 28 May, at its regular May session, the Provincial "
            "Party Standing Committee commented on the draft resolution.",
        ),
        BodyBlock(article=article, order=2, kind=BodyBlock.Kind.PHOTO, photo=photo),
        BodyBlock(
            article=article,
            order=3,
            kind=BodyBlock.Kind.HEADING,
            text_vi="ĐỀ CAO NHẬN THỨC, VAI TRÒ NGƯỜI ĐỨNG ĐẦU",
            text_en="RAISING THE AWARENESS AND ROLE OF LEADERS",
        ),
    ]
    BodyBlock.objects.bulk_create(blocks)

    coverage = Target.objects.create(
        document=resolution,
        pillar=infrastructure,
        indicator_vi="Mạng di động thế hệ mới đảm bảo chất lượng độ phủ sóng 4G, 5G tại khu dân "
        "cư tại trung tâm thành phố, thị xã, thị trấn",
        indicator_en="New-generation mobile networks with quality 4G and 5G coverage in "
        "residential areas of city, town and township centres",
        value=Decimal("100.00"),
        unit_vi="%",
        unit_en="%",
        deadline_year=2025,
        outcome=Target.Outcome.TOO_LOW,
        meeting_note_vi="Đặt ra còn thấp, có thể mở rộng thêm phạm vi.",
        meeting_note_en="Set too low; the scope could be widened.",
        proposed_by=secretary,
        order=1,
    )
    trained_staff = Target.objects.create(
        document=resolution,
        pillar=government,
        indicator_vi="Cơ quan Nhà nước cấp tỉnh, cấp huyện có cán bộ được đào tạo công nghệ "
        "thông tin",
        indicator_en="Provincial and district state agencies with staff trained in "
        "information technology",
        value=Decimal("100.00"),
        unit_vi="%",
        unit_en="%",
        deadline_year=2025,
        outcome=Target.Outcome.PROPOSED,
        proposed_by=secretary,
        order=2,
    )

    quote = Statement.objects.create(
        article=article,
        meeting=meeting,
        speaker=chairman,
        attribution_vi="Chủ tịch UBND tỉnh",
        attribution_en="Chairman of the Provincial People's Committee",
        kind=Statement.Kind.QUOTE,
        text_vi="Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó",
        text_en="If the leader is not determined and does not really take part in directing "
        "it, it is truly difficult",
        order=1,
    )
    quote.documents.add(resolution)
    conclusion = Statement.objects.create(
        article=article,
        meeting=meeting,
        speaker=secretary,
        attribution_vi="Bí thư Tỉnh ủy",
        attribution_en="Provincial Party Secretary",
        kind=Statement.Kind.CONCLUSION,
        text_vi="Đề nghị bổ sung thêm chỉ tiêu: 100% cơ quan Nhà nước cấp tỉnh, cấp huyện có "
        "cán bộ được đào tạo công nghệ thông tin.",
        text_en="He proposed adding a target: 100% of provincial and district state agencies "
        "with staff trained in information technology.",
        order=2,
    )
    conclusion.documents.add(resolution)
    conclusion.targets.add(coverage, trained_staff)

    # A draft article: its meeting, its document and its only speaker must stay private.
    draft_meeting = Meeting.objects.create(
        title_vi="Phiên họp chưa công bố",
        title_en="Unpublished session",
        slug_vi="phien-hop-chua-cong-bo",
        slug_en="unpublished-session",
        body=standing_committee,
        kind_vi="phiên họp",
        kind_en="session",
        date=datetime.date(2022, 6, 1),
    )
    draft_only_document = Document.objects.create(
        kind=Document.Kind.PROJECT,
        title_vi="Đề án chưa công bố",
        title_en="Unpublished project",
        slug_vi="de-an-chua-cong-bo",
        slug_en="unpublished-project",
        status=Document.Status.DRAFT,
    )
    draft = Article.objects.create(
        title_vi="Bài viết nháp",
        title_en="Draft article",
        slug_vi="bai-viet-nhap",
        slug_en="draft-article",
        lead_vi="Nháp.",
        lead_en="Draft.",
        byline="Thành Duy",
        published_at=PUBLISHED_AT,
        status=Article.Status.DRAFT,
        source_name_vi="Báo Nghệ An",
        source_name_en="Nghệ An Newspaper",
        meeting=draft_meeting,
    )
    ArticleDocument.objects.create(
        article=draft, document=draft_only_document, role=ArticleDocument.Role.DISCUSSED
    )
    Statement.objects.create(
        article=draft,
        meeting=draft_meeting,
        speaker=draft_only_person,
        attribution_vi="Hiệu trưởng Trường Chính trị tỉnh",
        attribution_en="Principal of the Provincial Political School",
        kind=Statement.Kind.PRESENTATION,
        text_vi="Nháp.",
        text_en="Draft.",
    )

    return World(
        article=article,
        draft=draft,
        secretary=secretary,
        chairman=chairman,
        deputy=deputy,
        draft_only_person=draft_only_person,
        standing_committee=standing_committee,
        provincial_committee=provincial_committee,
        meeting=meeting,
        draft_meeting=draft_meeting,
        resolution=resolution,
        regulation=regulation,
        draft_only_document=draft_only_document,
        infrastructure=infrastructure,
        government=government,
        quote=quote,
        conclusion=conclusion,
        photo=photo,
        targets=[coverage, trained_staff],
    )


def grow(world: World, n: int) -> None:
    """Add n statements (the secretary and the deputy in turn, each about both documents and a
    target of the resolution, the two pillars in turn), n photos in the body (each showing both)
    and n targets, all on the world's published article."""
    add_reported_items(
        world.article,
        n,
        speakers=[world.secretary, world.deputy],
        attribution=(
            "Phó Bí thư Thường trực Tỉnh ủy",
            "Standing Deputy Secretary of the Provincial Party Committee",
        ),
        documents=[world.resolution, world.regulation],
        pillars=[world.infrastructure, world.government],
        start=100,
        proposed_by=world.secretary,
    )
