"""The site's URLs plus uploaded files, which the live server must show (Django serves media only
with DEBUG on, and tests run with DEBUG off)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.static import serve

from archive.urls import handler400, handler404, handler500
from archive.urls import urlpatterns as site_urlpatterns


def media(request: HttpRequest, path: str) -> HttpResponse:
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.+)$", media)]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
