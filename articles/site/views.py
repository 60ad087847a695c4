"""Public pages. Views stay thin: what may be shown lives in visibility.py, how it is fetched in
pages.py, structured data in structured_data.py, the other-language URLs in alternates.py."""

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles import visibility
from articles.models import Topic
from articles.site import alternates, pages, structured_data
from people.models import Organization, Person
from people.sections import Section
from people.views import canonical


def _page(request: HttpRequest, template: str, obj: Model, context: dict) -> HttpResponse:
    context = {"alternates": alternates.for_object(obj), **context}
    return render(request, template, context)


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
    document_links = list(article.document_links.all())
    documents = [link.document for link in document_links]
    return _page(
        request,
        "articles/article_detail.html",
        article,
        {
            "article": article,
            "blocks": blocks,
            "statements": statements,
            "document_links": document_links,
            "targets": pages.article_targets(article),
            "json_ld": structured_data.article_ld(request, article, photos, statements, documents),
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
