"""The site's URLs plus a slow query at a public page, an API path and an admin path, for
tests/ops/test_statement_timeout.py: `?seconds=` is how long the query sleeps in PostgreSQL."""

from django.conf.urls.i18n import i18n_patterns
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from archive.urls import handler400, handler404, handler500
from archive.urls import urlpatterns as site_urlpatterns


def sleep(request: HttpRequest) -> float:
    seconds = float(request.GET.get("seconds", "0"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])
    return seconds


def slow_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"slept {sleep(request)} s")


def slow_after_rollback(request: HttpRequest) -> HttpResponse:
    """The request's first query runs in a transaction that is rolled back, taking with it any
    setting made inside it; the slow query comes after."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            raise LookupError
    except LookupError:
        pass
    return slow_page(request)


def slow_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"slept": sleep(request)})


urlpatterns = [
    path("api/v1/slow", slow_api),
    path("admin/slow/", slow_page),
    *site_urlpatterns,
    *i18n_patterns(
        path("slow/", slow_page),
        path("slow-after-rollback/", slow_after_rollback),
        prefix_default_language=False,
    ),
]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
