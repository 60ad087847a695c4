"""API endpoints for people and organizations.

Which people the public may see depends on published articles, which this app must not import:
archive/api.py hands the router a `PublicScope` (articles.public provides one).
"""

from typing import Protocol

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from archive.api_support import BoundedPageNumberPagination, detail_responses, list_responses
from people.models import Organization, Person, Position
from people.schemas import OrganizationDetail, OrganizationOut, PersonDetail, PersonOut


class PublicScope(Protocol):
    """The records the public may see (published articles and what they report)."""

    def people(self) -> QuerySet[Person]: ...

    def organizations(self) -> QuerySet[Organization]: ...

    def statements(self) -> QuerySet: ...


def build_router(public: PublicScope) -> Router:
    router = Router()

    def people() -> QuerySet[Person]:
        return public.people().prefetch_related("positions").order_by("full_name", "id")

    @router.get("/people/", response=list_responses(PersonOut), tags=["people"])
    @paginate(BoundedPageNumberPagination)
    def list_people(request: HttpRequest) -> QuerySet[Person]:
        """People the published articles name, by name, each with every position they hold."""
        return people()

    @router.get("/people/{person_id}", response=detail_responses(PersonDetail), tags=["people"])
    def get_person(request: HttpRequest, person_id: int) -> Person:
        """A person, their positions and the ids of every statement they made."""
        person = get_object_or_404(people(), pk=person_id)
        person.statement_ids = list(
            public.statements()
            .filter(speaker=person)
            .order_by("article__published_at", "article_id", "order", "id")
            .values_list("pk", flat=True)
        )
        return person

    def organizations() -> QuerySet[Organization]:
        return public.organizations().order_by("name_vi", "id")

    @router.get("/organizations/", response=list_responses(OrganizationOut), tags=["organizations"])
    @paginate(BoundedPageNumberPagination)
    def list_organizations(request: HttpRequest) -> QuerySet[Organization]:
        """Every organization, by Vietnamese name, with the id of the one above it."""
        return organizations()

    @router.get(
        "/organizations/{organization_id}",
        response=detail_responses(OrganizationDetail),
        tags=["organizations"],
    )
    def get_organization(request: HttpRequest, organization_id: int) -> Organization:
        """An organization, its sub-organizations and the positions public people hold in it."""
        posts = Position.objects.filter(person__in=public.people()).order_by("person", "order")
        organization = get_object_or_404(
            organizations().prefetch_related(Prefetch("positions", queryset=posts)),
            pk=organization_id,
        )
        organization.child_ids = list(
            organizations().filter(parent=organization).values_list("pk", flat=True)
        )
        return organization

    return router
