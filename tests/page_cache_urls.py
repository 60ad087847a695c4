"""A URLconf for tests/ops/test_page_cache.py: small views in the `articles` namespace, so the
page cache treats them as public pages, whatever the real pages look like."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils.html import escape

from articles.models import Article


def article_title(request, pk: int) -> HttpResponse:
    return HttpResponse(escape(Article.objects.get(pk=pk).title))


def first_title_and_query(request) -> HttpResponse:
    title = Article.objects.order_by("pk").first().title
    return HttpResponse(escape(f"{title}|{request.GET.get('q', '')}"))


def form(request) -> HttpResponse:
    return HttpResponse(get_token(request))


pages = [
    path("t/<int:pk>/", article_title, name="article"),
    path("form/", form, name="form"),
    path("tim-kiem/", first_title_and_query, name="search"),
]
urlpatterns = i18n_patterns(path("", include((pages, "articles"))), prefix_default_language=False)
