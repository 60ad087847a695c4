"""The person pages: the people index (A–Z) and each person's page. people owns them; what they
show of other apps' records, and which people are public at all, comes from the sections
registered in people/sections.py."""

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode

from django.db.models import (
    F,
    Func,
    Model,
    Prefetch,
    QuerySet,
    TextField,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Left, Upper
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from archive.lib.browse import Crumb, crumbs_context, render_index
from people import sections
from people.models import Person, Position


def canonical(
    request: HttpRequest, queryset: QuerySet, pk: int, slug: str
) -> tuple[Model, HttpResponsePermanentRedirect | None]:
    """Look the record up by id (modeltranslation does not apply fallbacks to slug lookups) and,
    when the slug is wrong or old, answer with a redirect to the canonical URL. Every record
    page does this (articles' pages too), so it lives in the app every page may import."""
    obj = get_object_or_404(queryset, pk=pk)
    if slug != obj.slug:
        url = obj.get_absolute_url()
        if query := request.META.get("QUERY_STRING"):
            url = f"{url}?{query}"
        return obj, HttpResponsePermanentRedirect(url)
    return obj, None


# A Vietnamese name is family name first, given name last ("Thái Thanh Quý" is Quý): lists of
# people are ordered by the given name, then by the whole name, and shown with the whole name.
# The key is the accent-folded name_key (no ICU Vietnamese collation is assumed on the server),
# so Đ files under D and tones do not split a letter: a reader finds "Đức" next to "Dũng".
GIVEN_NAME_KEY = Func(
    F("name_key"), Value(r"^.*\s"), Value(""), function="regexp_replace", output_field=TextField()
)


def people_index_queryset(letter: str = "") -> QuerySet[Person]:
    """Public people by given name, each with their current positions (no end date)."""
    people = (
        sections.public_people()
        .annotate(given_key=GIVEN_NAME_KEY)
        .annotate(letter=Upper(Left("given_key", 1)))
        .order_by("given_key", "name_key", "pk")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.filter(end_date__isnull=True)
                .select_related("organization")
                .order_by("order", "pk"),
                to_attr="current_positions",
            )
        )
    )
    return people.filter(letter=letter) if letter else people


@require_safe
def person_index(request: HttpRequest) -> HttpResponse:
    letters = list(
        people_index_queryset().order_by("letter").values_list("letter", flat=True).distinct()
    )
    letter = request.GET.get("letter", "").upper()
    name = _("People")
    context = {
        "index_title": name,
        "letters": letters,
        "letter": letter,
        "query_prefix": urlencode({"letter": letter}) + "&" if letter else "",
        **crumbs_context(request, Crumb(name)),
    }
    if letter and letter not in letters:
        # A letter no public name starts with: an empty list would look like a broken page.
        context["page_error"] = _("No one’s given name starts with “%(letter)s”.") % {
            "letter": letter[:5]
        }
        return render(request, "browse/people.html", context, status=404)
    return render_index(request, "browse/people.html", people_index_queryset(letter), context)


def timeline(positions: Iterable[Position]) -> list[Position]:
    """Positions as a dated timeline, latest first: by the date each began, or failing that the
    date a source shows it held (the only date most reporting gives); undated ones last, in the
    editor's order."""

    def when(position: Position) -> tuple[bool, dt.date, int]:
        date = position.start_date or position.attested_on
        return (date is not None, date or dt.date.min, -position.order)

    return sorted(positions, key=when, reverse=True)


@require_safe
def person_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    person, redirect = canonical(request, sections.public_people(), pk, slug)
    if redirect:
        return redirect
    # Prefetched once here, so sections reading person.positions (structured data) cost nothing.
    prefetch_related_objects(
        [person], Prefetch("positions", queryset=Position.objects.select_related("organization"))
    )
    page_sections = sections.sections_for(request, person)
    own = {
        "person": person,
        "positions": list(person.positions.all()),
        "timeline": timeline(person.positions.all()),
        "sections": page_sections,
        **crumbs_context(
            request, Crumb(_("People"), reverse("people:index")), Crumb(person.full_name)
        ),
    }
    return render(request, "people/person_detail.html", sections.page_context(own, page_sections))
