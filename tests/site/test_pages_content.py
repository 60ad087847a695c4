"""What a reader finds on each page, in each language."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Statement


def url_in(language: str, obj) -> str:
    with translation.override(language):
        return obj.get_absolute_url()


def page(client, language: str, obj) -> str:
    response = client.get(url_in(language, obj))
    assert response.status_code == 200
    return response.content.decode()


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_article_body_keeps_the_original_order_with_the_photo_in_place(client, world):
    html = page(client, "vi", world.article)
    paragraph = html.index("Sáng 28/5, tại phiên họp thường kỳ tháng 5")
    photo = html.index(f'id="photo-{world.photo.pk}"')
    heading = html.index("ĐỀ CAO NHẬN THỨC, VAI TRÒ NGƯỜI ĐỨNG ĐẦU")
    assert paragraph < photo < heading


def test_article_photo_shows_caption_credit_people_and_a_placeholder_label(client, world):
    html = page(client, "vi", world.article)
    figure = html[html.index(f'id="photo-{world.photo.pk}"') : html.index("</figure>")]
    assert "Toàn cảnh phiên họp thường kỳ tháng 5" in figure
    assert "Ảnh: Thành Duy" in figure
    assert "Ảnh thay thế" in figure  # the visible placeholder label
    assert f'alt="{world.photo.alt_text_vi}"' in figure
    assert url_in("vi", world.secretary) in figure


def test_real_photos_carry_no_placeholder_label(client, world):
    world.photo.is_placeholder = False
    world.photo.save(update_fields=["is_placeholder"])
    html = page(client, "en", world.article)
    assert "Placeholder image" not in html


def test_article_statements_link_to_speakers_with_an_anchor_each(client, world):
    html = page(client, "vi", world.article)
    for statement in [world.quote, world.conclusion]:
        start = html.index(f'id="statement-{statement.pk}"')
        block = html[start : html.index("</li>", start)]
        assert url_in("vi", statement.speaker) in block
        assert statement.text_vi in block
        assert f'href="{url_in("vi", statement)}"' in block
    assert url_in("vi", world.quote).endswith(f"#statement-{world.quote.pk}")
    assert "<blockquote" in html  # the direct quote reads as a quotation


def test_article_has_documents_box_targets_table_meeting_byline_and_citation(client, world):
    html = page(client, "vi", world.article)
    assert url_in("vi", world.resolution) in html
    assert "11-QĐ/TW" in html
    assert "19/05/2021" in html  # Vietnamese date format
    assert f'id="target-{world.targets[0].pk}"' in html
    assert "bị cho là còn thấp" in html  # the outcome: flagged as too low
    assert url_in("vi", world.meeting) in html
    assert "28/05/2022 12:29" in html
    assert "Thành Duy" in html
    assert "Báo Nghệ An" in html
    start = html.index('id="citation-text"')
    citation = html[start : html.index("</p>", start)]
    assert "Thành Duy" in citation
    assert "http://testserver" + url_in("vi", world.article) in citation


def test_article_links_the_original_source_when_known(client, world):
    world.article.source_url = "https://example.org/original-article"
    world.article.save(update_fields=["source_url"])
    html = page(client, "vi", world.article)
    assert 'href="https://example.org/original-article"' in html


def test_english_article_is_marked_as_translated_and_links_the_vietnamese_original(client, world):
    html = page(client, "en", world.article)
    assert "Translated" in html
    assert f'href="{url_in("vi", world.article)}" hreflang="vi"' in html
    # Each statement links its Vietnamese wording.
    assert f'href="{url_in("vi", world.quote)}" hreflang="vi"' in html
    assert "28 May 2022, 12:29" in html
    assert 'lang="en"><p>If the leader is not determined' in html


def test_untranslated_fields_on_english_pages_carry_lang_vi(client, world):
    Statement.objects.filter(pk=world.quote.pk).update(text_en=None)
    html = page(client, "en", world.article)
    assert f'lang="vi"><p>{world.quote.text_vi}</p>' in html


def test_vietnamese_pages_have_no_translation_notice(client, world):
    html = page(client, "vi", world.article)
    assert "translation-notice" not in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_language_switcher_hreflang_and_canonical_point_at_the_same_object(client, world, language):
    other = "en" if language == "vi" else "vi"
    for obj in [world.article, world.secretary, world.resolution, world.meeting]:
        html = page(client, language, obj)
        start = html.index('class="language-switcher"')
        switcher = html[start : html.index("</nav>", start)]
        assert f'href="{url_in(other, obj)}"' in switcher
        assert f'<link rel="canonical" href="http://testserver{url_in(language, obj)}">' in html
        assert f'hreflang="{other}" href="http://testserver{url_in(other, obj)}"' in html
        assert f'hreflang="x-default" href="http://testserver{url_in("vi", obj)}"' in html


def test_hreflang_lists_only_languages_a_record_really_has(client, world):
    from articles.models import Document

    Document.objects.filter(pk=world.regulation.pk).update(title_en=None, slug_en=None)
    html = page(client, "vi", world.regulation)
    assert 'hreflang="en" href=' not in html.split("<body")[0]
    # The switcher still offers the English interface for it.
    assert 'hreflang="en" lang="en"' in html


def test_person_page_lists_positions_statements_photos_and_meetings(client, world):
    html = page(client, "vi", world.secretary)
    assert "Bí thư Tỉnh ủy" in html
    assert url_in("vi", world.conclusion) in html  # the statement's permalink
    assert f"#photo-{world.photo.pk}" in html
    assert url_in("vi", world.meeting) in html
    with translation.override("vi"):
        feed = reverse(
            "articles:person-rss", kwargs={"pk": world.secretary.pk, "slug": world.secretary.slug}
        )
    assert feed in html
    # What the draft article says of nobody else leaks in:
    assert "Nháp." not in html


def test_person_statements_paginate_and_bad_page_numbers_do_not_fail(client, world):
    from articles.site.pages import PAGE_SIZE

    # A page's worth more of the secretary's statements (statements only: the photos and
    # targets `grow` would add cost seconds and are not on this page's list).
    for i in range(PAGE_SIZE):
        Statement.objects.create(
            article=world.article,
            meeting=world.meeting,
            speaker=world.secretary,
            attribution_vi="Bí thư Tỉnh ủy",
            attribution_en="Secretary of the Provincial Party Committee",
            kind=Statement.Kind.PARAPHRASE,
            text_vi=f"Ý kiến số {i}.",
            text_en=f"Comment number {i}.",
            order=100 + i,
        )
    url = url_in("en", world.secretary)
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    for bad in ["abc", "-1", "999999", "1" * 300, "\x00"]:
        response = client.get(url, {"page": bad})
        assert response.status_code == 200, bad


def test_document_page_groups_targets_by_pillar_and_lists_statements(client, world):
    html = page(client, "en", world.resolution)
    infrastructure = html.index("Pillar: Digital infrastructure")
    government = html.index("Pillar: Digital government")
    coverage = html.index(f'id="target-{world.targets[0].pk}"')
    trained = html.index(f'id="target-{world.targets[1].pk}"')
    assert infrastructure < coverage < government < trained
    assert "Draft" in html  # status
    assert url_in("en", world.quote) in html
    assert url_in("en", world.article) in html
    assert f'href="/en/targets/#target-{world.targets[0].pk}"' in html


def test_targets_overview_groups_by_pillar_then_deadline(client, world):
    html = client.get("/chi-tieu/").content.decode()
    assert "Hạ tầng số" in html and "Chính quyền số" in html
    assert "Đến năm 2025" in html
    assert html.index("Hạ tầng số</a></h2>") < html.index("Chính quyền số</a></h2>")
    assert "100%" in html


def test_meeting_page_shows_chair_attendees_agenda_and_reporting(client, world):
    html = page(client, "en", world.meeting)
    assert "28 May 2022" in html and "morning" in html
    for person in [world.secretary, world.deputy, world.chairman]:
        assert url_in("en", person) in html
    assert "The draft resolution on digital transformation" in html
    assert url_in("en", world.article) in html


def test_organization_and_topic_pages(client, world):
    html = page(client, "vi", world.standing_committee)
    assert url_in("vi", world.provincial_committee) in html  # parent
    assert url_in("vi", world.meeting) in html
    html = page(client, "en", world.infrastructure)
    assert url_in("en", world.article) in html
    assert f'id="target-{world.targets[0].pk}"' in html


def test_home_page_has_entry_points(client, world):
    html = client.get("/en/").content.decode()
    assert url_in("en", world.article) in html
    assert url_in("en", world.meeting) in html
    assert url_in("en", world.chairman) in html
    assert url_in("en", world.resolution) in html
    assert url_in("en", world.infrastructure) in html
    assert "/en/targets/" in html


def test_article_json_ld_is_a_news_article_with_quotations_images_event_and_legislation(
    client, world
):
    data = json_ld_of(page(client, "en", world.article))
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2022-05-28T12:29:00+07:00"
    assert data["inLanguage"] == "en"
    assert data["translationOfWork"]["@id"] == "http://testserver" + url_in("vi", world.article)
    assert {part["@type"] for part in data["hasPart"]} == {"Quotation"}
    assert data["image"][0]["@type"] == "ImageObject"
    assert data["image"][0]["creditText"] == "Thành Duy"
    assert data["about"]["@type"] == "Event"
    assert {item["@type"] for item in data["mentions"]} == {"Legislation"}
    assert "11-QĐ/TW" in [item.get("legislationIdentifier") for item in data["mentions"]]


def test_record_pages_carry_person_event_and_legislation_json_ld(client, world):
    assert json_ld_of(page(client, "vi", world.secretary))["@type"] == "Person"
    assert json_ld_of(page(client, "vi", world.meeting))["@type"] == "Event"
    legislation = json_ld_of(page(client, "vi", world.regulation))
    assert legislation["@type"] == "Legislation"
    assert legislation["legislationIdentifier"] == "11-QĐ/TW"


def test_json_ld_cannot_be_broken_out_of_by_record_text(client, world):
    hostile = 'Tiêu đề </script><script>alert("x")</script> & <!-- -->'
    from articles.models import Article

    Article.objects.filter(pk=world.article.pk).update(title_vi=hostile)
    html = page(client, "vi", world.article)
    head = html.split("</head>")[0]
    assert "<script>alert" not in html
    assert head.count("</script>") == 3  # JSON-LD, its BreadcrumbList and site.js: nothing injected
    assert json_ld_of(html)["headline"] == hostile  # the data survives intact


def test_opengraph_tags_describe_the_article(client, world):
    html = page(client, "en", world.article)
    assert '<meta property="og:type" content="article">' in html
    canonical = "http://testserver" + url_in("en", world.article)
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:locale:alternate" content="vi_VN">' in html
    assert 'property="og:image" content="http://testserver/media/' in html


def test_every_page_has_a_language_switcher_even_other_apps_pages(client, world):
    html = client.get("/en/no-such-page/").content.decode()
    assert 'class="language-switcher"' in html
    assert 'href="/"' in html


def test_photos_reserve_their_space_and_a_missing_file_does_not_break_the_page(client, world):
    html = page(client, "en", world.article)
    assert 'width="600" height="400"' in html  # the placeholder's size, read from the file
    world.photo.image.storage.delete(world.photo.image.name)
    html = page(client, "en", world.article)
    assert f'src="{world.photo.image.url}"' in html
    assert 'width="600"' not in html


def test_a_source_url_that_is_not_http_is_not_linked(client, world):
    from articles.models import Article

    Article.objects.filter(pk=world.article.pk).update(source_url="javascript:alert(1)")
    html = page(client, "vi", world.article)
    assert 'href="javascript:' not in html
