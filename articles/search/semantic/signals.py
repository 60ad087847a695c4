"""Keep the vectors current on every save, delete and many-to-many change.

The same signals as the search index (articles/search/signals.py: its WATCHED models and
many-to-many tables), with a narrower question, because a unit holds only its own row's
Vietnamese text and a visibility (units.py): a change touches
- the changed row's own unit (its text);
- for an article reached by the change: all its units and the documents and targets it reaches
  (visibility.reached_from), whose `public_from` follow its publication;
- for a document reached by the change (linked, unlinked, given a target): it and its targets.
These are refreshed once, when the transaction commits; a unit whose text did not change is not
embedded again (units.write), so most saves run no model at all. When the model cannot be
loaded the save still succeeds and the vectors wait for `manage.py embed_units`.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from archive.lib.db import pending_on_commit
from articles import visibility
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    BodyBlock,
    Document,
    Meeting,
    Photo,
    Statement,
    Target,
)
from articles.search import signals as search_signals
from articles.search.semantic import units
from articles.search.semantic.backends import SemanticUnavailable

logger = logging.getLogger(__name__)
Unit = units.Unit
OWN_UNIT = {
    Article: Unit.ARTICLE,
    BodyBlock: Unit.PARAGRAPH,
    Statement: Unit.STATEMENT,
    Photo: Unit.PHOTO,
    Target: Unit.TARGET,
    Document: Unit.DOCUMENT,
}


@dataclass
class Touched:
    """What a change reaches: units by key, articles and documents by id."""

    unit_keys: set[units.UnitKey] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)

    def __ior__(self, other: "Touched") -> "Touched":
        self.unit_keys |= other.unit_keys
        self.articles |= other.articles
        self.documents |= other.documents
        return self

    def keys(self) -> set[units.UnitKey]:
        """Every unit to refresh, found with a fixed number of queries."""
        found = set(self.unit_keys)
        articles = self.articles - {None}
        documents = (self.documents | visibility.reached_from(Document, articles)) - {None}
        found |= units.units_of_entries(("article", pk) for pk in articles)
        for model, unit in ((Statement, Unit.STATEMENT), (Photo, Unit.PHOTO)):
            pks = model.objects.filter(article__in=articles).values_list("id", flat=True)
            found |= {(unit, pk) for pk in pks}
        found |= {(Unit.DOCUMENT, pk) for pk in documents}
        targets = Target.objects.filter(document__in=documents).values_list("id", flat=True)
        found |= {(Unit.TARGET, pk) for pk in targets}
        return found


def statement_documents(statement_ids: Iterable[int]) -> set[int]:
    """The documents statements speak about or set targets for."""
    spoken = Statement.documents.through.objects.filter(statement__in=statement_ids)
    targeted = Statement.targets.through.objects.filter(statement__in=statement_ids)
    return set(spoken.values_list("document_id", flat=True)) | set(
        targeted.values_list("target__document_id", flat=True)
    )


def touched_by(instance: Model) -> Touched:
    """Computed while the instance's relations still exist (before a delete, a save)."""
    found = Touched()
    if type(instance) in OWN_UNIT:
        found.unit_keys.add((OWN_UNIT[type(instance)], instance.pk))
    match instance:
        case Article():
            found.articles.add(instance.pk)
            # Before a save or delete: what it reached (a meeting changed, its agenda's documents)
            found.documents |= visibility.reached_from(Document, [instance.pk])
        case Statement():
            found.articles.add(instance.article_id)
            found.documents |= statement_documents([instance.pk])
        case Photo() | BodyBlock():
            found.articles.add(instance.article_id)
        case ArticleDocument():
            found.articles.add(instance.article_id)
            found.documents.add(instance.document_id)
        case Meeting() | AgendaItem():
            meeting = instance.pk if isinstance(instance, Meeting) else instance.meeting_id
            found.articles |= set(
                Article.objects.filter(meeting=meeting).values_list("id", flat=True)
            )
            if isinstance(instance, AgendaItem):
                found.documents.add(instance.document_id)
        case Target():
            found.documents.add(instance.document_id)
        case Document():
            found.documents.add(instance.pk)
    return found


class PendingEmbed:
    """One on-commit callback per transaction that refreshes every unit touched in it."""

    def __init__(self) -> None:
        self.saved: set[tuple[type[Model], int]] = set()
        self.touched = Touched()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        touched = Touched()
        touched |= self.touched
        for model, pk in self.saved:
            instance = model._default_manager.filter(pk=pk).first()
            if instance is not None:
                touched |= touched_by(instance)
        try:
            units.refresh(touched.keys())
        except SemanticUnavailable as error:
            logger.warning("meaning search vectors not updated: %s", error)


def pending() -> PendingEmbed:
    """The current transaction's pending refresh (run at once outside a transaction)."""
    return pending_on_commit(PendingEmbed)


def mark(saved: Iterable[Model] = (), touched: Touched | None = None) -> None:
    todo = pending()
    todo.saved |= {(type(i), i.pk) for i in saved}
    if touched:
        todo.touched |= touched
    if not connection.in_atomic_block:
        todo()


def before_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    # What the row reached before (a target moved to another document leaves the old one).
    if raw or instance.pk is None or sender not in RELEVANT:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    if previous is not None:
        instance._semantic_previous = touched_by(previous)


def on_save(sender: type[Model], instance: Model, **kwargs) -> None:
    if sender in RELEVANT:
        mark([instance], instance.__dict__.pop("_semantic_previous", None))


def before_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    if sender in RELEVANT:
        instance._semantic_touched = touched_by(instance)


def after_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    if sender in RELEVANT:
        mark(touched=instance.__dict__.pop("_semantic_touched", None))


def on_m2m_change(
    sender, instance: Model, action: str, model: type[Model], pk_set, reverse: bool, **kwargs
) -> None:
    """Statement.documents / .targets decide which documents an article reaches."""
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    if reverse:  # document.statements.add(…): the instance is the document or target
        related = [instance]
        statements = pk_set if pk_set is not None else instance.statements.values_list("pk")
    else:  # statement.documents.add(…); before a clear, the links still there
        statements = [instance.pk]
        linked = model._default_manager
        related = (
            linked.filter(pk__in=pk_set)
            if pk_set is not None
            else linked.filter(statements=instance)
        )
    found = Touched()
    found.articles |= set(
        Statement.objects.filter(pk__in=statements).values_list("article_id", flat=True)
    )
    for item in related:
        found |= touched_by(item)
    mark(touched=found)


# Person, Position, Organization, Topic and Attendance change no unit's text or visibility.
RELEVANT = (
    Article,
    Statement,
    Photo,
    BodyBlock,
    ArticleDocument,
    Meeting,
    AgendaItem,
    Target,
    Document,
)
M2M_THROUGH = (Statement.documents.through, Statement.targets.through)


def connect() -> None:
    assert set(RELEVANT) <= set(search_signals.WATCHED)
    assert set(M2M_THROUGH) <= set(search_signals.M2M_THROUGH)
    for model in RELEVANT:
        name = model.__name__
        pre_save.connect(before_save, sender=model, dispatch_uid=f"semantic-presave-{name}")
        post_save.connect(on_save, sender=model, dispatch_uid=f"semantic-save-{name}")
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"semantic-pre-{name}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"semantic-del-{name}")
    for through in M2M_THROUGH:
        m2m_changed.connect(
            on_m2m_change, sender=through, dispatch_uid=f"semantic-m2m-{through.__name__}"
        )
