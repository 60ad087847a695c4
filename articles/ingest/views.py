"""The admin page "Import an article from text": paste or upload, review, create the draft.

Editors only (adding articles and editing the Vietnamese original); translators are refused.
Wrapped by the admin site (login, staff) through ArticleAdmin.get_urls.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.newsroom.roles import can_edit_original
from articles.ingest.create import create_draft
from articles.ingest.match import find_matches
from articles.ingest.parse import html_to_text, looks_like_html, parse_article
from articles.ingest.review import ReviewForm, SourceForm, source_problem
from articles.models import Article


def ingest_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not (model_admin.has_add_permission(request) and can_edit_original(request.user)):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Import an article from text"),
    }
    if request.method != "POST":
        return _render(request, "admin/articles/ingest_form.html", context, form=SourceForm())

    creating = request.POST.get("step") == "create"
    if creating:
        source = SourceForm({"text": request.POST.get("source", "")})
    else:
        source = SourceForm(request.POST, request.FILES)
    if not source.is_valid():
        return _render(request, "admin/articles/ingest_form.html", context, form=source)
    # HTML is read down to its text once; the review carries that text, not the markup.
    text = source.cleaned_data["source"]
    html = source.cleaned_data["html"]  # an upload's name says; pasted text is looked at
    if not creating and (html or (html is None and looks_like_html(text))):
        text = html_to_text(text)
    extraction = parse_article(text, html_input=False)
    problem = source_problem(extraction)
    if problem:
        source.add_error(None, problem)
        return _render(request, "admin/articles/ingest_form.html", context, form=source)

    matches = find_matches(extraction)
    if not creating:
        review = ReviewForm(extraction, matches, initial={"source": text})
        return _render(request, "admin/articles/ingest_review.html", context, review=review)
    review = ReviewForm(extraction, matches, request.POST)
    if not review.is_valid():
        return _render(request, "admin/articles/ingest_review.html", context, review=review)
    reviewed, people, documents = review.reviewed()
    article = create_draft(reviewed, existing_people=people, existing_documents=documents)
    model_admin.log_addition(request, article, [{"added": {}}])
    messages.success(
        request,
        _("Draft “%(title)s” created: check it, then translate and publish.")
        % {"title": article.title},
    )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _render(request, template: str, context: dict, **extra) -> HttpResponse:
    return TemplateResponse(request, template, {**context, **extra})
