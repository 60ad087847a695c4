"""The index pages (/nguoi/, /van-ban/, /cuoc-hop/, /bai-viet/, /chu-de/, /to-chuc/ and their
English twins), the main menu that reaches them, and the breadcrumbs on every record page: what a
reader sees, in both languages, with drafts kept out and bad page numbers answered clearly."""

import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from people.models import Organization
from tests.builders import (
    make_article,
    make_document,
    make_meeting,
    make_organization,
    make_person,
    make_position,
    make_statement,
    make_topic,
)

INDEXES = {
    "people": ("people:index", "/nguoi/", "/en/people/"),
    "articles": ("articles:articles", "/bai-viet/", "/en/articles/"),
    "documents": ("articles:documents", "/van-ban/", "/en/documents/"),
    "meetings": ("articles:meetings", "/cuoc-hop/", "/en/meetings/"),
    "topics": ("articles:topics", "/chu-de/", "/en/topics/"),
    "organizations": ("articles:organizations", "/to-chuc/", "/en/organizations/"),
}


@pytest.fixture
def archive(db):
    """One published article reaching a meeting, a document and two speakers; one draft reaching
    its own meeting, document and speaker (which must stay off every index)."""
    issuer = make_organization(
        name_vi="Tỉnh ủy Nghệ An", name_en="Nghệ An Provincial Party Committee"
    )
    meeting = make_meeting(body=issuer, title_vi="Phiên họp công khai", title_en="Public meeting")
    article = make_article(meeting=meeting, title_vi="Bài công khai", title_en="Public article")
    document = make_document(issuer=issuer, symbol="09-NQ/TU", issued_on=date(2022, 3, 4))
    article.document_links.create(document=document, role="discussed", order=0)
    secretary = make_person(full_name="Thái Thanh Quý", slug="thai-thanh-quy")
    make_position(secretary, issuer, title_vi="Bí thư Tỉnh ủy", title_en="Party Secretary")
    make_position(
        secretary,
        issuer,
        title_vi="Chủ tịch UBND tỉnh (cũ)",
        title_en="Former chairman",
        end_date=date(2020, 1, 1),
    )
    member = make_person(full_name="Nguyễn Văn An", slug="nguyen-van-an")
    make_statement(article, secretary, attribution_vi="đồng chí", attribution_en="comrade")
    make_statement(article, member)
    topic = make_topic(name_vi="Chuyển đổi số", name_en="Digital transformation")
    article.topics.add(topic)

    draft_meeting = make_meeting(title_vi="Phiên họp nháp", title_en="Draft meeting")
    draft = make_article(
        published=False, meeting=draft_meeting, title_vi="Bài nháp", title_en="Draft article"
    )
    hidden_document = make_document(symbol="77-NQ/CCB", title_vi="Văn bản nháp")
    draft.document_links.create(document=hidden_document, role="discussed", order=0)
    hidden_person = make_person(full_name="Lê Văn Chưa Công Bố", slug="le-van-chua-cong-bo")
    make_statement(draft, hidden_person)
    return {
        "article": article,
        "meeting": meeting,
        "document": document,
        "secretary": secretary,
        "member": member,
        "topic": topic,
        "issuer": issuer,
        "draft": draft,
        "draft_meeting": draft_meeting,
        "hidden_document": hidden_document,
        "hidden_person": hidden_person,
    }


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(INDEXES[name][0])


@pytest.mark.parametrize("name", list(INDEXES))
def test_the_index_addresses_are_the_translated_record_prefixes(name):
    _viewname, vietnamese, english = INDEXES[name]
    assert url(name, "vi") == vietnamese
    assert url(name, "en") == english


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_index_lists_the_public_records_and_no_draft(client, archive, language):
    with translation.override(language):
        public = {
            "people": [archive["secretary"], archive["member"]],
            "articles": [archive["article"]],
            "documents": [archive["document"]],
            "meetings": [archive["meeting"]],
            "topics": [archive["topic"]],
            "organizations": [archive["issuer"]],
        }
        hidden = {
            "people": [archive["hidden_person"]],
            "articles": [archive["draft"]],
            "documents": [archive["hidden_document"]],
            "meetings": [archive["draft_meeting"]],
            "topics": [],
            "organizations": [],
        }
        for name in INDEXES:
            response = client.get(url(name, language))
            assert response.status_code == 200, name
            html = response.content.decode()
            for record in public[name]:
                assert f'href="{record.get_absolute_url()}"' in html, (name, record)
            for record in hidden[name]:
                assert record.get_absolute_url() not in html, (name, record)
    assert "Chưa Công Bố" not in client.get(url("people", language)).content.decode()
    assert "77-NQ/CCB" not in client.get(url("documents", language)).content.decode()


def test_people_are_listed_by_given_name_with_their_current_positions(client, archive):
    html = client.get("/nguoi/").content.decode()
    # "Nguyễn Văn An" files under A, "Thái Thanh Quý" under Q: given name (the last word) order.
    assert html.index("Nguyễn Văn An") < html.index("Thái Thanh Quý")
    assert re.search(r'<h2 class="index-group" id="letter-A">A</h2>', html)
    assert re.search(r'<h2 class="index-group" id="letter-Q">Q</h2>', html)
    assert "Bí thư Tỉnh ủy" in html
    assert "Chủ tịch UBND tỉnh (cũ)" not in html  # ended: not a current position
    english = client.get("/en/people/").content.decode()
    assert "Party Secretary" in english and "Former chairman" not in english


def test_the_letter_filter_lists_one_letter_and_an_unknown_letter_is_a_clear_404(client, archive):
    html = client.get("/nguoi/?letter=q").content.decode()
    assert "Thái Thanh Quý" in html and "Nguyễn Văn An" not in html
    response = client.get("/nguoi/?letter=X")
    assert response.status_code == 404
    assert "X" in response.content.decode() and "Thái Thanh Quý" not in response.content.decode()


BAD_PAGES = ["abc", "0", "-1", "1.5", "99", "9" * 30]


@pytest.mark.parametrize("name", list(INDEXES))
def test_a_bad_page_number_is_a_clear_404_not_a_500(client, archive, name):
    for page in BAD_PAGES:
        response = client.get(url(name, "en"), {"page": page})
        assert response.status_code == 404, page
        html = response.content.decode()
        assert "There is no page" in html, page
        assert 'href="?"' in html  # a way back to the first page
        vietnamese = client.get(url(name, "vi"), {"page": page}).content.decode()
        assert "Không có trang" in vietnamese, page


def test_an_index_pages_through_every_record_in_order(client, db):
    meetings = [make_meeting(date=date(2020, 1, 1) + timedelta(days=n)) for n in range(55)]
    for meeting in meetings:
        make_article(meeting=meeting)
    first = client.get("/en/meetings/").content.decode()
    second = client.get("/en/meetings/?page=2").content.decode()
    newest, oldest = meetings[-1], meetings[0]
    assert newest.get_absolute_url() in first and oldest.get_absolute_url() not in first
    assert oldest.get_absolute_url() in second and 'rel="prev"' in second
    assert "Page 2 of 2" in second


# Query budgets: the count, the page's rows (with their joins), and what is prefetched; the
# same for 3 records or 60.
BUDGETS = {
    "people": 4,  # the letters, the count, the page, current positions
    "articles": 2,
    "documents": 2,
    "meetings": 2,
    "topics": 2,
    "organizations": 2,
}


def grow_archive(size: int) -> None:
    issuer = make_organization()
    for _n in range(size):
        meeting = make_meeting(body=make_organization(parent=issuer))
        article = make_article(meeting=meeting)
        article.topics.add(make_topic())
        document = make_document(issuer=make_organization())
        article.document_links.create(document=document, role="discussed", order=0)
        person = make_person()
        make_position(person, issuer)
        make_position(person, meeting.body)
        make_statement(article, person)


@pytest.mark.parametrize("name", list(INDEXES))
def test_an_index_costs_the_same_few_queries_however_many_records(
    client, db, django_assert_max_num_queries, name
):
    for size in (3, 60):
        grow_archive(size)
        with django_assert_max_num_queries(BUDGETS[name]):
            response = client.get(url(name, "en"))
        assert response.status_code == 200


# The menu and the breadcrumbs ------------------------------------------------------------------


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_main_menu_reaches_every_index_and_search_and_each_link_works(
    client, archive, language
):
    with translation.override(language):
        home = reverse("articles:home")
        search = reverse("articles:search")
    links = menu_links(client.get(home).content.decode())
    for name in INDEXES:
        assert url(name, language) in links, name
    assert search in links
    for link in links:
        assert client.get(link).status_code == 200, link
    # The menu is plain links in a list: reachable by keyboard, no script needed to open it.
    nav = re.search(
        r'<nav class="site-nav"[^>]*>.*?</nav>', client.get(home).content.decode(), re.S
    ).group(0)
    assert "<button" not in nav and "hidden" not in nav


def breadcrumbs(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<li>(?:<a href="([^"]*)">|<span aria-current="page">)([^<]*)<', nav)


def breadcrumb_ld(html: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == "BreadcrumbList":
            return data
    raise AssertionError("no BreadcrumbList")


@pytest.mark.parametrize(
    ("language", "home", "labels"),
    [
        ("vi", "Trang chủ", ["Nhân vật", "Bài viết", "Văn bản", "Phiên họp", "Chủ đề", "Tổ chức"]),
        ("en", "Home", ["People", "Articles", "Documents", "Meetings", "Topics", "Organizations"]),
    ],
)
def test_every_record_page_has_breadcrumbs_home_index_record_with_json_ld(
    client, archive, language, home, labels
):
    records = ["secretary", "article", "document", "meeting", "topic", "issuer"]
    for record_name, index_name, label in zip(records, INDEXES, labels, strict=True):
        with translation.override(language):
            record = archive[record_name]
            page = record.get_absolute_url()
            home_url = reverse("articles:home")
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        trail = breadcrumbs(html)
        assert trail[0] == (home_url, home)
        assert trail[1] == (url(index_name, language), label)
        assert trail[2][0] == ""  # the page itself: not a link
        ld = breadcrumb_ld(html)
        items = ld["itemListElement"]
        assert [item["position"] for item in items] == [1, 2, 3]
        assert items[1]["name"] == label
        assert items[1]["item"].endswith(url(index_name, language))
        assert items[2]["item"].endswith(page)


def test_an_index_page_has_breadcrumbs_too(client, archive):
    trail = breadcrumbs(client.get("/en/documents/").content.decode())
    assert trail == [("/en/", "Home"), ("", "Documents")]


def test_an_organization_without_records_is_still_in_the_directory(client, db):
    lone = Organization.objects.create(
        name_vi="Sở thử",
        name_en="Test department",
        slug_vi="so-thu",
        slug_en="test-dept",
        kind="state",
    )
    assert lone.get_absolute_url() in client.get("/to-chuc/").content.decode()
