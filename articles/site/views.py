"""Public pages. Views stay thin: what may be shown lives in visibility.py, how it is fetched in
pages.py, structured data in structured_data.py, the other-language URLs in alternates.py."""

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.lib.browse import Crumb, crumbs_context, render_index
from articles import visibility
from articles.models import Article, Document, Meeting, Topic
from articles.site import alternates, pages, structured_data
from people.models import Organization, Person
from people.sections import Section
from people.views import canonical

# Each kind of record's index page: its name (the breadcrumb and the menu say the same) and URL.
INDEXES: dict[type[Model], tuple[str, str]] = {
    Article: (_("Articles"), "articles:articles"),
    Document: (_("Documents"), "articles:documents"),
    Meeting: (_("Meetings"), "articles:meetings"),
    Topic: (_("Topics"), "articles:topics"),
    Organization: (_("Organizations"), "articles:organizations"),
}


def _record_crumbs(request: HttpRequest, obj: Model) -> dict:
    """Home › the kind's index › the record."""
    name, viewname = INDEXES[type(obj)]
    # A document is known by its symbol ("77-NQ/TW"); its title is the page's heading.
    own = getattr(obj, "symbol", "") or str(obj)
    return crumbs_context(request, Crumb(str(name), reverse(viewname)), Crumb(own))


def _page(request: HttpRequest, template: str, obj: Model, context: dict) -> HttpResponse:
    context = {
        "alternates": alternates.for_object(obj),
        **_record_crumbs(request, obj),
        **context,
    }
    return render(request, template, context)


def _index(
    request: HttpRequest, model: type[Model], template: str, records: object
) -> HttpResponse:
    name, _viewname = INDEXES[model]
    context = {"index_title": name, **crumbs_context(request, Crumb(str(name)))}
    return render_index(request, template, records, context)


@require_safe
def article_index(request: HttpRequest) -> HttpResponse:
    return _index(request, Article, "browse/articles.html", pages.articles_index())


@require_safe
def document_index(request: HttpRequest) -> HttpResponse:
    return _index(request, Document, "browse/documents.html", pages.documents_index())


@require_safe
def meeting_index(request: HttpRequest) -> HttpResponse:
    return _index(request, Meeting, "browse/meetings.html", pages.meetings_index())


@require_safe
def topic_index(request: HttpRequest) -> HttpResponse:
    return _index(request, Topic, "browse/topics.html", pages.topics_index())


@require_safe
def organization_index(request: HttpRequest) -> HttpResponse:
    return _index(request, Organization, "browse/organizations.html", pages.organizations_index())


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {**pages.home_page(), "alternates": alternates.for_view("articles:home")}
    return render(request, "articles/home.html", context)


@require_safe
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article, redirect = canonical(request, pages.article_for_page(), pk, slug)
    if redirect:
        return redirect
    blocks = list(article.blocks.all())
    photos = [block.photo for block in blocks if block.photo]
    statements = list(article.statements.all())
    speakers, unplaced = pages.mark_speakers(blocks, statements)
    # Only what the report gives of someone's words is a quotation; "X spoke" is attendance.
    quoted = [statement for statement in statements if statement.is_reported]
    document_links = list(article.document_links.all())
    documents = [link.document for link in document_links]
    return _page(
        request,
        "articles/article_detail.html",
        article,
        {
            "article": article,
            "blocks": blocks,
            "speakers": speakers,
            "unplaced": unplaced,
            "statement_count": len(quoted),
            "placeholders": any(photo.is_placeholder for photo in photos),
            "lead_photo": photos[0] if photos else None,
            "document_links": document_links,
            "targets": pages.article_targets(article),
            "json_ld": structured_data.article_ld(request, article, photos, quoted, documents),
        },
    )


def person_section(request: HttpRequest, person: Person) -> Section:
    """Articles' part of the person page that people/views.py renders (registered in
    ArticlesConfig.ready()): what they said, photos of them, their meetings, their feeds, and the
    page's structured data and language alternates."""
    context = pages.person_page(person, request.GET.get("page"))
    # The page prefetched the positions: reading them here costs no query.
    context["json_ld"] = structured_data.person_ld(request, person, list(person.positions.all()))
    context["alternates"] = alternates.for_object(person)
    return Section(
        template="articles/person_sections.html",
        context=context,
        head_template="articles/person_head.html",
        links_template="articles/person_links.html",
    )


@require_safe
def organization_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    organization, redirect = canonical(
        request, Organization.objects.select_related("parent"), pk, slug
    )
    if redirect:
        return redirect
    context = pages.organization_page(
        organization, request.GET.get("page"), request.GET.get("documents_page")
    )
    context["json_ld"] = {
        "@context": structured_data.CONTEXT,
        **structured_data.organization_ld(request, organization),
    }
    return _page(
        request,
        "articles/organization_detail.html",
        organization,
        {"organization": organization, **context},
    )


@require_safe
def document_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    document, redirect = canonical(
        request, visibility.documents().select_related("issuer"), pk, slug
    )
    if redirect:
        return redirect
    context = pages.document_page(document, request.GET.get("page"))
    context["json_ld"] = structured_data.legislation_ld(request, document, root=True)
    return _page(
        request, "articles/document_detail.html", document, {"document": document, **context}
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    meeting, redirect = canonical(
        request, visibility.meetings().select_related("body", "chair"), pk, slug
    )
    if redirect:
        return redirect
    context = pages.meeting_page(meeting, request.GET.get("page"))
    context["json_ld"] = structured_data.event_ld(
        request, meeting, [attendance.person for attendance in context["attendances"]], root=True
    )
    return _page(request, "articles/meeting_detail.html", meeting, {"meeting": meeting, **context})


@require_safe
def topic_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    topic, redirect = canonical(request, Topic.objects.all(), pk, slug)
    if redirect:
        return redirect
    context = pages.topic_page(topic, request.GET.get("page"))
    return _page(request, "articles/topic_detail.html", topic, {"topic": topic, **context})


@require_safe
def targets_overview(request: HttpRequest) -> HttpResponse:
    context = {
        "targets": pages.targets_overview(),
        "alternates": alternates.for_view("articles:targets"),
    }
    return render(request, "articles/targets.html", context)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
