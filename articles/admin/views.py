"""Staff-only preview of an article, draft or scheduled, in either language.

Reached from the article's change form; wrapped by the admin site (login, staff, permission).
When the public article page exists, this should render its template with drafts allowed.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation

from archive.newsroom.admin_base import pk_or_404
from articles.models import Article, BodyBlock, Photo


def preview_queryset():
    return Article.objects.select_related("meeting").prefetch_related(
        Prefetch("blocks", BodyBlock.objects.select_related("photo").order_by("order")),
        Prefetch("photos", Photo.objects.prefetch_related("people_shown").order_by("order")),
        "statements__speaker",
        "targets__document",
        "targets__pillar",
        "document_links__document",
    )


def article_preview(model_admin, request: HttpRequest, object_id: str, language: str):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    article = get_object_or_404(preview_queryset(), pk=pk_or_404(Article, object_id))
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    other = "en" if language == "vi" else "vi"
    context = {
        **model_admin.admin_site.each_context(request),
        "title": article.title,
        "opts": Article._meta,
        "original": article,
        "article": article,
        "language": language,
        "other_language": other,
        "is_public": Article.objects.published().filter(pk=article.pk).exists(),
    }
    with translation.override(language):
        response: HttpResponse = TemplateResponse(
            request, "admin/articles/article/preview.html", context
        )
        return response.render()
