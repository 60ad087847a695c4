"""Writing a checked article file into the database (the caller holds the transaction).

Records the file shares with other articles are matched to existing ones by natural key, since
ids differ from one database to another: people by slug, organizations, topics and meetings by
Vietnamese slug, documents by symbol + issuer + date (the document's identity) or else by
Vietnamese slug. A record that does not exist yet is created, keeping the file's id when it is
free, so an import into an empty database reproduces the ids (and the `url`s) of the export.

Without `replace`, existing records are used as they are: nothing in the database changes but
what is added (an existing article is refused). With `replace`, the article and every record in
the file are brought to the file's content: changed fields are saved, rows of theirs the file
lacks (positions, targets, attendees, statements, photos…) are deleted, and a record already
equal to the file is not written at all, so importing an unchanged export changes nothing.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, connection
from django.db.models import FileField, Max, Model, Value
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator

from articles.interchange.check import media_name
from articles.interchange.shape import ArticleFile, ImportRefused
from articles.models import (
    AgendaItem,
    Article,
    ArticleDocument,
    Attendance,
    BodyBlock,
    Document,
    DocumentRelation,
    Meeting,
    Photo,
    Statement,
    Target,
    Topic,
    VnCodeKey,
)
from people.models import Organization, Person, Position

LANGUAGES = ("vi", "en")


@dataclass
class Row:
    """One record as the file gives it: model field values, and where in the file each is."""

    model: type[Model]
    where: str
    file_id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: Any, key: str | None = None, *, at: str | None = None) -> None:
        self.values[name] = value
        self.places[name] = at or f"{self.where}.{key or name}"

    def text(self, name: str, lang_map: Any, key: str | None = None, *, at: str = "") -> None:
        """A translated field from its language map, into the `<name>_vi` / `_en` columns."""
        for lang in LANGUAGES:
            place = f"{at or self.where}.{key or name}.{lang}"
            self.set(f"{name}_{lang}", getattr(lang_map, lang), at=place)


def agreeing_order(lists: list[list[Any]], priority: Callable[[Any], Any]) -> list[Any]:
    """The keys of all `lists` in one order that keeps each list's order, taking the smallest
    `priority` whenever several keys could come next (lists in disagreement: priority decides)."""
    waiting: dict[Any, set[Any]] = {}
    for keys in lists:
        for i, key in enumerate(keys):
            waiting.setdefault(key, set()).update(keys[:i])
    order = []
    while waiting:
        ready = [key for key, before in waiting.items() if not before] or list(waiting)
        chosen = min(ready, key=priority)
        order.append(chosen)
        del waiting[chosen]
        for before in waiting.values():
            before.discard(chosen)
    return order


def _translated_fields(model: type[Model]) -> tuple[str, ...]:
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


def _same(obj: Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    current = getattr(obj, model_field.attname)
    if model_field.is_relation:
        return current == (value.pk if value is not None else None)
    if isinstance(model_field, FileField):
        return (current.name or "") == (value or "")
    return current == value


class Writer:
    def __init__(self, file: ArticleFile, *, replace: bool) -> None:
        self.file = file
        self.replace = replace
        self.found: dict[str, dict[int, Model]] = {}  # kind -> file id -> database record
        self.new: set[tuple[type[Model], int]] = set()
        self.explicit_ids: set[type[Model]] = set()
        self.tally: Counter[tuple[str, str]] = Counter()

    # -- the generic steps

    def count(self, model: type[Model], what: str) -> None:
        with override("en"):  # like the rest of the command's messages
            self.tally[(str(model._meta.verbose_name_plural), what)] += 1

    def writes(self, obj: Model) -> bool:
        """Whether this import may change `obj` and its own rows."""
        return self.replace or (type(obj), obj.pk) in self.new

    def get(self, kind: str, file_id: int | None) -> Model | None:
        return None if file_id is None else self.found[kind][file_id]

    def validate(self, obj: Model, row: Row) -> None:
        model = type(obj)
        translated = _translated_fields(model)
        for name in translated:
            column = f"{name}_vi"
            required = column in row.values and not model._meta.get_field(name).blank
            if required and not getattr(obj, column):
                raise ImportRefused([f"{row.places[column]}: the Vietnamese text is missing"])
        # Links were resolved to saved records; generated columns are computed by PostgreSQL.
        derived = [f.name for f in model._meta.concrete_fields if f.is_relation or f.generated]
        try:
            obj.full_clean(exclude=[*translated, *derived])
        except ValidationError as error:
            with override("en"):  # like the rest of the command's messages
                messages = error.message_dict
            raise ImportRefused(
                [
                    f"{row.places.get(name, row.where) if name != NON_FIELD_ERRORS else row.where}"
                    f": {' '.join(texts)}"
                    for name, texts in messages.items()
                ]
            ) from None

    def save(self, obj: Model, row: Row, **options: Any) -> None:
        try:
            obj.save(**options)
        except (IntegrityError, DataError) as error:
            reason = str(error).splitlines()[0]
            raise ImportRefused([f"{row.where}: the database refused it ({reason})"]) from None

    def put(self, row: Row, existing: Model | None, **links: Model | None) -> Model:
        """Create the row's record, or bring `existing` to the row's values (with replace)."""
        values = {**row.values, **links}
        if existing is not None and not self.replace:
            self.count(row.model, "kept")
            return existing
        if existing is None:
            obj = row.model(**values)
            free = row.file_id is not None and not (
                row.model._base_manager.filter(pk=row.file_id).exists()
            )
            if free:
                obj.pk = row.file_id
                self.explicit_ids.add(row.model)
                # With a pk set, reading an unset generated column would query the row.
                for model_field in row.model._meta.concrete_fields:
                    if model_field.generated:
                        obj.__dict__.setdefault(model_field.attname, None)
            self.validate(obj, row)
            self.save(obj, row, force_insert=True)
            self.new.add((row.model, obj.pk))
            self.count(row.model, "created")
            return obj
        changed = [name for name, value in values.items() if not _same(existing, name, value)]
        if not changed:
            self.count(row.model, "unchanged")
            return existing
        for name in changed:
            setattr(existing, name, values[name])
        self.validate(existing, row)
        self.save(existing, row)
        self.count(row.model, "updated")
        return existing

    def delete(self, obj: Model) -> None:
        obj.delete()
        self.count(type(obj), "deleted")

    def sync(
        self,
        current: Iterable[Model],
        rows: list[tuple[Row, dict[str, Model | None]]],
        *,
        prune: bool,
        natural_key: Callable[[Model], Any] | None = None,
    ) -> list[Model]:
        """Rows with ids of their own (a person's positions, an article's statements…): match
        each to a current one by id, else by `natural_key`; delete the unmatched if `prune`."""
        by_id = {obj.pk: obj for obj in current}
        chosen = [by_id.pop(row.file_id, None) for row, _ in rows]
        if natural_key is not None:
            spare = {natural_key(obj): obj for obj in by_id.values()}
            for i, (row, links) in enumerate(rows):
                if chosen[i] is None:
                    match = spare.pop(natural_key(row.model(**row.values, **links)), None)
                    if match is not None:
                        chosen[i] = by_id.pop(match.pk)
        if prune:
            for obj in by_id.values():
                self.delete(obj)
        return [self.put(row, obj, **links) for (row, links), obj in zip(rows, chosen, strict=True)]

    def replace_list(
        self,
        current: Iterable[Model],
        rows: list[tuple[Row, dict[str, Model | None]]],
        signature: Callable[[Model], tuple],
    ) -> None:
        """Rows without ids (attendees, agenda items, body blocks…): left alone when the current
        list already equals the file's, otherwise replaced by it."""
        existing = list(current)
        wanted = [row.model(**row.values, **links) for row, links in rows]
        if [signature(o) for o in existing] == [signature(o) for o in wanted]:
            for obj in existing:
                self.count(type(obj), "unchanged")
            return
        for obj in existing:
            self.delete(obj)
        for row, links in rows:
            self.put(row, None, **links)

    # -- the records, in the order their links need

    def existing_article(self) -> Article | None:
        existing = Article.objects.filter(slug_vi=self.file.article.slug.vi).first()
        if existing is not None and not self.replace:
            raise ImportRefused(
                [
                    f"article.slug.vi: an article with this slug exists (id {existing.pk}); "
                    "use --replace to update it"
                ]
            )
        return existing

    def run(self) -> Article:
        self.existing_article()  # refused before anything is written
        self.organizations()
        self.topics()
        self.people()
        self.documents()
        self.meetings()
        article = self.article()
        self.reset_sequences()
        return article

    def remember(self, kind: str, file_id: int, obj: Model) -> Model:
        found = self.found.setdefault(kind, {})
        for other_id, other in found.items():
            if other == obj:
                raise ImportRefused(
                    [
                        f"{kind}: the records with ids {other_id} and {file_id} both match "
                        f"record {obj.pk} of the database (same natural key); merge them"
                    ]
                )
        found[file_id] = obj
        return obj

    def organizations(self) -> None:
        pending = dict(enumerate(self.file.organizations))
        while pending:  # parents first (the checks refused cycles)
            for i, org in list(pending.items()):
                if org.parent_id is not None and org.parent_id not in self.found.get(
                    "organizations", {}
                ):
                    continue
                del pending[i]
                row = Row(Organization, f"organizations[{i}]", org.id)
                row.text("name", org.name)
                row.text("short_name", org.short_name)
                row.text("slug", org.slug)
                row.set("kind", org.kind)
                existing = Organization.objects.filter(slug_vi=org.slug.vi).first()
                parent = self.get("organizations", org.parent_id)
                self.remember("organizations", org.id, self.put(row, existing, parent=parent))

    def topics(self) -> None:
        extras = {extra.id: (e, extra) for e, extra in enumerate(self.file.editorial.topics)}
        for i, topic in enumerate(self.file.topics):
            e, extra = extras[topic.id]
            at = f"editorial.topics[{e}]"
            row = Row(Topic, f"topics[{i}]", topic.id)
            row.text("name", topic.name)
            row.text("slug", topic.slug)
            row.set("kind", topic.kind)
            row.text("description", extra.description, at=at)
            row.set("order", extra.order, at=f"{at}.order")
            existing = Topic.objects.filter(slug_vi=topic.slug.vi).first()
            self.remember("topics", topic.id, self.put(row, existing))

    def people(self) -> None:
        extras = {extra.id: (i, extra) for i, extra in enumerate(self.file.editorial.positions)}
        for p, person in enumerate(self.file.people):
            row = Row(Person, f"people[{p}]", person.id)
            row.set("full_name", person.full_name)
            row.set("slug", person.slug)
            row.set("aliases", list(person.aliases))
            row.set("portrait", media_name(person.portrait) if person.portrait else "")
            existing = Person.objects.filter(slug=person.slug).first()
            obj = self.remember("people", person.id, self.put(row, existing))
            if not self.writes(obj):
                continue
            positions = []
            for i, position in enumerate(person.positions):
                e, extra = extras[position.id]
                row = Row(Position, f"people[{p}].positions[{i}]", position.id)
                row.text("role", position.role)
                row.text("title", position.title)
                for name in ("start_date", "end_date", "attested_on"):
                    row.set(name, getattr(position, name))
                row.set("order", extra.order, at=f"editorial.positions[{e}].order")
                row.set("source_url", extra.source_url, at=f"editorial.positions[{e}].source_url")
                organization = self.get("organizations", position.organization_id)
                positions.append((row, {"person": obj, "organization": organization}))
            self.sync(obj.positions.all(), positions, prune=True)

    def documents(self) -> None:
        for d, document in enumerate(self.file.documents):
            row = Row(Document, f"documents[{d}]", document.id)
            row.set("kind", document.kind)
            row.set("symbol", document.symbol)
            row.set("issued_on", document.issued_on)
            row.text("title", document.title)
            row.text("slug", document.slug)
            row.text("summary", document.summary)
            row.set("status", document.status)
            issuer = self.get("organizations", document.issuer_id)
            existing = None
            if document.symbol:
                existing = Document.objects.filter(
                    symbol_key=VnCodeKey(Value(document.symbol)),
                    issuer=issuer,
                    issued_on=document.issued_on,
                ).first()
            existing = existing or Document.objects.filter(slug_vi=document.slug.vi).first()
            self.remember("documents", document.id, self.put(row, existing, issuer=issuer))
        self.relations()
        for d, document in enumerate(self.file.documents):
            obj = self.found["documents"][document.id]
            targets = []
            for t, target in enumerate(document.targets):
                row = Row(Target, f"documents[{d}].targets[{t}]", target.id)
                row.text("indicator", target.indicator)
                row.set("value", None if target.value is None else Decimal(str(target.value)))
                row.text("unit", target.unit)
                row.set("deadline_year", target.deadline_year)
                row.text("scope", target.scope)
                row.set("outcome", target.outcome)
                row.text("meeting_note", target.meeting_note)
                row.set("order", target.order)
                links = {
                    "document": obj,
                    "pillar": self.get("topics", target.pillar and target.pillar.id),
                    "proposed_by": self.get("people", target.proposed_by_id),
                }
                targets.append((row, links))
            saved = self.sync(
                obj.targets.all(),
                targets,
                prune=self.writes(obj),
                natural_key=lambda target: target.indicator_vi,
            )
            for target, target_obj in zip(document.targets, saved, strict=True):
                self.remember("targets", target.id, target_obj)

    def relations(self) -> None:
        """Relations between documents. The API lists a document's relations in the order they
        were entered (by id), so they are entered in an order agreeing with every such list,
        the current one when it does."""
        written = [doc for doc in self.found["documents"].values() if self.writes(doc)]
        current = list(DocumentRelation.objects.filter(source__in=written).order_by("id"))
        entered = {(r.source_id, r.target_id, r.kind): r.pk for r in current}
        places: dict[tuple[int, int, str], str] = {}
        lists = []
        for d, document in enumerate(self.file.documents):
            keys = []
            for r, relation in enumerate(document.relations):
                source = self.found["documents"][relation.source_id]
                if self.writes(source):
                    key = (source.pk, self.found["documents"][relation.target_id].pk, relation.kind)
                    places.setdefault(key, f"documents[{d}].relations[{r}]")
                    keys.append(key)
            lists.append(keys)
        mentioned = {key: i for i, key in enumerate(places)}
        rows = []
        order = agreeing_order(
            lists, lambda key: (0, entered[key]) if key in entered else (1, mentioned[key])
        )
        for source_id, target_id, kind in order:
            row = Row(DocumentRelation, places[(source_id, target_id, kind)])
            row.set("kind", kind)
            row.set("source_id", source_id)
            row.set("target_id", target_id)
            rows.append((row, {}))
        self.replace_list(
            current, rows, lambda relation: (relation.source_id, relation.target_id, relation.kind)
        )

    def meetings(self) -> None:
        for m, meeting in enumerate(self.file.meetings):
            where = f"meetings[{m}]"
            row = Row(Meeting, where, meeting.id)
            row.text("title", meeting.title)
            row.text("slug", meeting.slug)
            row.text("kind", meeting.kind)
            row.set("date", meeting.date)
            row.text("time_of_day", meeting.time_of_day)
            row.text("other_attendees", meeting.other_attendees)
            existing = Meeting.objects.filter(slug_vi=meeting.slug.vi).first()
            obj = self.put(
                row,
                existing,
                body=self.get("organizations", meeting.body_id),
                chair=self.get("people", meeting.chair_id),
            )
            self.remember("meetings", meeting.id, obj)
            if not self.writes(obj):
                continue
            attendances = []
            for a, attendance in enumerate(meeting.attendees):
                row = Row(Attendance, f"{where}.attendees[{a}]")
                row.set("role", attendance.role)
                row.set("order", attendance.order)
                person = self.get("people", attendance.person_id)
                attendances.append((row, {"meeting": obj, "person": person}))
            self.replace_list(
                obj.attendances.order_by("order", "id"),
                attendances,
                lambda a: (a.person_id, a.role, a.order),
            )
            items = []
            for a, item in enumerate(meeting.agenda_items):
                row = Row(AgendaItem, f"{where}.agenda_items[{a}]")
                row.set("order", item.order)
                row.text("title", item.title)
                links = {
                    "meeting": obj,
                    "document": self.get("documents", item.document_id),
                    "presenter": self.get("people", item.presenter_id),
                }
                items.append((row, links))
            self.replace_list(
                obj.agenda_items.order_by("order"),
                items,
                lambda i: (i.order, i.title_vi, i.title_en, i.document_id, i.presenter_id),
            )

    def article(self) -> Article:
        file, article = self.file, self.file.article
        existing = self.existing_article()
        row = Row(Article, "article", article.id)
        for name in ("title", "slug", "lead", "source_name"):
            row.text(name, getattr(article, name))
        row.set("byline", article.byline)
        row.set("published_at", article.published_at)
        row.set("source_url", article.source_url)
        row.set("status", file.editorial.status, at="editorial.status")
        obj = self.put(row, existing, meeting=self.get("meetings", article.meeting_id))
        obj.topics.set([self.get("topics", topic.id) for topic in article.topics])
        self.document_links(obj)
        self.photos(obj)
        self.body(obj)
        self.statements(obj)
        self.reported_targets(obj)
        return obj

    def document_links(self, article: Article) -> None:
        orders = {
            e.document_id: (i, e.order) for i, e in enumerate(self.file.editorial.document_orders)
        }
        rows = []
        for i, document in enumerate(self.file.article.documents):
            row = Row(ArticleDocument, f"article.documents[{i}]")
            row.set("role", document.role)
            e, order = orders[document.id]
            row.set("order", order, at=f"editorial.document_orders[{e}].order")
            rows.append((row, {"article": article, "document": self.get("documents", document.id)}))
        rows.sort(key=lambda item: item[0].values["order"])
        self.replace_list(
            article.document_links.order_by("order", "id"),
            rows,
            lambda link: (link.document_id, link.role, link.order),
        )

    def photos(self, article: Article) -> None:
        rows = []
        for i, photo in enumerate(self.file.article.photos):
            row = Row(Photo, f"article.photos[{i}]", photo.id)
            row.set("order", photo.order)
            row.set("image", media_name(photo.image))
            row.set("is_placeholder", photo.is_placeholder)
            row.text("caption", photo.caption)
            row.text("alt_text", photo.alt, "alt")
            row.set("credit", photo.credit)
            rows.append((row, {"article": article}))
        saved = self.sync(article.photos.all(), rows, prune=True)
        for photo, obj in zip(self.file.article.photos, saved, strict=True):
            self.remember("photos", photo.id, obj)
            obj.people_shown.set([self.get("people", pk) for pk in photo.people_shown_ids])

    def body(self, article: Article) -> None:
        rows = []
        for i, block in enumerate(self.file.article.body):
            row = Row(BodyBlock, f"article.body[{i}]")
            row.set("order", block.order)
            row.set("kind", block.kind)
            if block.text is not None:
                row.text("text", block.text)
            else:  # a photo block: its text columns stay empty
                row.set("text_vi", "")
                row.set("text_en", "")
            rows.append((row, {"article": article, "photo": self.get("photos", block.photo_id)}))
        self.replace_list(
            article.blocks.order_by("order"),
            rows,
            # The API shows no text for a photo block, whatever its empty columns hold.
            lambda b: (
                (b.order, b.kind, b.photo_id)
                + ((b.text_vi, b.text_en) if b.kind != BodyBlock.Kind.PHOTO else ())
            ),
        )

    def statements(self, article: Article) -> None:
        rows = []
        for i, statement in enumerate(self.file.article.statements):
            row = Row(Statement, f"article.statements[{i}]", statement.id)
            row.set("order", statement.order)
            row.set("kind", statement.kind)
            row.text("attribution", statement.attribution)
            row.text("text", statement.text)
            links = {
                "article": article,
                "meeting": self.get("meetings", statement.meeting_id),
                "speaker": self.get("people", statement.speaker_id),
            }
            rows.append((row, links))
        saved = self.sync(article.statements.all(), rows, prune=True)
        for statement, obj in zip(self.file.article.statements, saved, strict=True):
            obj.documents.set([self.get("documents", pk) for pk in statement.document_ids])
            obj.targets.set([self.get("targets", pk) for pk in statement.target_ids])

    def reported_targets(self, article: Article) -> None:
        """`Target.article`: which targets this article reports (edited inline in the admin)."""
        wanted = {self.get("targets", pk) for pk in self.file.editorial.reported_target_ids}
        for target in Target.objects.filter(article=article).exclude(pk__in=[t.pk for t in wanted]):
            target.article = None
            target.save()
            self.count(Target, "updated")
        for target in wanted:
            if target.article_id != article.pk and self.writes(target):
                target.article = article
                target.save()
                if (Target, target.pk) not in self.new:  # else counted as created
                    self.count(Target, "updated")

    def reset_sequences(self) -> None:
        """Rows inserted with explicit ids leave the id sequences behind: move them on, never
        back (a sequence is not transactional, and this transaction may yet be rolled back)."""
        with connection.cursor() as cursor:
            for model in self.explicit_ids:
                top = model._base_manager.aggregate(top=Max("pk"))["top"]
                cursor.execute(
                    "SELECT setval(seq, %s) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass"
                    " AS seq) AS s WHERE %s > coalesce(pg_sequence_last_value(seq), 0)",
                    [
                        top,
                        connection.ops.quote_name(model._meta.db_table),
                        model._meta.pk.column,
                        top,
                    ],
                )
