"""The newsroom admin in Chromium: an editor enters, translates, previews and publishes an article;
a translator finds the untranslated record, fills it, and is refused a Vietnamese change."""

import re

import pytest
from playwright.sync_api import Page, expect

from articles.models import Article, Statement
from tests import builders as records

PASSWORD = "pw-for-tests-only"  # noqa: S105 (created by the test, for the test)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def fill_tab(page: Page, field_id: str, value: str) -> None:
    """Open the field's language tab (modeltranslation) and type into it."""
    page.click(f'a[href="#tab_{field_id}"]')
    page.fill(f"#{field_id}", value)


def autocomplete(page: Page, select_id: str, text: str) -> None:
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def add_row(page: Page, group: str) -> None:
    page.locator(f"#{group}-group .add-row a").click()


@pytest.mark.django_db(transaction=True)
def test_editor_enters_translates_previews_and_publishes_an_article(live_server, page, media):
    base = live_server.url
    records.editor()
    document = records.document()
    records.pillar()
    image = media / "toan-canh.png"
    image.write_bytes(records.png_bytes(640, 400))
    log_in(page, base, "editor")

    # --- enter the article in Vietnamese, with a statement, a photo and a target ---
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title_vi", "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến về dự thảo Nghị quyết")
    page.press("#id_title_vi", "Tab")  # the slug fills itself when the title changes
    expect(page.locator("#id_slug_vi")).to_have_value(re.compile("^ban-thuong-vu"))
    page.fill(
        "#id_lead_vi",
        "Sáng 28/5, tại phiên họp thường kỳ tháng 5, Ban Thường vụ Tỉnh ủy đã cho ý kiến.",
    )
    page.fill("#id_byline", "Thành Duy")
    page.fill("#id_published_at_0", "2022-05-28")
    page.fill("#id_published_at_1", "12:29:00")
    page.fill("#id_source_name_vi", "Báo Nghệ An")

    add_row(page, "statements")
    # The speaker is new: added through the "+" popup without leaving the article.
    with page.expect_popup() as popup_info:
        page.click("#add_id_statements-0-speaker")
    popup = popup_info.value
    popup.fill("#id_full_name", "Nguyễn Đức Trung")
    popup.fill("#id_slug", "nguyen-duc-trung")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    expect(page.locator("#id_statements-0-speaker option:checked")).to_have_text("Nguyễn Đức Trung")
    page.fill("#id_statements-0-attribution_vi", "Chủ tịch UBND tỉnh")
    page.select_option("#id_statements-0-kind", "quote")
    page.fill("#id_statements-0-text_vi", records.QUOTE_VI)

    add_row(page, "photos")
    page.set_input_files("#id_photos-0-image", str(image))
    page.fill("#id_photos-0-caption_vi", "Toàn cảnh phiên họp thường kỳ tháng 5.")
    page.fill("#id_photos-0-alt_text_vi", "Ảnh thay thế")
    page.fill("#id_photos-0-credit", "Thành Duy")

    add_row(page, "targets")
    autocomplete(page, "id_targets-0-document", "chuyển đổi số")
    page.fill(
        "#id_targets-0-indicator_vi",
        "Cơ quan Nhà nước cấp tỉnh, cấp huyện có cán bộ được đào tạo công nghệ thông tin",
    )
    page.fill("#id_targets-0-value", "100")
    page.fill("#id_targets-0-deadline_year", "2025")
    page.select_option("#id_targets-0-outcome", "proposed")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.statements.get().speaker.full_name == "Nguyễn Đức Trung"
    assert article.photos.get().image.name.startswith("photos/")
    assert article.targets.get().document == document
    # Thumbnail of the uploaded photo in its inline.
    expect(page.locator("#photos-group img.admin-thumb")).to_be_visible()

    # --- translate every field into English ---
    fill_tab(page, "id_title_en", "Standing Committee comments on the draft resolution")
    fill_tab(page, "id_slug_en", "standing-committee-comments-on-the-draft-resolution")
    fill_tab(page, "id_lead_en", "On 28 May the Provincial Party Standing Committee commented.")
    fill_tab(page, "id_source_name_en", "Nghệ An Newspaper")
    fill_tab(
        page, "id_statements-0-attribution_en", "Chairman of the Provincial People's Committee"
    )
    fill_tab(
        page, "id_statements-0-text_en", "If the head is not determined, it is truly difficult"
    )
    fill_tab(page, "id_photos-0-caption_en", "The regular May session.")
    fill_tab(page, "id_photos-0-alt_text_en", "Placeholder image")
    fill_tab(page, "id_targets-0-indicator_en", "State agencies with staff trained in IT")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".translation-summary")).to_contain_text("4/4")

    # --- preview the draft in both languages ---
    page.click("a.previewlink >> nth=1")
    expect(page.locator("article[lang=en] h1")).to_have_text(
        "Standing Committee comments on the draft resolution"
    )
    expect(page.locator(".preview-banner")).to_contain_text("not public")
    expect(page.locator(".preview-statements")).to_contain_text("If the head is not determined")
    page.click(".preview-banner a[hreflang=vi]")
    expect(page.locator("article[lang=vi] .preview-statements")).to_contain_text(records.QUOTE_VI)

    # --- publish from the list ---
    page.goto(f"{base}/admin/articles/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_contain_text("1 article is live")
    expect(page.locator(".public-state-live")).to_be_visible()
    assert list(Article.objects.published()) == [article]

    # The preview now says the article is public, in both languages.
    page.goto(f"{base}/admin/articles/article/{article.pk}/preview/en/")
    expect(page.locator(".preview-banner")).to_contain_text("this article is public")


@pytest.mark.django_db(transaction=True)
def test_translator_fills_the_untranslated_record_and_is_refused_vietnamese(
    live_server, page, media
):
    base = live_server.url
    records.translator()
    article = records.article(english=False)
    speaker = records.person()
    records.statement(article, speaker)  # translated
    untranslated = records.statement(article, speaker, english=False)
    log_in(page, base, "translator")

    # --- find the untranslated statement through the filter and fill its English ---
    page.goto(f"{base}/admin/articles/statement/")
    page.click("text=Missing English (1)")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("th a").click()
    expect(page.locator("#id_text_vi")).to_have_count(0)  # the original is read-only
    expect(page.locator(".field-text_vi .readonly")).to_contain_text(records.QUOTE_VI[:30])
    fill_tab(page, "id_attribution_en", "Chairman of the Provincial People's Committee")
    fill_tab(page, "id_text_en", "If the head is not determined, it is truly difficult")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    untranslated.refresh_from_db()
    assert untranslated.text_en == "If the head is not determined, it is truly difficult"
    page.goto(f"{base}/admin/articles/statement/?translation=missing")
    expect(page.locator("text=Missing English (0)")).to_be_visible()

    # --- a forged change to a Vietnamese field is refused by the server ---
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    fill_tab(page, "id_title_en", "Standing Committee comments on the draft resolution")
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            input.type = "hidden"; input.name = "title_vi"; input.value = "Tiêu đề bị sửa";
            document.querySelector("#article_form").appendChild(input);
        }"""
    )
    page.click("input[name=_save]")
    expect(page.locator(".change-refused")).to_contain_text("title_vi")
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_vi == article.title_vi
    assert stored.title_en is None  # nothing of the refused form was saved
    assert Statement.objects.filter(text_en__isnull=True).count() == 0
