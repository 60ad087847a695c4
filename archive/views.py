"""Project-level views that belong to no app: the health check, the API's landing page and its
own 404."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.api.export import STATEMENT_CSV_HEADER
from articles.site.alternates import Alternate


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


def _endpoints() -> list[dict[str, str]]:
    """Every GET endpoint of the API, read from its own OpenAPI schema so the list never drifts
    from what the API answers."""
    from archive.api import api  # the API imports every app's routers: load it on first use

    schema = api.get_openapi_schema(path_prefix=API_PREFIX)
    return [
        {"path": path, "method": method.upper(), "summary": operation.get("summary", "")}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


API_PREFIX = "/api/v1/"
API_EXAMPLES = (
    ("/api/v1/articles/?page_size=10", "The ten newest published articles"),
    ("/api/v1/statements/?speaker=1", "What one official said (by person id)"),
    ("/api/v1/targets/?deadline_year=2025", "Targets due in 2025"),
    ("/api/v1/search?q=chuyển đổi số", "Full-text search, with or without tone marks"),
    ("/api/v1/export/statements.csv?lang=en", "Every public statement as CSV, in English"),
)
API_LICENCE = (
    "The reporting quoted is the newspapers' own (each record names its source); cite each "
    "record by its permalink. No open licence has been declared for the archive's own data "
    "and translations yet: ask the archive before republishing them in bulk."
)


@require_safe
def api_landing(request: HttpRequest) -> HttpResponse:
    """/api/v1/: what the API offers. Browsers (which ask for text/html) get a page; any other
    client (curl's */*, a program asking for JSON) gets the same as JSON."""
    absolute = request.build_absolute_uri
    data = {
        "name": "Nghệ An meeting archive API",
        "version": "1.0",
        "documentation": absolute("/api/v1/docs"),
        "openapi": absolute("/api/v1/openapi.json"),
        "endpoints": [{**endpoint, "url": absolute(endpoint["path"])} for endpoint in _endpoints()],
        "examples": [
            {"url": absolute(url), "description": description} for url, description in API_EXAMPLES
        ],
        "bulk_export": {
            "statements_csv": absolute(reverse("api-statements-csv")),
            "columns": STATEMENT_CSV_HEADER,
            "languages": ["vi", "en"],
        },
        "licence": API_LICENCE,
        "visibility": "Only published articles and the records they report appear.",
    }
    if request.get_preferred_type(["application/json", "text/html"]) == "text/html":
        response = _landing_page(request, data)
    else:
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # One URL, two representations: caches must key on what was asked for.
    patch_vary_headers(response, ["Accept"])
    return response


def _landing_page(request: HttpRequest, data: dict) -> HttpResponse:
    """The landing page for browsers. /api/v1/ is outside the language prefixes (Vietnamese by
    default), so English is `?lang=en`, and the language switcher links the two."""
    english = request.GET.get("lang") == "en"
    page_alternates = [
        Alternate(code, name, url, available=True, current=(code == "en") == english)
        for (code, name), url in zip(
            settings.LANGUAGES, [request.path, f"{request.path}?lang=en"], strict=True
        )
    ]
    with translation.override("en" if english else settings.LANGUAGE_CODE):
        return render(request, "api/landing.html", {"api": data, "alternates": page_alternates})
