"""The same page in each language, for the language switcher, hreflang links and the sitemap.

Django's set_language view cannot leave /en/ for the unprefixed Vietnamese site, and translate_url
keeps the current language's slug; so each URL is built from the object itself with the language
switched on (its slug, its path words), never by rewriting the current URL.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article, Document, Meeting, Topic
from people.models import Organization

ORIGINAL_LANGUAGE = settings.LANGUAGE_CODE  # Vietnamese: every record exists in it

# The field whose translation tells whether a record exists in a language at all. Models not
# listed (Person: names are never translated) exist in every language.
PRESENCE_FIELD: dict[type[Model], str] = {
    Article: "title",
    Document: "title",
    Meeting: "title",
    Topic: "name",
    Organization: "name",
}


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    available: bool  # False: the page exists but shows the Vietnamese text, not yet translated
    current: bool


def languages_of(obj: Model) -> list[str]:
    """The languages a record is really written in (the original always)."""
    field = PRESENCE_FIELD.get(type(obj))
    codes = [code for code, _name in settings.LANGUAGES]
    if field is None:
        return codes
    return [
        code for code in codes if code == ORIGINAL_LANGUAGE or getattr(obj, f"{field}_{code}", None)
    ]


def _alternates(url_in: Callable[[], str], available: list[str]) -> list[Alternate]:
    current = translation.get_language()
    alternates = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            url = url_in()
        alternates.append(Alternate(code, name, url, code in available, code == current))
    return alternates


def for_object(obj: Model) -> list[Alternate]:
    return _alternates(obj.get_absolute_url, languages_of(obj))


def for_view(viewname: str, **kwargs: object) -> list[Alternate]:
    """A page that is not one record's (home, targets overview): it exists in every language."""
    return _alternates(
        lambda: reverse(viewname, kwargs=kwargs or None),
        [code for code, _name in settings.LANGUAGES],
    )


def for_request(request: HttpRequest) -> list[Alternate]:
    """Fallback for pages that name no alternates (e.g. other apps' pages, errors): the same
    path in the other language when Django can translate it, else that language's home page."""
    match = request.resolver_match
    if match is None or "slug" in match.kwargs:
        return for_view("articles:home")
    query = request.META.get("QUERY_STRING", "")
    try:
        return _alternates(
            lambda: (
                reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                + (f"?{query}" if query else "")
            ),
            [code for code, _name in settings.LANGUAGES],
        )
    except NoReverseMatch:
        return for_view("articles:home")
