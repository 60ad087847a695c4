"""Error pages in the language of the URL (/en/… English, everything else Vietnamese).

The 500 handler renders a self-contained template without the request context: when the
database is what failed, nothing on the error page may need it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from articles import alternates


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    context = {"alternates": alternates.for_view("articles:home")}
    return render(request, "404.html", context, status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template("500.html").render({"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)
