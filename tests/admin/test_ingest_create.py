"""Writing a reviewed extraction: the draft and its records, matches linked only when
confirmed, and the command's refusal to merge silently."""

import datetime as dt
import io
import sys

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from articles.ingest.create import create_draft
from articles.ingest.match import find_matches
from articles.ingest.parse import parse_article
from articles.models import Article, Document, Meeting, Photo, Statement
from people.models import Person
from tests.ingest_support import SAMPLE_PEOPLE, SAMPLE_TXT, sample_text
from tests.seed_source import source_path


@pytest.mark.django_db
def test_a_new_article_becomes_a_draft_with_its_records_linked(media_root):
    article = create_draft(parse_article(sample_text()))
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert article.published_at == dt.datetime(2026, 12, 3, 2, 15, tzinfo=dt.UTC)  # 09:15 in Vinh
    assert [b.kind for b in article.blocks.order_by("order")][:3] == [
        "paragraph",
        "photo",
        "paragraph",
    ]
    assert set(Person.objects.values_list("full_name", flat=True)) == SAMPLE_PEOPLE
    bon = Person.objects.get(full_name="Phạm Văn Thử Bốn")
    assert bon.positions.get().title == "Phó Giám đốc Sở Thử nghiệm"
    meeting = article.meeting
    assert (meeting.chair.full_name, str(meeting.date)) == ("Nguyễn Thử Một", "2026-12-02")
    assert meeting.agenda_items.count() == 3
    doc = Document.objects.get(symbol="7-QĐ/TN")
    assert (doc.issuer.name, str(doc.issued_on)) == ("Ban Thử nghiệm Trung ương", "2025-03-05")
    said = Statement.objects.get(
        article=article, speaker=Person.objects.get(full_name="Lê Thị Thử Ba")
    )
    assert doc in said.documents.all()
    photos = list(Photo.objects.filter(article=article).order_by("order"))
    assert [p.credit for p in photos] == ["Phóng Viên Thử"] * 3
    assert all(p.is_placeholder for p in photos)
    with Image.open(photos[1].image.path) as image:  # a labelled stand-in, as make_placeholders
        assert "PLACEHOLDER" in image.text["Title"]
    assert list(photos[1].people_shown.values_list("full_name", flat=True)) == ["Lê Thị Thử Ba"]


@pytest.mark.django_db
def test_the_seed_text_matches_the_seed_people_and_documents_with_evidence(seed):
    matches = find_matches(parse_article(source_path().read_text("utf-8")))
    assert all(matches.people.values()), matches.people
    quy = matches.people["Thái Thanh Quý"]
    assert quy.pk == 1 and "Bí thư Tỉnh ủy" in quy.evidence
    assert all(matches.documents.values()), matches.documents
    assert matches.documents["sym:11QDTW"].pk == 4


@pytest.mark.django_db
def test_confirmed_matches_link_existing_records_and_duplicate_nothing(seed, media_root):
    ex = parse_article(source_path().read_text("utf-8"))
    matches = find_matches(ex)
    people_before, documents_before = Person.objects.count(), Document.objects.count()
    article = create_draft(
        ex,
        existing_people={k: v.pk for k, v in matches.people.items()},
        existing_documents={k: v.pk for k, v in matches.documents.items()},
    )
    assert (Person.objects.count(), Document.objects.count()) == (people_before, documents_before)
    assert article.statements.filter(speaker_id=1).count() == 12
    assert Meeting.objects.count() == 2  # the draft's meeting is its own, for the editor to merge


def run_command(*args: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    call_command("ingest_article", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_to_merge_silently(seed, media_root):
    out = io.StringIO()
    with pytest.raises(CommandError, match="--accept-matches"):
        call_command("ingest_article", str(source_path()), "--create", stdout=out)
    assert "name key: Thái Thanh Quý" in out.getvalue()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_the_command_links_confirmed_matches_with_accept_matches(seed, media_root):
    out, _ = run_command(str(source_path()), "--create", "--accept-matches")
    assert "Created draft article" in out
    assert Person.objects.count() == 8
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1


@pytest.mark.django_db
def test_the_command_reads_stdin_and_creates_a_draft(media_root, monkeypatch):
    out, _ = run_command("-", "--create", stdin=SAMPLE_TXT.read_bytes(), monkeypatch=monkeypatch)
    assert "Created draft article" in out
    assert Article.objects.get().status == Article.Status.DRAFT


def test_the_command_refuses_a_binary_file_clearly(run_manage, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    result = run_manage("ingest_article", str(binary))
    assert result.returncode == 1
    assert "không phải văn bản" in result.stderr  # commands speak the site's language
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_the_same_article_twice_reuses_confirmed_records_and_gets_its_own_slug(media_root):
    first = create_draft(parse_article(sample_text()))
    ex = parse_article(sample_text())
    matches = find_matches(ex)
    assert all(matches.people.values()) and all(matches.documents.values())
    second = create_draft(
        ex,
        existing_people={k: v.pk for k, v in matches.people.items()},
        existing_documents={k: v.pk for k, v in matches.documents.items()},
    )
    assert (first.slug, second.slug) == (second.slug.removesuffix("-2"), first.slug + "-2")
    assert Person.objects.count() == len(SAMPLE_PEOPLE)
    # Titles already on record are not added again.
    assert Person.objects.get(full_name="Trần Thử Hai").positions.count() == 1
    first_images = {p.image.name for p in first.photos.all()}
    assert first_images.isdisjoint({p.image.name for p in second.photos.all()})


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_writing_leaves_nothing_behind(media_root):
    from decimal import Decimal

    from django.db import DataError

    ex = parse_article(sample_text())
    ex.targets[0].value = Decimal("1e15")  # beyond Target.value's 12 digits: PostgreSQL refuses
    with pytest.raises(DataError):
        create_draft(ex)
    assert Article.objects.count() == 0 and Person.objects.count() == 0
    stored = (
        list((media_root / "photos").rglob("*.png")) if (media_root / "photos").exists() else []
    )
    assert stored == []  # the placeholder images written before the failure are removed
