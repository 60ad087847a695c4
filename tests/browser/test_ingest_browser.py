"""An editor pastes a newly written test article into "Nhập bài từ văn bản", reviews what was
found, creates the draft and finds its people, document and photos linked. The review screen's
screenshot is written to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Photo
from tests import builders as records
from tests.browser.test_editor_admin import log_in
from tests.ingest_support import SECOND_PEOPLE, SECOND_TXT


@pytest.mark.django_db(transaction=True)
def test_editor_pastes_a_new_article_reviews_and_creates_the_draft(
    live_server, page, site, artifacts_dir, console_errors
):
    base = live_server.url
    records.editor()
    log_in(page, base, "editor")

    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{base}/admin/articles/article/ingest/")
    expect(page.locator("h1")).to_have_text("Nhập bài từ văn bản")
    page.fill("#id_text", SECOND_TXT.read_text("utf-8"))
    page.get_by_role("button", name="Đọc bài").click()

    # The review: every record with the sentence it came from; nothing written yet.
    expect(page.locator(".ingest-title")).to_have_text(
        "Sở Thử nghiệm sơ kết 2 năm thực hiện Kế hoạch chuyển đổi số mẫu thử"
    )
    for name in SECOND_PEOPLE:
        expect(page.locator(".ingest-label", has_text=name).first).to_be_visible()
    expect(
        page.locator(".ingest-evidence", has_text="nhấn mạnh: “Dữ liệu mẫu thử").first
    ).to_be_visible()
    assert Article.objects.count() == 0
    page.screenshot(path=str(artifacts_dir / "ingest-review.png"), full_page=True)

    # Accept the ranking as a target, drop nothing else, create the draft.
    page.locator("input[name=target-1-keep]").check()
    page.get_by_role("button", name="Tạo bản nháp").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã tạo bản nháp")

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")
    speakers = set(article.statements.values_list("speaker__full_name", flat=True))
    assert speakers == SECOND_PEOPLE
    assert article.meeting.chair.full_name == "Hoàng Thử Sáu"
    assert article.documents.filter(symbol="12-KH/STN").exists()
    photos = Photo.objects.filter(article=article).order_by("order")
    assert photos.count() == 3
    assert all(p.is_placeholder and (site.MEDIA_ROOT / p.image.name).exists() for p in photos)
    assert list(photos[1].people_shown.values_list("full_name", flat=True)) == ["Đỗ Văn Thử Tám"]
    assert article.targets.get().value == 5
    page.screenshot(path=str(artifacts_dir / "ingest-created-draft.png"))
    assert failed == []
    # The admin has no favicon (its 404 is reported too); what matters is that CSP blocked nothing.
    assert [e for e in console_errors if "Content Security Policy" in e] == []
