"""Export and import of one article with all its records, as JSON in the API's shape: every
translated field a language map {"vi": …, "en": …}, objects linked by id.

Import matches the people, organizations, topics, documents and meetings the file names by their
slug (Vietnamese slug for translated ones) and creates those missing, keeping the file's id when
it is free. The article itself is created, or replaced with `replace=True`. Everything happens
in one transaction: a bad file raises ImportRefused and changes nothing.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DataError, IntegrityError, connection, models, transaction

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
from people.models import Organization, Person, Position

FORMAT = "nghe-an-archive/article"
VERSION = 1
LANGUAGES = ("vi", "en")
MAX_ROWS = 10_000  # bound on any list in a file


class ImportRefused(Exception):
    """The file cannot be imported; the message says where and why."""


# ---------------------------------------------------------------- export


def _tr(obj: models.Model, field: str) -> dict[str, str | None]:
    return {language: getattr(obj, f"{field}_{language}") for language in LANGUAGES}


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _organization(org: Organization) -> dict:
    return {
        "id": org.pk,
        "name": _tr(org, "name"),
        "short_name": _tr(org, "short_name"),
        "slug": _tr(org, "slug"),
        "kind": org.kind,
        "parent": org.parent_id,
    }


def _person(person: Person) -> dict:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "slug": person.slug,
        "aliases": list(person.aliases),
        "positions": [
            {
                "organization": position.organization_id,
                "role": _tr(position, "role"),
                "title": _tr(position, "title"),
                "start_date": _date(position.start_date),
                "end_date": _date(position.end_date),
                "attested_on": _date(position.attested_on),
                "source_url": position.source_url,
                "order": position.order,
            }
            for position in person.positions.order_by("order", "pk")
        ],
    }


def _topic(topic: Topic) -> dict:
    return {
        "id": topic.pk,
        "name": _tr(topic, "name"),
        "slug": _tr(topic, "slug"),
        "kind": topic.kind,
        "description": _tr(topic, "description"),
        "order": topic.order,
    }


def _document(document: Document) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "symbol": document.symbol,
        "issuer": document.issuer_id,
        "issued_on": _date(document.issued_on),
        "title": _tr(document, "title"),
        "slug": _tr(document, "slug"),
        "summary": _tr(document, "summary"),
        "status": document.status,
    }


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "title": _tr(meeting, "title"),
        "slug": _tr(meeting, "slug"),
        "body": meeting.body_id,
        "kind": _tr(meeting, "kind"),
        "date": _date(meeting.date),
        "time_of_day": _tr(meeting, "time_of_day"),
        "chair": meeting.chair_id,
        "other_attendees": _tr(meeting, "other_attendees"),
        "attendances": [
            {"person": a.person_id, "role": a.role, "order": a.order}
            for a in meeting.attendances.order_by("order", "pk")
        ],
        "agenda_items": [
            {
                "order": item.order,
                "title": _tr(item, "title"),
                "document": item.document_id,
                "presenter": item.presenter_id,
            }
            for item in meeting.agenda_items.order_by("order")
        ],
    }


def _target(target: Target, article: Article) -> dict:
    return {
        "id": target.pk,
        "reported_here": target.article_id == article.pk,
        "order": target.order,
        "document": target.document_id,
        "pillar": target.pillar_id,
        "indicator": _tr(target, "indicator"),
        "value": str(target.value) if target.value is not None else None,
        "unit": _tr(target, "unit"),
        "deadline_year": target.deadline_year,
        "scope": _tr(target, "scope"),
        "outcome": target.outcome,
        "meeting_note": _tr(target, "meeting_note"),
        "proposed_by": target.proposed_by_id,
    }


def export_article(article: Article) -> dict:
    """The article and every record it needs, as a JSON-ready dict."""
    statements = list(
        article.statements.order_by("order", "pk").prefetch_related("documents", "targets")
    )
    photos = list(article.photos.order_by("order", "pk").prefetch_related("people_shown"))
    targets = {t.pk: t for t in article.targets.all()}
    for statement in statements:
        targets.update({t.pk: t for t in statement.targets.all()})
    target_list = sorted(targets.values(), key=lambda t: (t.order, t.pk))

    meetings = {m.pk: m for m in Meeting.objects.filter(pk=article.meeting_id)}
    meetings.update({s.meeting.pk: s.meeting for s in statements if s.meeting_id})
    document_ids = {link.document_id for link in article.document_links.all()}
    document_ids |= {t.document_id for t in target_list}
    document_ids |= {d.pk for s in statements for d in s.documents.all()}
    document_ids |= {
        item.document_id
        for m in meetings.values()
        for item in m.agenda_items.all()
        if item.document_id
    }
    documents = list(Document.objects.filter(pk__in=document_ids).order_by("pk"))

    person_ids = {s.speaker_id for s in statements}
    person_ids |= {p.pk for photo in photos for p in photo.people_shown.all()}
    person_ids |= {t.proposed_by_id for t in target_list if t.proposed_by_id}
    for meeting in meetings.values():
        person_ids |= {meeting.chair_id} if meeting.chair_id else set()
        person_ids |= {a.person_id for a in meeting.attendances.all()}
        person_ids |= {i.presenter_id for i in meeting.agenda_items.all() if i.presenter_id}
    people = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))

    org_ids = {d.issuer_id for d in documents if d.issuer_id}
    org_ids |= {m.body_id for m in meetings.values()}
    org_ids |= set(
        Position.objects.filter(person__in=people).values_list("organization_id", flat=True)
    )
    organizations = _with_ancestors(org_ids)
    topic_ids = set(article.topics.values_list("pk", flat=True))
    topic_ids |= {t.pillar_id for t in target_list if t.pillar_id}

    return {
        "format": FORMAT,
        "version": VERSION,
        "article": {
            "id": article.pk,
            "slug": _tr(article, "slug"),
            "title": _tr(article, "title"),
            "lead": _tr(article, "lead"),
            "byline": article.byline,
            "published_at": article.published_at.isoformat(),
            "status": article.status,
            "source_name": _tr(article, "source_name"),
            "source_url": article.source_url,
            "meeting": article.meeting_id,
            "topics": sorted(article.topics.values_list("pk", flat=True)),
            "documents": [
                {"document": link.document_id, "role": link.role, "order": link.order}
                for link in article.document_links.order_by("order", "pk")
            ],
            "blocks": [
                {
                    "order": block.order,
                    "kind": block.kind,
                    "text": _tr(block, "text"),
                    "photo": block.photo_id,
                }
                for block in article.blocks.order_by("order")
            ],
            "photos": [
                {
                    "id": photo.pk,
                    "order": photo.order,
                    "image": photo.image.name,
                    "is_placeholder": photo.is_placeholder,
                    "caption": _tr(photo, "caption"),
                    "alt_text": _tr(photo, "alt_text"),
                    "credit": photo.credit,
                    "people_shown": sorted(p.pk for p in photo.people_shown.all()),
                }
                for photo in photos
            ],
            "statements": [
                {
                    "id": s.pk,
                    "order": s.order,
                    "speaker": s.speaker_id,
                    "attribution": _tr(s, "attribution"),
                    "kind": s.kind,
                    "text": _tr(s, "text"),
                    "meeting": s.meeting_id,
                    "documents": sorted(d.pk for d in s.documents.all()),
                    "targets": sorted(t.pk for t in s.targets.all()),
                }
                for s in statements
            ],
            "targets": [_target(t, article) for t in target_list],
        },
        "people": [_person(p) for p in people],
        "organizations": [_organization(o) for o in organizations],
        "documents": [_document(d) for d in documents],
        "meetings": [_meeting(m) for m in sorted(meetings.values(), key=lambda m: m.pk)],
        "topics": [_topic(t) for t in Topic.objects.filter(pk__in=topic_ids).order_by("pk")],
    }


def _with_ancestors(org_ids: set[int]) -> list[Organization]:
    found: dict[int, Organization] = {}
    pending = {pk for pk in org_ids if pk}
    while pending:
        batch = list(Organization.objects.filter(pk__in=pending))
        found.update({o.pk: o for o in batch})
        pending = {o.parent_id for o in batch if o.parent_id and o.parent_id not in found}
    return sorted(found.values(), key=lambda o: o.pk)


# ---------------------------------------------------------------- import


class _Reader:
    """Typed access to the file's values, each error naming its place in the file."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise ImportRefused(f"{path}: expected an object")
        self.data, self.path = data, path

    def _raw(self, key: str, required: bool):
        if key not in self.data:
            if required:
                raise ImportRefused(f"{self.path}.{key}: missing")
            return None
        return self.data[key]

    def text(self, key: str, *, required: bool = True, null: bool = False) -> str | None:
        value = self._raw(key, required)
        if value is None and (null or not required):
            return None if null else ""
        if not isinstance(value, str):
            raise ImportRefused(f"{self.path}.{key}: expected text")
        if "\x00" in value:
            raise ImportRefused(f"{self.path}.{key}: contains a NUL character")
        return value

    def integer(self, key: str, *, null: bool = False) -> int | None:
        value = self._raw(key, required=not null)
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise ImportRefused(f"{self.path}.{key}: expected a whole number")
        return value

    def flag(self, key: str) -> bool:
        value = self._raw(key, required=False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise ImportRefused(f"{self.path}.{key}: expected true or false")
        return value

    def translated(self, key: str) -> dict[str, str | None]:
        value = self._raw(key, required=True)
        if not isinstance(value, dict) or set(value) - set(LANGUAGES):
            raise ImportRefused(f'{self.path}.{key}: expected {{"vi": …, "en": …}}')
        reader = _Reader(value, f"{self.path}.{key}")
        return {f"{key}_{lang}": reader.text(lang, required=False, null=True) for lang in LANGUAGES}

    def rows(self, key: str, *, required: bool = True) -> list:
        value = self._raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > MAX_ROWS:
            raise ImportRefused(f"{self.path}.{key}: expected a list (at most {MAX_ROWS})")
        return value

    def readers(self, key: str, *, required: bool = True) -> list["_Reader"]:
        return [_Reader(item, f"{self.path}.{key}[{i}]") for i, item in enumerate(self.rows(key))]

    def id_list(self, key: str) -> list[int]:
        values = self.rows(key, required=False)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ImportRefused(f"{self.path}.{key}: expected a list of ids")
        return values


class _Importer:
    def __init__(self, data: Any, *, replace: bool) -> None:
        self.root = _Reader(data, "file")
        self.replace = replace
        # id in the file -> object in the database, per kind
        self.maps: dict[str, dict[int, models.Model]] = {}
        self.created: dict[str, int] = {}
        self.touched_models: set[type[models.Model]] = set()

    # -- helpers
    def ref(self, kind: str, reader: _Reader, key: str, *, null: bool = True):
        file_id = reader.integer(key, null=null)
        return None if file_id is None else self._lookup(kind, reader, key, file_id)

    def refs(self, kind: str, reader: _Reader, key: str) -> list:
        return [self._lookup(kind, reader, key, file_id) for file_id in reader.id_list(key)]

    def _lookup(self, kind, reader, key, file_id):
        try:
            return self.maps[kind][file_id]
        except KeyError:
            raise ImportRefused(
                f"{reader.path}.{key}: {kind} id {file_id} is not among the file's {kind}"
            ) from None

    def save(self, obj: models.Model, path: str, *, file_id: int | None = None) -> models.Model:
        model = type(obj)
        if file_id is not None and not model._base_manager.filter(pk=file_id).exists():
            obj.pk = file_id  # keep the file's id when it is free: a round trip keeps ids
            self.touched_models.add(model)
            # With a pk, reading an unset generated column would query the row, not there yet.
            for field in model._meta.concrete_fields:
                if field.generated:
                    obj.__dict__.setdefault(field.attname, None)
        try:
            obj.full_clean(validate_unique=True)
        except ValidationError as error:
            raise ImportRefused(f"{path}: {_messages(error)}") from None
        obj.save(force_insert=obj._state.adding)
        self.created[model._meta.verbose_name_plural] = (
            self.created.get(model._meta.verbose_name_plural, 0) + 1
        )
        return obj

    def match_or_create(
        self,
        kind: str,
        section: str,
        find: Callable[[_Reader], models.Model | None],
        build: Callable[[_Reader], models.Model],
        after: Callable[[_Reader, models.Model], None] | None = None,
    ) -> None:
        mapping = self.maps.setdefault(kind, {})
        for reader in self.root.readers(section, required=False):
            file_id = reader.integer("id")
            existing = find(reader)
            if existing is not None:
                mapping[file_id] = existing
                continue
            obj = self.save(build(reader), reader.path, file_id=file_id)
            mapping[file_id] = obj
            if after:
                after(reader, obj)

    # -- sections, in dependency order
    def run(self) -> Article:
        if self.root.text("format") != FORMAT or self.root.integer("version") != VERSION:
            raise ImportRefused(f'file: not an article export (format "{FORMAT}", version 1)')
        self.organizations()
        self.match_or_create(
            "topics",
            "topics",
            lambda r: Topic.objects.filter(slug_vi=r.translated("slug")["slug_vi"]).first(),
            lambda r: Topic(
                **r.translated("name"),
                **r.translated("slug"),
                **r.translated("description"),
                kind=r.text("kind"),
                order=r.integer("order"),
            ),
        )
        self.match_or_create(
            "people",
            "people",
            lambda r: Person.objects.filter(slug=r.text("slug")).first(),
            lambda r: Person(
                full_name=r.text("full_name"), slug=r.text("slug"), aliases=self._aliases(r)
            ),
            self.positions,
        )
        self.match_or_create(
            "documents",
            "documents",
            lambda r: Document.objects.filter(slug_vi=r.translated("slug")["slug_vi"]).first(),
            lambda r: Document(
                kind=r.text("kind"),
                symbol=r.text("symbol", required=False),
                issuer=self.ref("organizations", r, "issuer"),
                issued_on=r.text("issued_on", null=True),
                **r.translated("title"),
                **r.translated("slug"),
                **r.translated("summary"),
                status=r.text("status"),
            ),
        )
        self.match_or_create(
            "meetings",
            "meetings",
            lambda r: Meeting.objects.filter(slug_vi=r.translated("slug")["slug_vi"]).first(),
            lambda r: Meeting(
                **r.translated("title"),
                **r.translated("slug"),
                **r.translated("kind"),
                **r.translated("time_of_day"),
                **r.translated("other_attendees"),
                body=self.ref("organizations", r, "body", null=False),
                date=r.text("date"),
                chair=self.ref("people", r, "chair"),
            ),
            self.meeting_rows,
        )
        article = self.article(_Reader(self.root._raw("article", True), "file.article"))
        self.reset_sequences()
        return article

    def _aliases(self, reader: _Reader) -> list[str]:
        aliases = reader.rows("aliases", required=False)
        if not all(isinstance(a, str) for a in aliases):
            raise ImportRefused(f"{reader.path}.aliases: expected a list of text")
        return aliases

    def organizations(self) -> None:
        mapping = self.maps.setdefault("organizations", {})
        readers = self.root.readers("organizations", required=False)
        parents: list[tuple[_Reader, Organization]] = []
        for reader in readers:
            file_id = reader.integer("id")
            slug = reader.translated("slug")
            existing = Organization.objects.filter(slug_vi=slug["slug_vi"]).first()
            if existing is not None:
                mapping[file_id] = existing
                continue
            org = Organization(
                **reader.translated("name"),
                **reader.translated("short_name"),
                **slug,
                kind=reader.text("kind"),
            )
            mapping[file_id] = self.save(org, reader.path, file_id=file_id)
            parents.append((reader, org))
        for reader, org in parents:  # parents may come later in the list
            parent = self.ref("organizations", reader, "parent")
            if parent is not None:
                org.parent = parent
                org.save(update_fields=["parent"])

    def positions(self, reader: _Reader, person: models.Model) -> None:
        for row in reader.readers("positions", required=False):
            self.save(
                Position(
                    person=person,
                    organization=self.ref("organizations", row, "organization", null=False),
                    **row.translated("role"),
                    **row.translated("title"),
                    start_date=row.text("start_date", null=True),
                    end_date=row.text("end_date", null=True),
                    attested_on=row.text("attested_on", null=True),
                    source_url=row.text("source_url", required=False),
                    order=row.integer("order"),
                ),
                row.path,
            )

    def meeting_rows(self, reader: _Reader, meeting: models.Model) -> None:
        for row in reader.readers("attendances", required=False):
            self.save(
                Attendance(
                    meeting=meeting,
                    person=self.ref("people", row, "person", null=False),
                    role=row.text("role"),
                    order=row.integer("order"),
                ),
                row.path,
            )
        for row in reader.readers("agenda_items", required=False):
            self.save(
                AgendaItem(
                    meeting=meeting,
                    order=row.integer("order"),
                    **row.translated("title"),
                    document=self.ref("documents", row, "document"),
                    presenter=self.ref("people", row, "presenter"),
                ),
                row.path,
            )

    def article(self, reader: _Reader) -> Article:
        slug = reader.translated("slug")
        existing = Article.objects.filter(slug_vi=slug["slug_vi"]).first()
        if existing is not None and not self.replace:
            raise ImportRefused(
                f"{reader.path}.slug: an article with this slug exists (id {existing.pk}); "
                "use --replace to replace it"
            )
        article = existing or Article()
        for key, value in {
            **slug,
            **reader.translated("title"),
            **reader.translated("lead"),
            **reader.translated("source_name"),
            "byline": reader.text("byline"),
            "published_at": reader.text("published_at"),
            "status": reader.text("status"),
            "source_url": reader.text("source_url", required=False),
            "meeting": self.ref("meetings", reader, "meeting"),
        }.items():
            setattr(article, key, value)
        if existing is not None:
            # Replace the article's own rows; shared records (people, documents…) stay.
            existing.blocks.all().delete()
            existing.statements.all().delete()
            existing.photos.all().delete()
            existing.document_links.all().delete()
            existing.targets.all().delete()
        article = self.save(
            article, reader.path, file_id=None if existing else reader.integer("id")
        )
        article.topics.set(self.refs("topics", reader, "topics"))
        self.article_rows(reader, article)
        return article

    def article_rows(self, reader: _Reader, article: Article) -> None:
        for row in reader.readers("documents", required=False):
            self.save(
                ArticleDocument(
                    article=article,
                    document=self.ref("documents", row, "document", null=False),
                    role=row.text("role"),
                    order=row.integer("order"),
                ),
                row.path,
            )
        photos = self.maps.setdefault("photos", {})
        for row in reader.readers("photos", required=False):
            image = row.text("image")
            if not image or not default_storage.exists(image):
                raise ImportRefused(f"{row.path}.image: no file {image!r} in the media storage")
            photo = Photo(
                article=article,
                order=row.integer("order"),
                image=image,
                is_placeholder=row.flag("is_placeholder"),
                **row.translated("caption"),
                **row.translated("alt_text"),
                credit=row.text("credit"),
            )
            photos[row.integer("id")] = self.save(photo, row.path, file_id=row.integer("id"))
            photo.people_shown.set(self.refs("people", row, "people_shown"))
        for row in reader.readers("blocks", required=False):
            self.save(
                BodyBlock(
                    article=article,
                    order=row.integer("order"),
                    kind=row.text("kind"),
                    **row.translated("text"),
                    photo=self.ref("photos", row, "photo"),
                ),
                row.path,
            )
        targets = self.maps.setdefault("targets", {})
        for row in reader.readers("targets", required=False):
            existing = None
            if not row.flag("reported_here"):
                existing = Target.objects.filter(pk=row.integer("id")).first()
            if existing is not None:
                targets[row.integer("id")] = existing
                continue
            target = Target(
                article=article if row.flag("reported_here") else None,
                order=row.integer("order"),
                document=self.ref("documents", row, "document", null=False),
                pillar=self.ref("topics", row, "pillar"),
                **row.translated("indicator"),
                value=row.text("value", null=True),
                **row.translated("unit"),
                deadline_year=row.integer("deadline_year", null=True),
                **row.translated("scope"),
                outcome=row.text("outcome"),
                **row.translated("meeting_note"),
                proposed_by=self.ref("people", row, "proposed_by"),
            )
            targets[row.integer("id")] = self.save(target, row.path, file_id=row.integer("id"))
        for row in reader.readers("statements", required=False):
            statement = self.save(
                Statement(
                    article=article,
                    order=row.integer("order"),
                    speaker=self.ref("people", row, "speaker", null=False),
                    **row.translated("attribution"),
                    kind=row.text("kind"),
                    **row.translated("text"),
                    meeting=self.ref("meetings", row, "meeting"),
                ),
                row.path,
                file_id=row.integer("id"),
            )
            statement.documents.set(self.refs("documents", row, "documents"))
            statement.targets.set(self.refs("targets", row, "targets"))

    def reset_sequences(self) -> None:
        """Rows inserted with explicit ids leave the id sequences behind; move them on."""
        if not self.touched_models:
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.touched_models)):
                cursor.execute(sql)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def import_article(data: Any, *, replace: bool = False) -> tuple[Article, dict[str, int]]:
    """Import an export; returns the article and how many records of each kind were created."""
    importer = _Importer(data, replace=replace)
    try:
        with transaction.atomic():
            article = importer.run()
    except (IntegrityError, DataError) as error:  # e.g. a deferred constraint at commit
        raise ImportRefused(f"the database refused the file: {error}") from None
    return article, importer.created
