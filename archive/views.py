"""Project-level views that belong to no app: the health check, the API's own 404."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import resolve
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Any /api/ URL no endpoint answers: a JSON 404 shaped like the API's own, not a web page.
    A list URL typed without its slash still redirects, as CommonMiddleware's APPEND_SLASH did."""
    with_slash = request.path_info + "/"
    if not request.path_info.endswith("/") and resolve(with_slash).func is not api_not_found:
        return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not Found"}, status=404)
