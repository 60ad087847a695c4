"""The records of people's kinds a reader may see, as a protocol people reads and others provide.

Which people are public depends on published articles, which this app must not import: whoever
composes the site hands people a scope (archive/api.py gives the API articles.visibility, the
public one; export_article gives it articles.api.scopes.EVERYTHING, an editor's). This is the one
declaration of the people part of a scope; articles.api.scopes.RecordScope extends it with
articles' own kinds.
"""

from typing import Protocol

from django.db.models import QuerySet

from people.models import Organization, Person


class PeopleScope(Protocol):
    """The records a reader may see: the public's (published articles and what they report)
    or an editor's (everything)."""

    def people(self) -> QuerySet[Person]: ...

    def organizations(self) -> QuerySet[Organization]: ...

    def statements(self) -> QuerySet: ...  # articles' Statement, which people cannot name
