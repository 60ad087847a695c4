"""What the public sees: one rule (articles/visibility.py), the same on every surface.

One test per rule: a record reached only through that path from a draft is hidden, and public
once the article is published, in the querysets the pages and the API use and in the search
index alike. Then every public surface is walked for records reachable only from a draft.
"""

import html
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import translation

from articles import visibility
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
)
from articles.search import SearchEntry
from articles.search.kinds import KIND_OF_MODEL
from people.models import Organization, Person
from tests.builders import (
    make_article,
    make_document,
    make_meeting,
    make_person,
    make_photo,
    make_position,
    make_reported_article,
    make_statement,
    make_target,
)

PUBLIC = {
    Statement: visibility.statements,
    Photo: visibility.photos,
    Meeting: visibility.meetings,
    Document: visibility.documents,
    Target: visibility.targets,
    Person: visibility.people,
}


def linked_document(article: Article) -> Document:
    document = make_document()
    ArticleDocument.objects.create(
        article=article, document=document, role=ArticleDocument.Role.CITED
    )
    return document


def document_spoken_about(article: Article) -> Document:
    document = make_document()
    make_statement(article, make_person()).documents.add(document)
    return document


def document_of_a_target_spoken_about(article: Article) -> Document:
    document = make_document()
    make_statement(article, make_person()).targets.add(make_target(document))
    return document


def document_of_a_target_reported(article: Article) -> Document:
    document = make_document()
    make_target(document, article=article)
    return document


def document_on_the_agenda(article: Article) -> Document:
    document = make_document()
    AgendaItem.objects.create(
        meeting=article.meeting, order=1, title_vi="Nội dung", title_en="Item", document=document
    )
    return document


def target_of_a_linked_document(article: Article) -> Target:
    return make_target(linked_document(article))


def speaker(article: Article) -> Person:
    return make_statement(article, make_person()).speaker


def person_in_a_photo(article: Article) -> Person:
    person = make_person()
    make_photo(article).people_shown.add(person)
    return person


def attendee(article: Article) -> Person:
    person = make_person()
    Attendance.objects.create(meeting=article.meeting, person=person, role="attendee")
    return person


def chair(article: Article) -> Person:
    person = make_person()
    article.meeting.chair = person
    article.meeting.save()
    return person


def presenter(article: Article) -> Person:
    person = make_person()
    AgendaItem.objects.create(
        meeting=article.meeting, order=1, title_vi="Tờ trình", title_en="Report", presenter=person
    )
    return person


def proposer(article: Article) -> Person:
    person = make_person()
    make_target(linked_document(article), proposed_by=person)
    return person


RULES = [
    lambda article: make_statement(article, make_person()),
    make_photo,
    lambda article: article.meeting,
    linked_document,
    document_spoken_about,
    document_of_a_target_spoken_about,
    document_of_a_target_reported,
    document_on_the_agenda,
    target_of_a_linked_document,
    speaker,
    person_in_a_photo,
    attendee,
    chair,
    presenter,
    proposer,
]
RULE_NAMES = [
    "statement",
    "photo",
    "meeting",
    *(rule.__name__.replace("_", " ") for rule in RULES[3:]),
]


def is_public(record: Model) -> bool:
    return PUBLIC[type(record)]().filter(pk=record.pk).exists()


def entry(record: Model) -> SearchEntry:
    return SearchEntry.objects.get(kind=KIND_OF_MODEL[type(record)], object_id=record.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("reach", RULES, ids=RULE_NAMES)
def test_a_record_is_public_exactly_when_a_published_article_reaches_it(
    reach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(published=False, meeting=make_meeting())
        record = reach(article)
    assert not is_public(record)
    assert entry(record).public_from is None
    assert visibility.first_public_at(type(record), [record.pk]) == {}

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.PUBLISHED
        article.save()
    assert is_public(record)
    # The index learns it on the publication itself, from the same rule.
    assert entry(record).public_from == article.published_at
    assert visibility.first_public_at(type(record), [record.pk]) == {
        record.pk: article.published_at
    }

    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()
    assert not is_public(record)
    assert entry(record).public_from is None


@pytest.mark.django_db
def test_the_directory_is_public_without_any_article(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organization = Organization.objects.create(
            name_vi="Sở Thông tin và Truyền thông",
            name_en="Department of Information and Communications",
            slug_vi="so-thong-tin-va-truyen-thong",
            slug_en="department-of-information-and-communications",
            kind=Organization.Kind.STATE,
        )
    assert visibility.organizations().filter(pk=organization.pk).exists()
    assert entry(organization).public_from is not None


# ---------------------------------------------------------------- every public surface


class Hidden:
    """A draft article and records of every kind that only it reaches, each carrying the
    marker "chưa công bố" / "unpublished" in its text."""

    def __init__(self, public_article: Article) -> None:
        body = public_article.meeting.body
        self.meeting = make_meeting(
            body=body,
            title_vi="Phiên họp chưa công bố",
            title_en="Unpublished session",
            slug_vi="phien-hop-chua-cong-bo",
            slug_en="unpublished-session",
        )
        self.article = make_article(
            published=False,
            meeting=self.meeting,
            title_vi="Bài viết chưa công bố",
            title_en="Unpublished article",
            slug_vi="bai-viet-chua-cong-bo",
            slug_en="unpublished-article",
        )
        names = ("Lê Văn Chưa Công Bố", "Trần Thị Chưa Công Bố", "Đỗ Thị Chưa Công Bố")
        self.speaker, self.presenter, self.shown = (
            make_person(full_name=name, slug=f"chua-cong-bo-{n}") for n, name in enumerate(names)
        )
        self.proposer = make_person(full_name="Phạm Văn Chưa Công Bố", slug="chua-cong-bo-9")
        make_position(self.speaker, body)  # the public body's entry lists its post holders
        self.document = make_document(
            symbol="77-NQ/CCB",
            title_vi="Nghị quyết chưa công bố",
            title_en="Unpublished resolution",
            slug_vi="nghi-quyet-chua-cong-bo",
            slug_en="unpublished-resolution",
            issuer=body,
        )
        ArticleDocument.objects.create(
            article=self.article, document=self.document, role=ArticleDocument.Role.DISCUSSED
        )
        self.target = make_target(
            self.document,
            indicator_vi="Chỉ tiêu chưa công bố",
            indicator_en="Unpublished indicator",
            proposed_by=self.proposer,
            article=self.article,
        )
        self.statement = make_statement(
            self.article,
            self.speaker,
            text_vi="Ý kiến chưa công bố về nghị quyết.",
            text_en="An unpublished opinion on the resolution.",
        )
        self.statement.documents.add(self.document)
        self.statement.targets.add(self.target)
        AgendaItem.objects.create(
            meeting=self.meeting,
            order=1,
            title_vi="Tờ trình chưa công bố",
            title_en="Unpublished report",
            document=self.document,
            presenter=self.presenter,
        )
        photo = make_photo(
            self.article, caption_vi="Ảnh chưa công bố", caption_en="Unpublished photo"
        )
        photo.people_shown.add(self.shown)
        self.people = [self.speaker, self.presenter, self.shown, self.proposer]


MARKERS = ("chưa công bố", "chua cong bo", "chua-cong-bo", "unpublished", "77-nq/ccb", "77nqccb")


def leaks(content: bytes, url: str = "") -> list[str]:
    """The markers in a response, less what the URL's own query echoes back (a search page
    shows what was searched for: that is the user's text, not a record's)."""
    text = html.unescape(content.decode("utf-8", "replace")).lower()
    for _name, value in parse_qsl(urlsplit(url).query):
        for echo in (value, quote(value), quote_plus(value), quote(value, safe="")):
            text = text.replace(echo.lower(), "")
    return [marker for marker in MARKERS if marker in text]


def url_of(record: Model, lang: str) -> str:
    with translation.override(lang):
        return record.get_absolute_url()


def surfaces(public_article: Article, hidden: Hidden) -> list[str]:
    """Every public URL that lists, names, filters or exports records."""
    public_people = list(visibility.people())
    public_documents = list(visibility.documents())
    organizations = list(Organization.objects.all())
    urls = ["/sitemap.xml", "/robots.txt"]
    for lang in ("vi", "en"):
        with translation.override(lang):
            urls += [
                reverse("articles:home"),
                reverse("articles:targets"),
                reverse("articles:feed-rss"),
                reverse("articles:feed-atom"),
                public_article.get_absolute_url(),
                public_article.meeting.get_absolute_url(),
                *(record.get_absolute_url() for record in public_people + public_documents),
                *(record.get_absolute_url() for record in organizations),
                *(topic.get_absolute_url() for topic in public_article.topics.all()),
                *(
                    reverse(f"articles:{kind}-{feed}", kwargs={"pk": r.pk, "slug": r.slug})
                    for kind, records in (("person", public_people), ("document", public_documents))
                    for r in records
                    for feed in ("rss", "atom")
                ),
            ]
            searches = [
                *(f"q={query}" for query in ("chưa công bố", "chua cong bo", "unpublished")),
                "q=77-NQ/CCB",
                "q=Lê Văn Chưa Công Bố",
                *(f"person={p.pk}" for p in hidden.people),
                *(f"person={p.slug}" for p in hidden.people),
                f"document={hidden.document.pk}",
                f"document={hidden.document.slug_vi}",
                f"document={hidden.document.slug_en}",
                "type=organization",
                "type=person",
                "type=document",
                "type=meeting",
            ]
            for query in searches:
                for name in ("search", "search-csv", "search-json", "search-rss"):
                    urls.append(f"{reverse(f'articles:{name}')}?{query}")
                urls.append(f"/api/v1/search?lang={lang}&{query}")
    for kind in ("articles", "people", "organizations", "documents", "targets", "statements"):
        urls.append(f"/api/v1/{kind}/?page_size=100")
    urls.append("/api/v1/meetings/?page_size=100")
    for organization in organizations:
        urls.append(f"/api/v1/organizations/{organization.pk}")
    for person in public_people:
        urls.append(f"/api/v1/people/{person.pk}")
    for document in public_documents:
        urls.append(f"/api/v1/documents/{document.pk}")
    urls += [
        f"/api/v1/articles/{public_article.pk}",
        f"/api/v1/meetings/{public_article.meeting_id}",
        *(f"/api/v1/statements/?speaker={p.pk}" for p in hidden.people),
        f"/api/v1/statements/?document={hidden.document.pk}",
        f"/api/v1/targets/?document={hidden.document.pk}",
    ]
    return urls


def hidden_records(hidden: Hidden) -> list[str]:
    """The hidden records' own URLs: pages, feeds and API details."""
    urls = [f"/api/v1/articles/{hidden.article.pk}", f"/api/v1/meetings/{hidden.meeting.pk}"]
    urls += [f"/api/v1/people/{p.pk}" for p in hidden.people]
    urls += [
        f"/api/v1/documents/{hidden.document.pk}",
        f"/api/v1/targets/{hidden.target.pk}",
        f"/api/v1/statements/{hidden.statement.pk}",
    ]
    for lang in ("vi", "en"):
        urls += [url_of(record, lang) for record in (hidden.article, hidden.meeting)]
        urls += [url_of(record, lang) for record in (*hidden.people, hidden.document)]
        urls += [url_of(record, lang) + "rss.xml" for record in (hidden.speaker, hidden.document)]
    return urls


@pytest.fixture
def public_and_hidden(db, media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public_article = make_reported_article(size=2)
        hidden = Hidden(public_article)
    return public_article, hidden


def test_no_public_surface_shows_a_record_reachable_only_from_a_draft(client, public_and_hidden):
    public_article, hidden = public_and_hidden
    urls = surfaces(public_article, hidden)
    assert len(urls) > 250
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 301, 302), (url, response.status_code)
        body = response.getvalue() if response.streaming else response.content
        assert not leaks(body, url), (url, leaks(body, url))
    for url in hidden_records(hidden):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not leaks(response.content), url


def test_the_same_walk_finds_them_once_the_article_is_published(
    client, public_and_hidden, django_capture_on_commit_callbacks
):
    """The walk above can fail: publishing the draft puts its records on every surface."""
    public_article, hidden = public_and_hidden
    with django_capture_on_commit_callbacks(execute=True):
        hidden.article.status = Article.Status.PUBLISHED
        hidden.article.save()
    leaking = set()
    for url in surfaces(public_article, hidden):
        response = client.get(url)
        body = response.getvalue() if response.streaming else response.content
        if leaks(body, url):
            leaking.add(url.split("?")[0])
    for url in hidden_records(hidden):
        assert client.get(url).status_code == 200, url
    assert {"/sitemap.xml", "/tim-kiem/", "/en/search/rss/", "/api/v1/search"} <= leaking
    assert "/api/v1/people/" in leaking and "/api/v1/statements/" in leaking
