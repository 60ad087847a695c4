"""The seed article's page as a reader sees it (issue 15): the body printed once with each
speaker in its margin, a short "who spoke" summary, caption-only statements as attendance,
responsive WebP photos, one placeholder notice, no link to the newspaper's home page, and
document relations as sentences."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, Document, Photo, Statement

pytestmark = pytest.mark.usefixtures("seed")


def page(client, language: str = "vi") -> str:
    with translation.override(language):
        url = Article.objects.get(pk=1).get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def body(html: str) -> str:
    after = html.split('<div class="article-body">', 1)[1]
    return after.split('<aside class="article-aside"', 1)[0]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_statement_paragraph_is_printed_once(client, language):
    # What a reader sees: the structured data (a script) quotes the statements for machines.
    html = re.sub(r"<script[^>]*>.*?</script>", "", page(client, language), flags=re.S)
    with translation.override(language):
        for statement in Statement.objects.exclude(kind=Statement.Kind.SPOKE_UNREPORTED):
            paragraph = statement.article.blocks.filter(text_vi__contains=statement.text_vi[:60])
            text = paragraph.get().text
            assert html.count(text) == 1, text[:60]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_statement_has_its_speaker_linked_in_the_margin_of_its_paragraph(client, language):
    html = body(page(client, language))
    for statement in Statement.objects.select_related("speaker"):
        with translation.override(language):
            person_url = statement.speaker.get_absolute_url()
        anchor = f'id="statement-{statement.pk}"'
        assert html.count(anchor) == 1, anchor
        note = html.split(anchor, 1)[1][:600]
        assert f'href="{person_url}"' in note
        assert statement.speaker.full_name in note
    # Conclusions sit above their paragraph: the note precedes the paragraph's own words.
    conclusion = Statement.objects.filter(kind="conclusion").order_by("order").first()
    with translation.override(language):
        text = (
            Statement.objects.get(pk=conclusion.pk)
            .article.blocks.get(text_vi__contains=conclusion.text_vi[:60])
            .text
        )
    assert html.index(f'id="statement-{conclusion.pk}"') < html.index(text)


def test_who_spoke_is_one_line_per_speaker_with_counts(client):
    html = page(client, "en")
    summary = html.split('id="statements-title"', 1)[1].split("</section>", 1)[0]
    lines = re.findall(r"<li>.*?</li>", summary, flags=re.S)
    assert len(lines) == Statement.objects.values("speaker").distinct().count() == 8
    quy = next(line for line in lines if "Thái Thanh Quý" in line)
    assert "12 statements" in quy
    assert quy.count('href="#statement-') == 12
    nam = next(line for line in lines if "Ngọc Kim Nam" in line)
    assert "statement" not in re.sub(r"<[^>]+>", "", nam)
    assert "spoke; content not reported" in nam
    # The count beside the heading is what the report gives of anyone's words: 16, not 22.
    assert re.search(r'statements-title">Who spoke <span class="count">16</span>', html)
    assert "Who said what" not in html and "statement-list" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_caption_only_statements_are_attendance_not_quotes(client, language):
    html = page(client, language)
    label = {
        "vi": "có phát biểu tại cuộc họp; nội dung không được thuật lại",
        "en": "spoke at the meeting; what was said is not reported",
    }[language]
    assert html.count(label) == 6
    assert "<blockquote" not in body(html)
    # Not counted among the quotations of the page's structured data either.
    ld = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert ld.count('"Quotation"') == 16


def test_the_document_page_lists_caption_speakers_as_attendance_not_opinions(client):
    school = Document.objects.get(kind="project")
    with translation.override("en"):
        response = client.get(school.get_absolute_url())
    html = unescape(response.content.decode())
    said = html.split('id="statements-title"', 1)[1].split("</section>", 1)[0]
    assert "No statements recorded." in said
    assert "Also spoke on it (what was said is not reported):" in said
    assert "Lê Thị Hoài Chung" in said and "Nguyễn Văn Thông" in said
    assert '<span class="count">0</span>' in said


def test_the_home_page_counts_only_reported_statements(client):
    html = page_html = client.get("/en/").content.decode()
    assert page_html
    line = re.search(r"Ngọc Kim Nam</a>[^<]*<span[^>]*>([^<]*)</span>", unescape(html))
    assert line is None, "someone reported only as having spoken is not a top speaker"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_placeholder_notice_is_printed_once(client, language):
    html = page(client, language)
    assert Photo.objects.filter(is_placeholder=True).count() == 9
    assert html.count('class="placeholder-note"') == 1


def test_english_placeholders_are_labelled_in_english_only(client):
    """The English page says in English what each stand-in is; the images themselves draw no
    words (tests/site/test_placeholders.py), so no Vietnamese label reaches an English reader."""
    html = unescape(page(client, "en"))
    notes = re.findall(r'<p class="placeholder-note">(.*?)</p>', html)
    assert notes == [
        "The original photographs are not available; labelled placeholders stand in for them. "
        "Captions and credits are the originals'."
    ]
    for photo in Photo.objects.filter(is_placeholder=True):
        figure = re.search(rf'<figure [^>]*id="photo-{photo.pk}".*?</figure>', html, re.S).group(0)
        assert '<span class="placeholder-label">Placeholder image</span>' in figure
        assert f'alt="{photo.alt_text_en}" lang="en"' in figure
        assert f"Photo: {photo.credit}" in figure
        for vietnamese in ("Ảnh thay thế", "ẢNH THAY THẾ", "Ảnh:"):
            assert vietnamese not in figure, (photo.pk, vietnamese)


def test_no_link_to_the_newspapers_home_page(client):
    for language in ["vi", "en"]:
        html = page(client, language)
        assert "baonghean.vn/" not in html.lower().replace("(baonghean.vn)", "")
        assert "bản gốc:" not in html and "original:" not in html
    article = Article.objects.get(pk=1)
    for home in ["https://baonghean.vn/", "https://baonghean.vn", "javascript:alert(1)"]:
        article.source_url = home
        assert article.original_url == ""
    article.source_url = "https://baonghean.vn/ban-thuong-vu-tinh-uy-nghe-an-post253011.html"
    assert article.original_url == article.source_url
    article.save(update_fields=["source_url"])
    html = page(client, "vi")
    assert html.count(f'href="{article.source_url}"') == 1
    assert f"(bản gốc: {article.source_url})" in html


def test_document_relations_read_as_sentences_in_both_languages(client):
    resolution = Document.objects.get(kind="resolution", status="draft")
    congress = Document.objects.get(kind="congress_resolution", title_vi__contains="XIX")
    for language, out, back in [
        ("vi", "Văn bản này cụ thể hóa ", " cụ thể hóa văn bản này."),
        ("en", "This document makes ", " makes this document concrete."),
    ]:
        with translation.override(language):
            html = unescape(client.get(resolution.get_absolute_url()).content.decode())
            assert out in html
            html = unescape(client.get(congress.get_absolute_url()).content.decode())
            related = html.split('id="related-title"', 1)[1].split("</section>", 1)[0]
            assert back in re.sub(r"<[^>]+>", "", related)
            assert "this document" not in related.split("</a>")[0] or language == "vi"


def test_photos_have_webp_srcset_and_only_the_lead_is_eager(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("make_placeholders", verbosity=0)
    call_command("make_renditions", verbosity=0)
    html = page(client, "vi")
    images = re.findall(r"<img [^>]*>", body(html))
    assert len(images) == 9
    for image in images:
        assert re.search(r'srcset="[^"]*\.w400\.webp 400w, [^"]*\.w800\.webp 800w', image)
        assert 'sizes="' in image
    assert 'loading="eager"' in images[0] and 'fetchpriority="high"' in images[0]
    assert all('loading="lazy"' in image for image in images[1:])
    photo = Photo.objects.order_by("order").first()
    assert (tmp_path / photo.image.name.replace(".png", ".w400.webp")).stat().st_size < (
        tmp_path / photo.image.name
    ).stat().st_size
