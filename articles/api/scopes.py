"""Which records the API's loaders may see.

`articles.visibility` is the public API's scope: published articles and the records they report.
`EVERYTHING` is an editor's: every record, drafts and scheduled articles included; export_article
serializes through the API's own loaders and schemas with it, so an export of a published
article is exactly what the API gives, and a draft can be exported too.
"""

from typing import Protocol

from django.db.models import QuerySet

from articles.models import Article, Document, Meeting, Statement, Target
from people.models import Organization, Person
from people.scopes import PeopleScope


class RecordScope(PeopleScope, Protocol):
    """A scope over every kind of record: people's part (people.scopes.PeopleScope, people()
    organizations() statements()) and articles' own kinds."""

    def articles(self) -> QuerySet[Article]: ...

    def meetings(self) -> QuerySet[Meeting]: ...

    def documents(self) -> QuerySet[Document]: ...

    def targets(self) -> QuerySet[Target]: ...


class Everything:
    """Every record of each kind."""

    @staticmethod
    def articles() -> QuerySet[Article]:
        return Article.objects.all()

    @staticmethod
    def statements() -> QuerySet[Statement]:
        return Statement.objects.all()

    @staticmethod
    def meetings() -> QuerySet[Meeting]:
        return Meeting.objects.all()

    @staticmethod
    def documents() -> QuerySet[Document]:
        return Document.objects.all()

    @staticmethod
    def targets() -> QuerySet[Target]:
        return Target.objects.all()

    @staticmethod
    def people() -> QuerySet[Person]:
        return Person.objects.all()

    @staticmethod
    def organizations() -> QuerySet[Organization]:
        return Organization.objects.all()


EVERYTHING: RecordScope = Everything()
