"""Checks of a parsed article file as a whole, before anything is written.

The schemas (shape.py) check each value; this module checks how the records fit together: ids
unique, every reference to a record that is in the file, orders not repeated, every photo of the
body in the file and its image in the media storage, the `editorial` entries matching the
records, and the copies the article detail repeats (its people, documents, targets, topics)
equal to the full records, which are the ones imported. Every problem is reported with its place.
"""

from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage

from articles.interchange.shape import ArticleFile, FileRecord, ImportRefused
from articles.models import Article, BodyBlock


def media_name(url: str) -> str | None:
    """The storage name of an uploaded file from its URL in the file (on any host), or None
    when the URL is not under MEDIA_URL."""
    path = urlsplit(url).path
    if not path.startswith(settings.MEDIA_URL) or len(path) == len(settings.MEDIA_URL):
        return None
    return unquote(path.removeprefix(settings.MEDIA_URL))


def media_problem(url: str | None) -> str | None:
    if url is None:
        return None
    name = media_name(url)
    try:
        if name is not None and default_storage.exists(name):
            return None
    except SuspiciousFileOperation:
        pass
    return f"no file {url!r} in the media storage (copy the media files first)"


class Checker:
    def __init__(self, file: ArticleFile) -> None:
        self.file = file
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def index(self, records: Iterable[tuple[str, Any]], what: str) -> dict[int, tuple[str, Any]]:
        """Records by id; an id given twice is a problem."""
        found: dict[int, tuple[str, Any]] = {}
        for where, record in records:
            if record.id in found:
                self.problem(f"{where}.id", f"{what} {record.id} is also {found[record.id][0]}")
            else:
                found[record.id] = (where, record)
        return found

    def refer(self, where: str, record_id: int | None, index: dict, what: str) -> None:
        if record_id is not None and record_id not in index:
            self.problem(where, f"{what} {record_id} is not in the file")

    def distinct(self, items: Iterable[tuple[str, Any]], what: str) -> None:
        """`items` are (place, value) pairs whose values must differ, e.g. orders of a list."""
        seen: dict[Any, str] = {}
        for where, value in items:
            if value in seen:
                self.problem(where, f"{what} {value!r} is repeated (also {seen[value]})")
            else:
                seen[value] = where

    def same_as(self, where: str, copy: dict, full: tuple[str, FileRecord]) -> None:
        """A copy the article detail repeats must equal the full record (the one imported)."""
        full_where, record = full
        difference = first_difference(copy, record.model_dump())
        if difference is not None:
            self.problem(
                f"{where}{difference}",
                f"differs from {full_where}{difference}, the record that is imported; "
                "make both the same",
            )

    def run(self) -> None:
        file = self.file
        article = file.article
        people = self.index(_places("people", file.people), "person")
        organizations = self.index(_places("organizations", file.organizations), "organization")
        documents = self.index(_places("documents", file.documents), "document")
        meetings = self.index(_places("meetings", file.meetings), "meeting")
        topics = self.index(_places("topics", file.topics), "topic")
        targets = self.index(
            (
                (f"documents[{d}].targets[{t}]", target)
                for d, document in enumerate(file.documents)
                for t, target in enumerate(document.targets)
            ),
            "target",
        )
        photos = self.index(_places("article.photos", article.photos), "photo")
        self.index(_places("article.statements", article.statements), "statement")
        positions = self.index(
            (
                (f"people[{p}].positions[{i}]", position)
                for p, person in enumerate(file.people)
                for i, position in enumerate(person.positions)
            ),
            "position",
        )
        self.natural_keys()
        self.check_organizations(organizations)
        self.check_people(organizations)
        self.check_documents(documents, organizations, people, topics)
        self.check_meetings(meetings, organizations, people, documents)
        self.check_article(people, documents, meetings, topics, targets, photos)
        self.check_editorial(documents, topics, targets, positions)
        if self.problems:
            raise ImportRefused(self.problems)

    def natural_keys(self) -> None:
        file = self.file
        self.distinct(((f"people[{i}].slug", p.slug) for i, p in enumerate(file.people)), "slug")
        for section in ("organizations", "documents", "meetings", "topics"):
            records = getattr(file, section)
            self.distinct(
                ((f"{section}[{i}].slug.vi", r.slug.vi) for i, r in enumerate(records)), "slug"
            )
        self.distinct(
            (
                (f"documents[{i}].symbol", (d.symbol_key, d.issuer_id, d.issued_on))
                for i, d in enumerate(file.documents)
                if d.symbol
            ),
            "symbol, issuer and date",
        )

    def check_organizations(self, organizations: dict) -> None:
        for where, organization in organizations.values():
            self.refer(f"{where}.parent_id", organization.parent_id, organizations, "organization")
            seen, parent = {organization.id}, organization.parent_id
            while parent in organizations:
                if parent in seen:
                    self.problem(f"{where}.parent_id", "organizations are their own parents")
                    break
                seen.add(parent)
                parent = organizations[parent][1].parent_id

    def check_people(self, organizations: dict) -> None:
        for p, person in enumerate(self.file.people):
            for i, position in enumerate(person.positions):
                where = f"people[{p}].positions[{i}]"
                if position.person_id != person.id:
                    self.problem(f"{where}.person_id", f"is not people[{p}].id ({person.id})")
                self.refer(
                    f"{where}.organization_id",
                    position.organization_id,
                    organizations,
                    "organization",
                )
            if problem := media_problem(person.portrait):
                self.problem(f"people[{p}].portrait", problem)

    def check_documents(self, documents: dict, organizations: dict, people: dict, topics: dict):
        for d, document in enumerate(self.file.documents):
            where = f"documents[{d}]"
            self.refer(f"{where}.issuer_id", document.issuer_id, organizations, "organization")
            for r, relation in enumerate(document.relations):
                here = f"{where}.relations[{r}]"
                self.refer(f"{here}.source_id", relation.source_id, documents, "document")
                self.refer(f"{here}.target_id", relation.target_id, documents, "document")
                if document.id not in (relation.source_id, relation.target_id):
                    self.problem(here, f"relates neither end to document {document.id}")
            for t, target in enumerate(document.targets):
                here = f"{where}.targets[{t}]"
                if target.document_id != document.id:
                    self.problem(f"{here}.document_id", f"is not {where}.id ({document.id})")
                if target.pillar is not None:
                    self.refer(f"{here}.pillar.id", target.pillar.id, topics, "topic")
                    if target.pillar.id in topics:
                        self.same_as(
                            f"{here}.pillar", target.pillar.model_dump(), topics[target.pillar.id]
                        )
                self.refer(f"{here}.proposed_by_id", target.proposed_by_id, people, "person")
            self.distinct(
                (
                    (f"{where}.targets[{t}].order", t_.order)
                    for t, t_ in enumerate(document.targets)
                ),
                "order",
            )

    def check_meetings(self, meetings: dict, organizations: dict, people: dict, documents: dict):
        for m, meeting in enumerate(self.file.meetings):
            where = f"meetings[{m}]"
            self.refer(f"{where}.body_id", meeting.body_id, organizations, "organization")
            self.refer(f"{where}.chair_id", meeting.chair_id, people, "person")
            for a, attendance in enumerate(meeting.attendees):
                self.refer(
                    f"{where}.attendees[{a}].person_id", attendance.person_id, people, "person"
                )
            for a, item in enumerate(meeting.agenda_items):
                here = f"{where}.agenda_items[{a}]"
                self.refer(f"{here}.document_id", item.document_id, documents, "document")
                self.refer(f"{here}.presenter_id", item.presenter_id, people, "person")
            attendees = list(enumerate(meeting.attendees))
            self.distinct(
                ((f"{where}.attendees[{a}].order", x.order) for a, x in attendees), "order"
            )
            self.distinct(
                ((f"{where}.attendees[{a}].person_id", x.person_id) for a, x in attendees), "person"
            )
            self.distinct(
                (
                    (f"{where}.agenda_items[{a}].order", item.order)
                    for a, item in enumerate(meeting.agenda_items)
                ),
                "order",
            )

    def check_article(self, people, documents, meetings, topics, targets, photos) -> None:
        article = self.file.article
        self.refer("article.meeting_id", article.meeting_id, meetings, "meeting")
        for i, topic in enumerate(article.topics):
            self.refer(f"article.topics[{i}].id", topic.id, topics, "topic")
            if topic.id in topics:
                self.same_as(f"article.topics[{i}]", topic.model_dump(), topics[topic.id])
        for i, person in enumerate(article.people):
            self.refer(f"article.people[{i}].id", person.id, people, "person")
            if person.id in people:
                self.same_as(f"article.people[{i}]", person.model_dump(), people[person.id])
        for i, document in enumerate(article.documents):
            self.refer(f"article.documents[{i}].id", document.id, documents, "document")
            if document.id in documents:
                self.same_as(
                    f"article.documents[{i}]",
                    document.model_dump(exclude={"role"}),
                    documents[document.id],
                )
        for i, target in enumerate(article.targets):
            self.refer(f"article.targets[{i}].id", target.id, targets, "target")
            if target.id in targets:
                self.same_as(f"article.targets[{i}]", target.model_dump(), targets[target.id])
        for i, statement in enumerate(article.statements):
            where = f"article.statements[{i}]"
            if statement.article_id != article.id:
                self.problem(f"{where}.article_id", f"is not article.id ({article.id})")
            self.refer(f"{where}.meeting_id", statement.meeting_id, meetings, "meeting")
            self.refer(f"{where}.speaker_id", statement.speaker_id, people, "person")
            for k, document_id in enumerate(statement.document_ids):
                self.refer(f"{where}.document_ids[{k}]", document_id, documents, "document")
            for k, target_id in enumerate(statement.target_ids):
                self.refer(f"{where}.target_ids[{k}]", target_id, targets, "target")
        for i, photo in enumerate(article.photos):
            where = f"article.photos[{i}]"
            for k, person_id in enumerate(photo.people_shown_ids):
                self.refer(f"{where}.people_shown_ids[{k}]", person_id, people, "person")
            if problem := media_problem(photo.image) if photo.image else "no image":
                self.problem(f"{where}.image", problem)
        self.check_body(photos)
        for section, what in (("topics", "topic"), ("people", "person"), ("documents", "document")):
            self.distinct(
                (
                    (f"article.{section}[{i}].id", item.id)
                    for i, item in enumerate(getattr(article, section))
                ),
                what,
            )
        for section in ("statements", "photos", "body"):
            self.distinct(
                (
                    (f"article.{section}[{i}].order", item.order)
                    for i, item in enumerate(getattr(article, section))
                ),
                "order",
            )

    def check_body(self, photos: dict) -> None:
        shown: list[tuple[str, int]] = []
        for i, block in enumerate(self.file.article.body):
            where = f"article.body[{i}]"
            if block.kind == BodyBlock.Kind.PHOTO:
                if block.photo_id is None:
                    self.problem(f"{where}.photo_id", "a photo block needs the id of its photo")
                else:
                    self.refer(f"{where}.photo_id", block.photo_id, photos, "photo")
                    shown.append((f"{where}.photo_id", block.photo_id))
                if block.text is not None:
                    self.problem(f"{where}.text", "a photo block has no text (null)")
            else:
                if block.photo_id is not None:
                    self.problem(f"{where}.photo_id", f"a {block.kind} block shows no photo")
                if block.text is None or not block.text.vi:
                    self.problem(f"{where}.text.vi", "the Vietnamese text is missing")
        self.distinct(shown, "photo")

    def check_editorial(self, documents: dict, topics: dict, targets: dict, positions: dict):
        editorial = self.file.editorial
        if editorial.status not in Article.Status.values:
            self.problem("editorial.status", f"expected one of {', '.join(Article.Status.values)}")
        for k, target_id in enumerate(editorial.reported_target_ids):
            self.refer(f"editorial.reported_target_ids[{k}]", target_id, targets, "target")
        linked = {document.id for document in self.file.article.documents}
        self.covers("editorial.document_orders", "document_id", editorial.document_orders, linked)
        self.distinct(
            (
                (f"editorial.document_orders[{i}].order", link.order)
                for i, link in enumerate(editorial.document_orders)
            ),
            "order",
        )
        self.covers("editorial.positions", "id", editorial.positions, set(positions))
        self.covers("editorial.topics", "id", editorial.topics, set(topics))
        holder = {x.id: p for p, person in enumerate(self.file.people) for x in person.positions}
        for p in range(len(self.file.people)):
            self.distinct(
                (
                    (f"editorial.positions[{i}].order", extra.order)
                    for i, extra in enumerate(editorial.positions)
                    if holder.get(extra.id) == p
                ),
                "order",
            )

    def covers(self, where: str, key: str, entries: list, wanted: set[int]) -> None:
        """`entries` give exactly one entry for each id in `wanted`."""
        given = [getattr(entry, key) for entry in entries]
        self.distinct(((f"{where}[{i}].{key}", value) for i, value in enumerate(given)), key)
        for value in sorted(set(given) - wanted):
            self.problem(where, f"{key} {value} is not among the records it describes")
        for value in sorted(wanted - set(given)):
            self.problem(where, f"no entry for {key} {value}")


def _places(section: str, records: list) -> Iterable[tuple[str, Any]]:
    return ((f"{section}[{i}]", record) for i, record in enumerate(records))


def first_difference(copy: Any, full: Any, path: str = "") -> str | None:
    """Where `copy` differs from `full`, only over the keys `copy` has (None if nowhere)."""
    if isinstance(copy, dict) and isinstance(full, dict):
        for key, value in copy.items():
            if key not in full:
                return f"{path}.{key}"
            found = first_difference(value, full[key], f"{path}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(copy, list) and isinstance(full, list):
        if len(copy) != len(full):
            return path
        for i, (a, b) in enumerate(zip(copy, full, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    return None if copy == full else path


def check(file: ArticleFile) -> None:
    """Raise ImportRefused listing every problem of how the file's records fit together."""
    Checker(file).run()
