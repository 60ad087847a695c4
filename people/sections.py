"""The person page's extension point: people owns the page, other apps fill it in.

A person's page (people/views.py) shows what people knows (name, aliases, positions) and what
other apps record about the person: statements, photos, meetings, feeds. Which people the public
may see at all is also another app's rule (articles/visibility.py: people named by a published
article). people must never import those apps, so they plug in here, from their AppConfig.ready():

- `register_public_people(provider)`: exactly one callable returning the Person queryset the
  public may see. A person outside it gets a 404. With nothing registered nobody is public:
  the page fails closed rather than show the people of drafts.
- `register_section(provider)`: any number of callables `(request, person) -> Section`, called
  in registration order for each page. The person's positions are prefetched before they are
  called (`person.positions.all()` costs no query), and a section's querysets are evaluated by
  its own templates, so the page costs what its sections cost and no more.

A Section names up to three templates, one per place of the page, each rendered with the page's
context: `template` in the body after the positions, `head_template` in <head> (e.g. feed
<link>s), `links_template` in the header's link line. Its `context` is merged into the page's
context, so a section may also set what the base template reads (`alternates`, `json_ld`); two
sections setting the same name is a programming error and raises.

Registering the same provider again is a no-op (Django may call ready() more than once).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest

from people.models import Person


@dataclass(frozen=True)
class Section:
    """What one app adds to a person's page."""

    template: str = ""
    context: Mapping[str, object] = field(default_factory=dict)
    head_template: str = ""
    links_template: str = ""


PublicPeople = Callable[[], QuerySet[Person]]
SectionProvider = Callable[[HttpRequest, Person], Section]

_public_people: list[PublicPeople] = []
_section_providers: list[SectionProvider] = []


def register_public_people(provider: PublicPeople) -> None:
    """Declare which people the public may see; one provider only."""
    if provider in _public_people:
        return
    if _public_people:
        raise ImproperlyConfigured(
            f"public people are already provided by {_public_people[0]!r}, not {provider!r}"
        )
    _public_people.append(provider)


def register_section(provider: SectionProvider) -> None:
    """Add a section to every person's page, after those registered before it."""
    if provider not in _section_providers:
        _section_providers.append(provider)


def public_people() -> QuerySet[Person]:
    """The people the public may see (none when no app said which)."""
    if not _public_people:
        return Person.objects.none()
    return _public_people[0]()


def sections_for(request: HttpRequest, person: Person) -> list[Section]:
    """Every registered section of this person's page, in registration order."""
    return [provider(request, person) for provider in _section_providers]


def page_context(page: dict[str, object], sections: list[Section]) -> dict[str, object]:
    """The page's own context with the sections' merged in; a name set twice raises (one of
    the values would be lost)."""
    merged = dict(page)
    for section in sections:
        if clash := merged.keys() & section.context.keys():
            raise ImproperlyConfigured(f"a person page section sets {sorted(clash)} again")
        merged.update(section.context)
    return merged
