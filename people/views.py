"""The person page. people owns it; what it shows of other apps' records, and which people are
public at all, comes from the sections registered in people/sections.py."""

from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from people import sections
from people.models import Position


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
    own = {"person": person, "positions": list(person.positions.all()), "sections": page_sections}
    return render(request, "people/person_detail.html", sections.page_context(own, page_sections))
