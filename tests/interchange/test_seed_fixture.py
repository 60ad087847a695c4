"""The seed fixture is complete and faithful to the source article, in both languages."""

import datetime
import unicodedata
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.text import slugify
from modeltranslation.translator import translator

from articles.models import (
    AgendaItem,
    Article,
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
from tests.conftest import SEED_FIXTURE
from tests.seed_source import FURNITURE_FOOTER, source_lines

pytestmark = pytest.mark.usefixtures("seed")

TITLE = "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến về dự thảo Nghị quyết chuyển đổi số"
QUOTE = "Người đứng đầu không quyết tâm, không thực sự tham gia chỉ đạo thì thực sự là khó"
DATELINE = "(Baonghean.vn) -\xa0"
CREDIT_LINE = " Ảnh: "


def article() -> Article:
    return Article.objects.get(pk=1)


def unaccented_slug(text: str) -> str:
    return slugify(text.replace("đ", "d").replace("Đ", "D"))


def test_record_counts():
    assert Article.objects.count() == 1
    assert Person.objects.count() == 8
    assert Organization.objects.count() == 15
    assert Position.objects.count() == 17
    assert Document.objects.count() == 7
    assert DocumentRelation.objects.count() == 3
    assert Photo.objects.count() == 9
    assert Meeting.objects.count() == 1
    assert AgendaItem.objects.count() == 4
    assert Attendance.objects.count() == 8
    assert Topic.objects.filter(kind=Topic.Kind.PILLAR).count() == 5
    assert Statement.objects.count() == 22
    assert Target.objects.count() == 7
    blocks = BodyBlock.objects.filter(article_id=1)
    assert blocks.filter(kind=BodyBlock.Kind.PARAGRAPH).count() == 25
    assert blocks.filter(kind=BodyBlock.Kind.HEADING).count() == 2
    assert blocks.filter(kind=BodyBlock.Kind.PHOTO).count() == 9


def test_exact_vietnamese_strings():
    seed = article()
    assert seed.title_vi == TITLE
    assert seed.lead_vi == (
        "Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý nhấn mạnh, mục tiêu chuyển đổi số cuối cùng là "
        "hướng đến lợi ích của người dân và doanh nghiệp; thúc đẩy phát triển kinh tế - xã hội; "
        "nâng cao hiệu quả lãnh đạo của Đảng, hiệu lực, hiệu quả điều hành của chính quyền và hệ "
        "thống chính trị."
    )
    quote = Statement.objects.get(kind=Statement.Kind.QUOTE)
    assert quote.text_vi == QUOTE
    assert quote.speaker.full_name == "Nguyễn Đức Trung"
    assert quote.attribution_vi == "Chủ tịch UBND tỉnh"
    headings = list(seed.blocks.filter(kind="heading").values_list("text_vi", flat=True))
    assert headings == [
        "ĐỀ CAO NHẬN THỨC, VAI TRÒ NGƯỜI ĐỨNG ĐẦU",
        "CÁC CƠ QUAN NHÀ NƯỚC PHẢI ĐI ĐẦU",
    ]
    assert Photo.objects.get(order=1).caption_vi == (
        "Toàn cảnh phiên họp thường kỳ tháng 5 của Ban Thường vụ Tỉnh ủy Nghệ An sáng 28/5."
    )


def test_byline_time_source_and_status():
    seed = article()
    assert seed.byline == "Thành Duy"
    assert seed.published_at == datetime.datetime(
        2022, 5, 28, 12, 29, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    assert seed.source_name_vi == "Báo Nghệ An"
    assert seed.source_url == "https://baonghean.vn/"
    assert seed.status == Article.Status.PUBLISHED
    assert Article.objects.published().filter(pk=1).exists()


def test_body_follows_the_source_line_by_line():
    """Every source line but the closing page furniture is a field of the seed, in order."""
    lines = source_lines()
    assert lines[-2:] == [TITLE, FURNITURE_FOOTER], "the source's closing furniture changed"
    seed = article()
    published = seed.published_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    rebuilt = [
        seed.title_vi,
        f"{seed.byline} {published:%d/%m/%Y %H:%M}",
        DATELINE + seed.lead_vi,
    ]
    for block in seed.blocks.select_related("photo").order_by("order"):
        if block.kind == BodyBlock.Kind.PHOTO:
            rebuilt.append(block.photo.caption_vi + CREDIT_LINE + block.photo.credit)
        else:
            rebuilt.append(block.text_vi)
    assert rebuilt == lines[:-2]


def test_photos_are_placed_in_caption_order_with_credit_and_people():
    blocks = BodyBlock.objects.filter(kind="photo").select_related("photo").order_by("order")
    photos = [block.photo for block in blocks]
    assert [photo.order for photo in photos] == list(range(1, 10))
    shown = [[person.full_name for person in photo.people_shown.all()] for photo in photos]
    assert shown == [
        [],
        ["Ngọc Kim Nam"],
        ["Nguyễn Thị Kim Chi"],
        ["Bùi Thanh An"],
        ["Nguyễn Thị Thu Hường"],
        ["Nguyễn Đức Trung"],
        ["Thái Thanh Quý"],
        ["Lê Thị Hoài Chung"],
        ["Nguyễn Văn Thông"],
    ]
    for photo in photos:
        assert photo.credit == "Thành Duy"
        assert photo.is_placeholder
        assert photo.image.name.startswith("photos/seed/")
        assert "Ảnh:" not in photo.caption_vi
        for person in photo.people_shown.all():
            assert person.full_name in photo.caption_vi
            assert person.full_name in photo.alt_text_vi
            assert person.full_name in photo.alt_text_en


def translated_values():
    """(record, field, {language: value}) for every translated field of every record."""
    for model in translator.get_registered_models(abstract=False):
        for name in translator.get_options_for_model(model).all_fields:
            for row in model._base_manager.values("pk", f"{name}_vi", f"{name}_en"):
                label = f"{model._meta.label} #{row['pk']}"
                yield label, model._meta.get_field(name), row[f"{name}_vi"], row[f"{name}_en"]


def test_every_translated_field_is_filled_in_both_languages_or_neither():
    checked = 0
    for label, field, vi, en in translated_values():
        assert bool(vi) == bool(en), f"{label}.{field.name}: vi={vi!r} en={en!r}"
        if not field.blank:
            assert vi, f"{label}.{field.name} is required"
        checked += bool(vi)
    assert checked > 200


# Values that are rightly the same in both languages (a unit sign, the outlet's own site name).
SAME_IN_BOTH = {"%", "Baonghean.vn"}


def test_english_is_a_translation_not_a_copy():
    for label, field, vi, en in translated_values():
        if vi and vi not in SAME_IN_BOTH:
            assert vi != en, f"{label}.{field.name} is not translated: {vi!r}"


def test_english_title_slugs_and_glossary_renderings():
    seed = article()
    assert seed.title_en == (
        "Nghệ An Provincial Party Standing Committee gives its views on the draft resolution on "
        "digital transformation"
    )
    assert seed.slug_en == slugify(seed.title_en)
    assert seed.slug_vi == unaccented_slug(seed.title_vi)
    quote = Statement.objects.get(kind=Statement.Kind.QUOTE)
    assert quote.attribution_en == "Chairman of the Provincial People's Committee"
    english = " ".join(seed.blocks.values_list("text_en", flat=True))
    for rendering in [
        "Provincial Party Standing Committee",
        "Secretary of the Provincial Party Committee",
        "Chairman of the Provincial People's Committee",
        "Provincial Party Executive Committee",
        "19th Provincial Party Congress",
        "13th National Party Congress",
        "Fatherland Front",
        "GRDP",
        "Vinh city, Cửa Lò town and Hoàng Mai town",
    ]:
        assert rendering in english, rendering
    # Vietnamese personal names keep their diacritics in English.
    assert "Thai Thanh Quy" not in english
    assert "Thái Thanh Quý" in english


def test_vietnamese_slugs_are_unaccented_and_english_slugs_ascii():
    for model in (Article, Document, Meeting, Topic, Organization):
        for slug_vi, slug_en in model.objects.values_list("slug_vi", "slug_en"):
            assert slug_vi.isascii() and slug_en.isascii()
            assert slug_vi != slug_en
    assert set(Person.objects.values_list("slug", flat=True)) == {
        "thai-thanh-quy",
        "nguyen-van-thong",
        "nguyen-duc-trung",
        "ngoc-kim-nam",
        "nguyen-thi-kim-chi",
        "bui-thanh-an",
        "nguyen-thi-thu-huong",
        "le-thi-hoai-chung",
    }
    assert Person.objects.get(slug="thai-thanh-quy").aliases == ["Thái Thanh Quí"]


def test_every_official_holds_every_position_the_article_gives():
    titles = {
        person.full_name: [position.title_vi for position in person.positions.order_by("order")]
        for person in Person.objects.prefetch_related("positions")
    }
    assert titles == {
        "Thái Thanh Quý": [
            "Ủy viên Ban Chấp hành Trung ương Đảng",
            "Bí thư Tỉnh ủy",
            "Trưởng đoàn đại biểu Quốc hội tỉnh",
            "Chủ tịch Hội đồng nhân dân tỉnh",
        ],
        "Nguyễn Văn Thông": ["Phó Bí thư Thường trực Tỉnh ủy"],
        "Nguyễn Đức Trung": ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"],
        "Ngọc Kim Nam": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng ban Dân vận Tỉnh ủy"],
        "Nguyễn Thị Kim Chi": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Bí thư Đảng ủy Khối CCQ tỉnh"],
        "Bùi Thanh An": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ nhiệm UBKT Tỉnh ủy"],
        "Nguyễn Thị Thu Hường": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng ban Tuyên giáo Tỉnh ủy"],
        "Lê Thị Hoài Chung": [
            "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
            "Hiệu trưởng Trường Chính trị tỉnh",
        ],
    }
    assert set(Position.objects.values_list("attested_on", "source_url")) == {
        (datetime.date(2022, 5, 28), "https://baonghean.vn/")
    }
    # The journalist is a byline and a credit, not an official.
    assert not Person.objects.filter(full_name="Thành Duy").exists()


def test_documents_with_symbol_issuer_date_and_status():
    rows = {
        document.symbol: (document.issuer and document.issuer.name_vi, document.issued_on)
        for document in Document.objects.exclude(symbol="").select_related("issuer")
    }
    assert rows == {
        "11-QĐ/TW": ("Ban Bí thư", datetime.date(2021, 5, 19)),
        "11-CT/TU": ("Ban Thường vụ Tỉnh ủy Nghệ An", datetime.date(2017, 5, 9)),
        "26-NQ/TW": ("Bộ Chính trị", None),  # the article gives no date
    }
    assert Document.objects.get(symbol_key="11QDTW").symbol == "11-QĐ/TW"
    assert set(Document.objects.filter(status="draft").values_list("kind", flat=True)) == {
        "resolution",
        "project",
    }
    relations = {
        (relation.source.title_vi[:20], relation.kind, relation.target.title_vi[:30])
        for relation in DocumentRelation.objects.select_related("source", "target")
    }
    assert relations == {
        ("Nghị quyết của Ban C", "concretizes", "Nghị quyết Đại hội đại biểu Đả"),
        ("Nghị quyết của Ban C", "concretizes", "Nghị quyết Đại hội đại biểu to"),
        ("Đề án xây dựng Trườn", "implements", "Quy định về trường chính trị c"),
    }
    assert article().document_links.count() == 7


def test_meeting_chair_attendees_and_agenda():
    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2022, 5, 28)
    assert meeting.body.name_vi == "Ban Thường vụ Tỉnh ủy Nghệ An"
    assert meeting.chair.full_name == "Thái Thanh Quý"
    roles = dict(meeting.attendances.values_list("person__full_name", "role"))
    assert roles.pop("Thái Thanh Quý") == "chair"
    assert roles.pop("Lê Thị Hoài Chung") == "presenter"
    assert set(roles.values()) == {"attendee"} and len(roles) == 6
    items = list(meeting.agenda_items.select_related("document", "presenter"))
    assert [item.document.symbol for item in items] == ["", "", "11-CT/TU", "26-NQ/TW"]
    assert items[1].document.kind == Document.Kind.PROJECT
    assert items[1].presenter.full_name == "Lê Thị Hoài Chung"
    assert article().meeting == meeting


def test_targets_never_carry_a_value_or_year_the_text_does_not_give():
    draft = Document.objects.get(status="draft", kind="resolution")
    assert Target.objects.exclude(document=draft).count() == 0
    assert Target.objects.filter(pillar__isnull=True).count() == 0
    coverage = Target.objects.get(indicator_vi__contains="4G, 5G")
    assert (coverage.value, coverage.deadline_year, coverage.outcome) == (100, 2025, "too_low")
    assert coverage.proposed_by.full_name == "Thái Thanh Quý"
    assert list(Target.objects.exclude(deadline_year=None)) == [coverage]
    # Each value figures in the indicator as printed.
    for target in Target.objects.exclude(value=None):
        assert f"{target.value:.0f}" in target.indicator_vi
    outcomes = Counter(Target.objects.values_list("outcome", flat=True))
    assert outcomes == {"in_draft": 1, "too_low": 1, "proposed": 2, "to_quantify": 3}
    smart = Target.objects.get(pillar__slug_vi="do-thi-thong-minh")
    for place in ("Vinh", "Cửa Lò", "Hoàng Mai"):
        assert place in smart.scope_vi


def block_texts() -> list[str]:
    """The Vietnamese of each paragraph and caption, in body order."""
    texts = []
    for block in article().blocks.select_related("photo").order_by("order"):
        texts.append(block.photo.caption_vi if block.photo else block.text_vi)
    return texts


def test_statements_are_verbatim_attributed_as_printed_and_in_order():
    texts = block_texts()
    positions = []
    for statement in Statement.objects.order_by("order"):
        found = [i for i, text in enumerate(texts) if statement.text_vi in text]
        assert found, f"statement #{statement.pk} is not verbatim from the body"
        assert statement.attribution_vi in texts[found[0]], statement.attribution_vi
        positions.append(found[0])
    assert positions == sorted(positions)


def test_statements_link_speakers_documents_and_targets():
    speakers = Statement.objects.values_list("speaker__full_name", flat=True)
    assert set(speakers) == set(Person.objects.values_list("full_name", flat=True))
    quy = Statement.objects.filter(speaker__full_name="Thái Thanh Quý")
    assert set(quy.values_list("kind", flat=True)) == {"conclusion"}
    assert quy.count() == 12
    # Whatever the meeting said of a target is someone's statement.
    for target in Target.objects.exclude(outcome=Target.Outcome.IN_DRAFT):
        assert target.statements.exists(), f"target #{target.pk} has no statement"
    congress = Statement.objects.filter(documents__kind="congress_resolution").distinct()
    assert congress.count() == 1
    school = Statement.objects.filter(documents__symbol="11-QĐ/TW")
    assert sorted(school.values_list("kind", flat=True)) == ["comment", "presentation"]


def test_article_reads_in_both_languages_through_modeltranslation():
    with translation.override("vi"):
        assert Article.objects.get(pk=1).title == TITLE
        assert Position.objects.get(pk=2).title == "Bí thư Tỉnh ủy"
    with translation.override("en"):
        assert Article.objects.get(pk=1).title.startswith("Nghệ An Provincial Party")
        assert Position.objects.get(pk=2).title == "Secretary of the Provincial Party Committee"


def all_counts() -> dict[str, int]:
    """Row counts of every table of both apps, many-to-many tables included."""
    counts = {}
    for app_label in ("people", "articles"):
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model._base_manager.count()
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                counts[through._meta.label] = through._base_manager.count()
    return counts


def test_loading_twice_updates_instead_of_duplicating():
    before = all_counts()
    Article.objects.filter(pk=1).update(title_en="edited")
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
    assert all_counts() == before
    assert article().title_en.startswith("Nghệ An Provincial Party")


def test_load_seed_stores_vietnamese_in_the_raw_base_columns(media_root):
    # Raw-column readers (e.g. SearchHeadline("title")) must find the original, whatever language
    # is active when the seed is loaded.
    with translation.override("en"):
        call_command("load_seed", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM articles_article WHERE id = 1")
        assert cursor.fetchone() == (TITLE,)


def test_fixture_text_is_nfc():
    text = SEED_FIXTURE.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_records_added_after_the_seed_get_fresh_keys():
    # loaddata resets the sequences past the fixed keys, so the admin can add records at once.
    topic = Topic.objects.create(
        name_vi="Cải cách hành chính",
        name_en="Administrative reform",
        slug_vi="cai-cach-hanh-chinh",
        slug_en="administrative-reform",
    )
    assert topic.pk > 6
