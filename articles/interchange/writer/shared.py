"""The records an article shares with other articles, matched by natural key: organizations,
topics, people (with their positions), documents (with their relations and targets), meetings."""

from decimal import Decimal

from django.db.models import Value

from articles.interchange.check import media_name
from articles.interchange.writer.rows import Row, agreeing_order
from articles.interchange.writer.steps import Steps
from articles.models import (
    AgendaItem,
    Attendance,
    Document,
    DocumentRelation,
    Meeting,
    Target,
    Topic,
    VnCodeKey,
)
from people.models import Organization, Person, Position


class SharedRecords(Steps):
    """Each step writes one kind and remembers its records by file id for the links after it."""

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
                row.set("measure", target.measure)
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
