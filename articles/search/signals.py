"""Keep the search index current on every save, delete and many-to-many change.

A change marks the entries it affects; they are rebuilt once, when the transaction commits (a
fixture load or an admin save with inlines rebuilds each entry once, from the committed state).
What a change affects: the object's own entry, the entries that show its text (a person's name
is in their statements), and those whose visibility or facets derive from it (publishing an
article makes its people, documents and targets findable).

`QuerySet.update()` and raw SQL send no signals: call `reindex_objects()` after them, or run
`manage.py rebuild_search_index`.
"""

from collections.abc import Callable, Iterable
from functools import cache

from django.db import connection
from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from archive.lib.db import pending_on_commit
from articles import visibility
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
    Topic,
)
from articles.search.indexing.writer import EntryKey, reindex
from articles.search.kinds import KIND_OF_MODEL, Kind
from people.models import Organization, Person, Position


def keys(kind: str, ids: Iterable[int | None]) -> set[EntryKey]:
    return {(kind, i) for i in ids if i is not None}


def ids(queryset, field: str = "id") -> list[int]:
    return list(queryset.values_list(field, flat=True).distinct())


def document_dependants(document_ids: Iterable[int]) -> set[EntryKey]:
    """A document's targets and issuer take their visibility from it."""
    document_ids = list(document_ids)
    found = keys(Kind.DOCUMENT, document_ids)
    found |= keys(Kind.TARGET, ids(Target.objects.filter(document__in=document_ids)))
    found |= keys(Kind.ORGANIZATION, ids(Document.objects.filter(id__in=document_ids), "issuer"))
    return found


def person_dependants(person_ids: Iterable[int]) -> set[EntryKey]:
    """The organizations a person holds posts in take their visibility from them."""
    person_ids = list(person_ids)
    found = keys(Kind.PERSON, person_ids)
    orgs = ids(Position.objects.filter(person__in=person_ids), "organization")
    return found | keys(Kind.ORGANIZATION, orgs)


def article_neighbourhood(article_ids: list[int]) -> set[EntryKey]:
    """Every entry whose visibility an article's publication decides (articles/visibility.py's
    paths), with what takes its facets from the people and documents among them."""
    found: set[EntryKey] = set()
    for model, kind in KIND_OF_MODEL.items():
        found |= keys(kind, visibility.reached_from(model, article_ids))
    people = {pk for kind, pk in found if kind == Kind.PERSON}
    documents = {pk for kind, pk in found if kind == Kind.DOCUMENT}
    return found | person_dependants(people) | document_dependants(documents)


def affected_by(
    instance: Model, neighbourhood: Callable[[list[int]], set[EntryKey]] = article_neighbourhood
) -> set[EntryKey]:
    """Entries to rebuild when `instance` changes (computed while its relations still exist).
    `neighbourhood` finds an article's; a caller that asks for many rows at once passes it
    memoized."""
    match instance:
        case Article():
            return neighbourhood([instance.pk])
        case Statement():
            return neighbourhood([instance.article_id]) | keys(
                Kind.TARGET, ids(instance.targets.all())
            )
        case Photo():
            return neighbourhood([instance.article_id])
        case BodyBlock():
            return keys(Kind.ARTICLE, [instance.article_id])
        case ArticleDocument():
            return keys(Kind.ARTICLE, [instance.article_id]) | document_dependants(
                [instance.document_id]
            )
        case Meeting() | AgendaItem() | Attendance():
            meeting = instance.pk if isinstance(instance, Meeting) else instance.meeting_id
            return (
                keys(Kind.MEETING, [meeting])
                | neighbourhood(ids(Article.objects.filter(meeting=meeting)))
                | person_dependants(
                    [instance.person_id] if isinstance(instance, Attendance) else []
                )
                | document_dependants(
                    [instance.document_id] if isinstance(instance, AgendaItem) else []
                )
            )
        case Person():
            return (
                person_dependants([instance.pk])
                | keys(Kind.STATEMENT, ids(instance.statements.all()))
                | keys(Kind.PHOTO, ids(instance.photos.all()))
                | keys(
                    Kind.MEETING,
                    ids(
                        Meeting.objects.filter(Q(chair=instance) | Q(attendances__person=instance))
                    ),
                )
                | keys(Kind.TARGET, ids(instance.targets_proposed.all()))
            )
        case Position():
            return person_dependants([instance.person_id]) | keys(
                Kind.ORGANIZATION, [instance.organization_id]
            )
        case Organization():
            return (
                keys(Kind.ORGANIZATION, [instance.pk])
                | keys(Kind.ORGANIZATION, ids(instance.children.all()))
                | keys(Kind.DOCUMENT, ids(instance.documents_issued.all()))
                | keys(Kind.MEETING, ids(instance.meetings.all()))
                | keys(Kind.PERSON, ids(instance.positions.all(), "person"))
            )
        case Document():
            return (
                document_dependants([instance.pk])
                | keys(Kind.STATEMENT, ids(instance.statements.all()))
                | keys(Kind.ARTICLE, ids(instance.articles.all()))
                | keys(Kind.MEETING, ids(instance.agenda_items.all(), "meeting"))
                | keys(Kind.PERSON, ids(instance.statements.all(), "speaker"))
            )
        case Target():
            return (
                keys(Kind.TARGET, [instance.pk])
                | keys(Kind.DOCUMENT, [instance.document_id])
                | keys(Kind.STATEMENT, ids(instance.statements.all()))
                | keys(Kind.ARTICLE, ids(instance.statements.all(), "article"))
            )
        case Topic():
            return keys(Kind.ARTICLE, ids(instance.articles.all())) | keys(
                Kind.TARGET, ids(instance.targets.all())
            )
    return set()


class PendingReindex:
    """One on-commit callback per transaction that rebuilds every entry marked in it."""

    def __init__(self) -> None:
        self.saved: set[tuple[type[Model], int]] = set()
        self.keys: set[EntryKey] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        keys = set(self.keys)
        # The rows of one article share its neighbourhood: found once (nothing changes meanwhile).
        found = cache(lambda article_ids: article_neighbourhood(list(article_ids)))

        def neighbourhood(article_ids: list[int]) -> set[EntryKey]:
            return found(frozenset(article_ids))

        for model, pk in self.saved:
            instance = model._default_manager.filter(pk=pk).first()
            keys |= affected_by(instance, neighbourhood) if instance else set()
            if model in KIND_OF_MODEL:
                keys.add((KIND_OF_MODEL[model], pk))
        reindex(keys)


def pending() -> PendingReindex:
    """The current transaction's pending reindex (run at once outside a transaction)."""
    return pending_on_commit(PendingReindex)


def mark(saved: Iterable[Model] = (), found: Iterable[EntryKey] = ()) -> None:
    """Queue saved objects (their neighbourhood is found at commit) and known entry keys."""
    mark_rows({(type(i), i.pk) for i in saved}, found)


def mark_rows(rows: set[tuple[type[Model], int]], found: Iterable[EntryKey] = ()) -> None:
    """`mark()` for rows known by model and primary key."""
    todo = pending()
    todo.saved |= rows
    todo.keys |= set(found)
    if not connection.in_atomic_block:
        todo()


def reindex_objects(instances: Iterable[Model]) -> None:
    """Public hook for code that changes rows without signals (QuerySet.update, raw SQL)."""
    mark(instances)


WATCHED = (
    Article,
    Statement,
    Photo,
    BodyBlock,
    ArticleDocument,
    Meeting,
    AgendaItem,
    Attendance,
    Person,
    Position,
    Organization,
    Document,
    Target,
    Topic,
)


def before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    # What the row was linked to before this save (a post moved to another organization leaves
    # the old one's facets stale otherwise). Fixture loads (raw) link everything anew.
    if raw or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    if previous is not None:
        instance._search_previous = affected_by(previous)


def on_save(sender: type[Model], instance: Model, **kwargs) -> None:
    mark([instance], instance.__dict__.pop("_search_previous", ()))


def before_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    # The neighbours must be found now: after the delete the relations are gone.
    found = affected_by(instance)
    if sender in KIND_OF_MODEL:
        found.add((KIND_OF_MODEL[sender], instance.pk))
    instance._search_affected = found


def after_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    mark(found=instance.__dict__.pop("_search_affected", ()))


def on_m2m_change(
    sender, instance: Model, action: str, model: type[Model], pk_set, **kwargs
) -> None:
    if action == "pre_clear":
        # Before the rows go: the instance's neighbourhood still lists what it was linked to.
        mark(found=affected_by(instance))
    elif action in ("post_add", "post_remove"):
        # Both sides' neighbourhoods are found at commit, as for a save: the links are already
        # added or removed, so commit sees the same relations, and a fixture load's many links
        # are followed once each, not once per link.
        mark_rows({(type(instance), instance.pk)} | {(model, pk) for pk in pk_set or ()})


M2M_THROUGH = (
    Article.topics.through,
    Statement.documents.through,
    Statement.targets.through,
    Photo.people_shown.through,
)


def connect() -> None:
    for model in WATCHED:
        pre_save.connect(before_save, sender=model, dispatch_uid=f"search-presave-{model.__name__}")
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"search-pre-{model.__name__}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    for through in M2M_THROUGH:
        m2m_changed.connect(
            on_m2m_change, sender=through, dispatch_uid=f"search-m2m-{through.__name__}"
        )
