"""The admin home is the newsroom desk: drafts, scheduled articles, the translation queue and
recent changes, each counted, listed and linked to the article list filtered the same way."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import builders as records

HOME = "/admin/"
SECTION = re.compile(
    r'data-desk="(?P<key>\w+)">\s*<h3><a href="(?P<url>[^"]+)">(?P<title>[^<]+): '
    r'<span class="desk-count">(?P<count>\d+)</span>'
)
pytestmark = pytest.mark.django_db

PART = re.compile(r'<a href="(?P<url>[^"]+)" data-desk-part="\d">(?P<label>[^<]+): <span')


def make(n: int, *, english: bool = True, **fields) -> Article:
    return records.article(
        english=english,
        title_vi=f"Bài thử {n}: Ban Thường vụ Tỉnh ủy cho ý kiến",
        slug_vi=f"bai-thu-{n}",
        **({"slug_en": f"test-article-{n}"} if english else {}),
        **fields,
    )


@pytest.fixture
def newsroom(db):
    """Two drafts (one not yet translated), one scheduled, one live and complete, one live whose
    Vietnamese changed after its English."""
    future = timezone.now() + timedelta(days=2)
    drafts = [
        make(1, status=Article.Status.DRAFT),
        make(2, english=False, status=Article.Status.DRAFT),
    ]
    scheduled = make(3, status=Article.Status.PUBLISHED, published_at=future)
    live = make(4, status=Article.Status.PUBLISHED)
    outdated = make(5, status=Article.Status.PUBLISHED)
    outdated.lead_vi = "Chiều 28/5, Ban Thường vụ Tỉnh ủy đã cho ý kiến lần thứ hai."
    outdated.save()
    return {
        "drafts": drafts,
        "scheduled": scheduled,
        "live": live,
        "outdated": outdated,
        "untranslated": drafts[1],
    }


def sections(html: str) -> dict[str, dict]:
    return {match["key"]: match.groupdict() for match in SECTION.finditer(html)}


def listed_titles(client, url: str) -> set[str]:
    """The articles the filtered list shows, by title."""
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    return {str(article.title) for article in response.context["cl"].result_list}


@pytest.fixture
def editor_client(client):
    client.force_login(records.editor())
    return client


def test_the_desk_counts_lists_and_links_what_the_newsroom_has_to_do(editor_client, newsroom):
    page = editor_client.get(HOME)
    assert page.status_code == 200
    html = page.content.decode()
    desk = sections(html)
    assert {key: (s["title"], s["count"]) for key, s in desk.items()} == {
        "drafts": ("Bản nháp", "2"),
        "scheduled": ("Hẹn giờ đăng (chưa công khai)", "1"),
        "translation": ("Cần dịch (thiếu tiếng Anh hoặc tiếng Anh đã cũ)", "2"),
        "recent": ("Sửa trong 7 ngày qua", "5"),
    }
    # Each link opens the article list filtered to exactly the articles counted.
    titles = {key: listed_titles(editor_client, s["url"]) for key, s in desk.items()}
    assert titles["drafts"] == {str(a.title) for a in newsroom["drafts"]}
    assert titles["scheduled"] == {newsroom["scheduled"].title}
    assert titles["translation"] == {newsroom["untranslated"].title, newsroom["outdated"].title}
    assert len(titles["recent"]) == 5
    # The queue's two states, each with its own list.
    parts = {match["label"]: match["url"] for match in PART.finditer(html)}
    assert set(parts) == {"Thiếu tiếng Anh", "Tiếng Anh đã cũ"}
    assert listed_titles(editor_client, parts["Thiếu tiếng Anh"]) == {
        newsroom["untranslated"].title
    }
    assert listed_titles(editor_client, parts["Tiếng Anh đã cũ"]) == {newsroom["outdated"].title}
    # The articles are listed by title, in both languages, linked to their forms.
    change = reverse("admin:articles_article_change", args=[newsroom["scheduled"].pk])
    assert f'<a href="{change}">{newsroom["scheduled"].title_vi}</a>' in html
    assert newsroom["scheduled"].title_en in html
    assert "(chưa có tiếng Anh)" in html  # the untranslated draft's English title
    # The usual list of records stays below the desk.
    assert html.index('data-desk="recent"') < html.index('class="app-articles')


def test_the_desk_reads_english_when_the_admin_does(editor_client, newsroom, settings):
    settings.LANGUAGE_CODE = "en"  # the admin has no language prefix: it speaks the default
    desk = sections(editor_client.get(HOME).content.decode())
    assert {key: (s["title"], s["count"]) for key, s in desk.items()} == {
        "drafts": ("Drafts", "2"),
        "scheduled": ("Scheduled (not public yet)", "1"),
        "translation": ("To translate (English missing or out of date)", "2"),
        "recent": ("Changed in the last 7 days", "5"),
    }


def test_translators_see_the_desk_and_staff_without_article_rights_do_not(client, newsroom):
    client.force_login(records.translator())
    assert sections(client.get(HOME).content.decode())["translation"]["count"] == "2"
    client.force_login(User.objects.create_user("visitor", is_staff=True))
    page = client.get(HOME)
    assert page.status_code == 200
    assert sections(page.content.decode()) == {}


def test_the_desk_reads_the_same_number_of_queries_whatever_the_number_of_articles(
    editor_client, newsroom
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(HOME).status_code == 200
        return len(captured)

    few = queries()
    for n in range(10, 22):
        make(n, english=n % 2 == 0, status=Article.Status.DRAFT)
    many = sections(editor_client.get(HOME).content.decode())
    assert many["drafts"]["count"] == "14"
    assert queries() == few
    assert few <= 20
