"""Error pages in the language of the URL (/en/… English, everything else Vietnamese); under
/api/ every error is JSON.

The 400, 500 and query-timeout pages are self-contained templates rendered without the request
context: when the database is what failed, nothing on the page may need it, and a request whose
parameters could not be read must not be read again.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from articles.site import alternates


def is_api(request: HttpRequest) -> bool:
    """Whether the request is to the API, whose clients parse every answer, errors too, as JSON."""
    return request.path_info.startswith("/api/")


def page_language(request: HttpRequest) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def error_page(
    request: HttpRequest, template: str, status: int, context: dict | None = None
) -> HttpResponse:
    """`template` rendered in the page's language, without the request context."""
    language = page_language(request)
    with translation.override(language):
        html = loader.get_template(template).render({"LANGUAGE_CODE": language, **(context or {})})
    return HttpResponse(html, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    context = {"alternates": alternates.for_view("articles:home")}
    return render(request, "404.html", context, status=404)


def bad_request_reason(exception: Exception) -> str:
    """What was wrong with a request Django refused as suspicious (SuspiciousOperation)."""
    if isinstance(exception, TooManyFieldsSent):
        return _("Too many parameters: at most %(limit)d are accepted.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return _("Too many files: at most %(limit)d are accepted.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, RequestDataTooBig):
        return _("The request is too large.")
    return _("The request could not be understood.")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        with translation.override("en"):  # the API speaks English, as its other errors do
            return JsonResponse({"detail": bad_request_reason(exception)}, status=400)
    language = page_language(request)
    with translation.override(language):
        reason = bad_request_reason(exception)
    return error_page(request, "400.html", 400, {"reason": reason})


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        # API clients parse JSON; the details stay in the log, as on the web pages.
        return JsonResponse({"detail": "Internal server error; it has been logged."}, status=500)
    return error_page(request, "500.html", 500)
