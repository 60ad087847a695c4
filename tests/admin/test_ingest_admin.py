"""The admin page "Nhập bài từ văn bản": paste or upload, review, create the draft. Run outside
a test transaction, as the server runs it: the draft is written in one transaction of its own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Document, Photo, Statement
from people.models import Organization, Person
from tests import builders as records
from tests.admin_form_data import form_data
from tests.ingest_support import SAMPLE_HTML, SAMPLE_PEOPLE, sample_text
from tests.page_audit import PageAudit, csp_nonce, parse_csp
from tests.seed_source import source_path

URL = "/admin/articles/article/ingest/"


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Article, Person, Document, Organization, Photo))


def assert_csp_clean(response) -> None:
    csp = parse_csp(response["Content-Security-Policy"])
    assert PageAudit.of(response.content.decode()).problems(csp_nonce(csp)) == []


@pytest.fixture
def editor_client(client, media_root):
    client.force_login(records.editor())
    return client


@pytest.mark.django_db(transaction=True)
def test_editor_pastes_reviews_and_creates_a_draft_with_everything_linked(editor_client):
    assert reverse("admin:articles_article_ingest") == URL
    page = editor_client.get(URL)
    assert page.status_code == 200
    assert "Nhập bài từ văn bản" in page.content.decode()
    assert_csp_clean(page)

    before = counts()
    review = editor_client.post(URL, {"step": "review", "text": sample_text()})
    html = review.content.decode()
    assert review.status_code == 200, html[:2000]
    assert_csp_clean(review)
    assert counts() == before  # nothing is written before "create draft"
    for name in SAMPLE_PEOPLE:
        assert name in html
    # Each record with the sentence it came from.
    assert "Giám đốc Sở Thử nghiệm Lê Thị Thử Ba cho biết, dự thảo được xây dựng" in html
    assert "Tạo bản nháp" in html

    data = form_data(html)
    data["statement-0-text"] = "Bà Thử Ba cho biết dự thảo theo Quy định số 7-QĐ/TN (đã sửa)."
    data.pop("photo-0-keep")  # drop the overview photo
    data["target-0-keep"] = "on"  # accept one proposed target
    created = editor_client.post(URL, data)
    assert created.status_code == 302, created.content.decode()[:3000]
    article = Article.objects.get()
    assert created["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.status == Article.Status.DRAFT
    assert set(Person.objects.values_list("full_name", flat=True)) == SAMPLE_PEOPLE
    assert article.photos.count() == 2
    assert article.blocks.filter(kind="photo").count() == 2
    edited = Statement.objects.get(article=article, text__endswith="(đã sửa).")
    assert edited.speaker.full_name == "Lê Thị Thử Ba"
    assert Document.objects.get(symbol="7-QĐ/TN") in edited.documents.all()
    assert article.targets.get().value == 95
    assert article.meeting.attendances.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_match_must_be_confirmed_and_then_links_the_existing_person(editor_client):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    review = editor_client.post(URL, {"step": "review", "text": source_path().read_text("utf-8")})
    html = review.content.decode()
    assert "name key: Thái Thanh Quý" in html  # the evidence is shown
    before = counts()
    unconfirmed = editor_client.post(URL, form_data(html))
    assert unconfirmed.status_code == 200
    assert "Hãy chọn: bản ghi đã có, hay một bản ghi mới." in unconfirmed.content.decode()
    assert counts() == before

    data = form_data(html)
    for key in (
        [k for k in list(data) if k.endswith("-match")]
        + [f"person-{i}-match" for i in range(8)]
        + [f"document-{i}-match" for i in range(7)]
    ):
        data[key] = "existing"
    data["person-1-match"] = "new"  # the editor says Nguyễn Văn Thông here is someone else
    created = editor_client.post(URL, data)
    assert created.status_code == 302, created.content.decode()[:3000]
    assert Person.objects.count() == 9
    assert Person.objects.filter(full_name="Nguyễn Văn Thông").count() == 2
    assert Document.objects.count() == 7
    draft = Article.objects.get(status=Article.Status.DRAFT)
    assert draft.statements.filter(speaker_id=1).count() == 12


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_html_file_is_read_like_the_text(editor_client):
    upload = SimpleUploadedFile("bai.html", SAMPLE_HTML.read_bytes(), "text/html")
    review = editor_client.post(URL, {"step": "review", "file": upload})
    html = review.content.decode()
    assert review.status_code == 200
    assert "Phạm Văn Thử Bốn" in html
    # The review carries the article's text, not the page's markup (nor its script).
    assert "&lt;p&gt;" not in html and "tracking" not in html
    created = editor_client.post(URL, form_data(html))
    assert created.status_code == 302
    assert Article.objects.get().blocks.count() == 14


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("text", "upload", "message"),
    [
        ("   \n  ", None, "Văn bản trống."),
        (None, ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary"), "không phải văn bản"),
        (None, ("big.txt", b"a" * (20 * 1024 * 1024)), "quá lớn"),
        (None, ("bai.pdf", b"%PDF-1.4"), "Chỉ nhập được tệp .txt và .html."),
        (None, ("latin1.txt", "Tiêu đề".encode("utf-16")), "không phải văn bản"),
        ("<html><body><div><p></div></span>", None, "Không tìm thấy thân bài"),
        ("Chỉ một dòng, không có gì khác", None, "Không tìm thấy thân bài"),
    ],
)
def test_bad_input_gets_a_clear_form_error_and_writes_nothing(editor_client, text, upload, message):
    data = {"step": "review"}
    if text is not None:
        data["text"] = text
    if upload:
        data["file"] = SimpleUploadedFile(upload[0], upload[1], "application/octet-stream")
    before = counts()
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_a_tampered_create_step_is_a_form_error_not_a_500(editor_client):
    response = editor_client.post(URL, {"step": "create", "source": ""})
    assert response.status_code == 200
    assert "Văn bản trống." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_translators_and_anonymous_users_may_not_use_it(client, media_root):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(records.translator())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"step": "review", "text": sample_text()}).status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_over_long_edit_is_a_form_error_and_nothing_is_written(editor_client):
    review = editor_client.post(URL, {"step": "review", "text": sample_text()})
    data = form_data(review.content.decode())
    data["person-0-name"] = "Nguyễn " * 40
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 200 kí tự" in response.content.decode()
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_the_articles_list_links_the_page_for_editors_only(client, media_root):
    client.force_login(records.editor())
    assert URL in client.get("/admin/articles/article/").content.decode()
    client.force_login(records.translator())
    listing = client.get("/admin/articles/article/")
    assert listing.status_code == 200
    assert URL not in listing.content.decode()
