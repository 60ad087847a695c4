"""What every browsing page shares, whichever app owns it: the breadcrumb trail (shown, and as
schema.org BreadcrumbList) and strict pagination of an index page.

Imports no app: the trail starts at the home page by URL name, and pages name their own crumbs.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

INDEX_PAGE_SIZE = 50


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str = ""  # empty for the page itself, the trail's last crumb


def trail(*crumbs: Crumb) -> list[Crumb]:
    """Home, then the given crumbs (the index, then the record itself without a link)."""
    return [Crumb(gettext("Home"), reverse("articles:home")), *crumbs]


def breadcrumb_ld(request: HttpRequest, crumbs: Sequence[Crumb]) -> dict:
    """schema.org BreadcrumbList for a trail; the page's own crumb gets the page's URL."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": request.build_absolute_uri(crumb.url or request.path),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def crumbs_context(request: HttpRequest, *crumbs: Crumb) -> dict:
    """What base.html reads to show the trail and emit its JSON-LD."""
    full = trail(*crumbs)
    return {"breadcrumbs": full, "breadcrumbs_ld": breadcrumb_ld(request, full)}


class BadPage(Exception):
    """A page number that is not a number, or past the list's end: the index answers 404 with
    a message saying so (never a 500, never a silent other page under the wrong address)."""

    def __init__(self, message: str, last_page: int) -> None:
        super().__init__(message)
        self.message = message
        self.last_page = last_page


BAD_PAGE = gettext_lazy("There is no page “%(number)s” of this list; it has %(total)s page(s).")


def index_page(queryset: QuerySet, number: str | None, per_page: int = INDEX_PAGE_SIZE) -> Page:
    """One page of an index: two queries (the count and the page's rows) however long the list.
    Raises BadPage for a number that is not a page of it; no number is page 1."""
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(number or 1)
    except InvalidPage:
        raise BadPage(
            BAD_PAGE % {"number": (number or "")[:20], "total": paginator.num_pages},
            paginator.num_pages,
        ) from None


def render_index(
    request: HttpRequest,
    template: str,
    queryset: QuerySet,
    context: dict,
    per_page: int = INDEX_PAGE_SIZE,
) -> HttpResponse:
    """An index page: `page` (its records) in `template`, or for a bad page number the same
    template with `page_error` and no records, status 404 (so no crawler keeps it)."""
    try:
        page = index_page(queryset, request.GET.get("page"), per_page)
    except BadPage as error:
        context = {**context, "page": None, "page_error": error.message}
        return render(request, template, context, status=404)
    return render(request, template, {**context, "page": page})
