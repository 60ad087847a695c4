"""API endpoints for people and organizations.

Which people the public may see depends on published articles, which this app must not import:
archive/api.py hands the router a scope (people/scopes.py; articles.visibility is the public one).
The detail loaders take the scope too, so export_article can serialize any record with the same
code.
"""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from archive.lib.api import BoundedPageNumberPagination, detail_responses, list_responses
from people.models import Organization, Person, Position
from people.schemas import OrganizationDetail, OrganizationOut, PersonDetail, PersonOut
from people.scopes import PeopleScope


def people_of(scope: PeopleScope) -> QuerySet[Person]:
    return scope.people().prefetch_related("positions").order_by("full_name", "id")


def organizations_of(scope: PeopleScope) -> QuerySet[Organization]:
    return scope.organizations().order_by("name_vi", "id")


def load_person(scope: PeopleScope, person_id: int) -> Person:
    """The person as PersonDetail shows them (Http404 if `scope` does not hold them)."""
    person = get_object_or_404(people_of(scope), pk=person_id)
    person.statement_ids = list(
        scope.statements()
        .filter(speaker=person)
        .order_by("article__published_at", "article_id", "order", "id")
        .values_list("pk", flat=True)
    )
    return person


def load_organization(scope: PeopleScope, organization_id: int) -> Organization:
    """The organization as OrganizationDetail shows it (Http404 if `scope` does not hold it)."""
    posts = Position.objects.filter(person__in=scope.people()).order_by("person", "order")
    organization = get_object_or_404(
        organizations_of(scope).prefetch_related(Prefetch("positions", queryset=posts)),
        pk=organization_id,
    )
    organization.child_ids = list(
        organizations_of(scope).filter(parent=organization).values_list("pk", flat=True)
    )
    return organization


def build_router(public: PeopleScope) -> Router:
    router = Router()

    @router.get("/people/", response=list_responses(PersonOut), tags=["people"])
    @paginate(BoundedPageNumberPagination)
    def list_people(request: HttpRequest) -> QuerySet[Person]:
        """People the published articles name, by name, each with every position they hold."""
        return people_of(public)

    @router.get("/people/{person_id}", response=detail_responses(PersonDetail), tags=["people"])
    def get_person(request: HttpRequest, person_id: int) -> Person:
        """A person, their positions and the ids of every statement they made."""
        return load_person(public, person_id)

    @router.get("/organizations/", response=list_responses(OrganizationOut), tags=["organizations"])
    @paginate(BoundedPageNumberPagination)
    def list_organizations(request: HttpRequest) -> QuerySet[Organization]:
        """Every organization, by Vietnamese name, with the id of the one above it."""
        return organizations_of(public)

    @router.get(
        "/organizations/{organization_id}",
        response=detail_responses(OrganizationDetail),
        tags=["organizations"],
    )
    def get_organization(request: HttpRequest, organization_id: int) -> Organization:
        """An organization, its sub-organizations and the positions public people hold in it."""
        return load_organization(public, organization_id)

    return router
