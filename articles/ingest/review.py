"""The review screen's forms: what the editor pasted, then each extracted record to accept,
edit or drop. The review is stateless: the source travels with the form and is parsed again on
"create draft", so nothing is stored until the editor confirms."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.ingest.match import Candidate, Matches
from articles.ingest.parse import Extraction, split_posts
from articles.ingest.source import MAX_BYTES, SourceError, read_source
from articles.models import Target

EXISTING, NEW = "existing", "new"


class SourceForm(forms.Form):
    text = forms.CharField(
        label=_("Article text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
        help_text=_(
            "Paste the article as published: title, byline and time, the lead beginning "
            "“(Baonghean.vn) -”, then the body with its photo captions."
        ),
    )
    file = forms.FileField(
        label=_("…or a .txt or .html file"),
        required=False,
        help_text=_("UTF-8 text or HTML, at most 2 MB."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        try:
            if upload:
                if upload.size > MAX_BYTES:
                    raise SourceError(
                        gettext("The file is too large (%(size)d MB); the limit is 2 MB.")
                        % {"size": upload.size // (1024 * 1024)}
                    )
                cleaned["source"] = read_source(upload.read(), upload.name)
                cleaned["html"] = upload.name.lower().endswith((".html", ".htm"))
            else:
                cleaned["source"] = read_source(text.encode("utf-8"))
                cleaned["html"] = None  # pasted: HTML if it looks like HTML
        except SourceError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


WARNINGS = {
    "byline": _(
        "No byline and time line (“NAME 28/05/2022 12:29”) after the title: check the date."
    ),
    "byline-date": _("The byline's date is not a real date: check the publication time."),
    "lead": _("No lead beginning “(Baonghean.vn) -”: the second paragraph is not the lead."),
}


def warnings(extraction: Extraction) -> list[str]:
    return [str(WARNINGS[p]) for p in extraction.problems if p in WARNINGS]


NO_BODY = _(
    "No article body was found: the text needs a title, then paragraphs. Is this an "
    "article from the newspaper?"
)


def source_problem(extraction: Extraction) -> str | None:
    # "empty" here is markup with no text in it: the source itself was not blank.
    if "empty" in extraction.problems or "body" in extraction.problems:
        return str(NO_BODY)
    if len(extraction.title) > 500:
        return gettext("The first line is not a title (it is longer than 500 characters).")
    return None


@dataclass
class Row:
    """One extracted record on the review screen: what it is, where it came from, its fields."""

    label: str
    evidence: str
    fields: list[str]
    match: Candidate | None = None
    bound: list = field(default_factory=list)  # the fields, bound, for the template


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


class ReviewForm(forms.Form):
    source = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, extraction: Extraction, matches: Matches, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extraction, self.matches = extraction, matches
        self.sections: list[Section] = []
        ex = extraction

        def accept(name: str, initial: bool = True) -> str:
            self.fields[name] = forms.BooleanField(label=_("keep"), required=False, initial=initial)
            return name

        def text(name: str, value: str, label, *, long: bool = False, max_length=None) -> str:
            widget = (
                forms.Textarea(attrs={"rows": 3})
                if long
                else forms.TextInput(attrs={"class": "vTextField"})
            )
            # The model's limits, so an over-long edit is a form error rather than cut short.
            self.fields[name] = forms.CharField(
                label=label, initial=value, required=False, widget=widget, max_length=max_length
            )
            return name

        def confirm(name: str, match: Candidate) -> str:
            self.fields[name] = forms.ChoiceField(
                label=_("same record?"),
                choices=[
                    (
                        EXISTING,
                        gettext("the existing record #%(pk)d %(label)s")
                        % {"pk": match.pk, "label": match.label},
                    ),
                    (NEW, gettext("a different, new record")),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose: the existing record, or a new one.")},
            )
            return name

        people = Section(gettext("People"))
        for i, person in enumerate(ex.people):
            match = matches.people.get(person.name)
            names = [
                accept(f"person-{i}-keep"),
                text(f"person-{i}-name", person.name, _("full name"), max_length=200),
                text(
                    f"person-{i}-titles",
                    "; ".join(p.title for p in person.posts),
                    _("titles as printed (separated by ;)"),
                ),
            ]
            if match:
                names.append(confirm(f"person-{i}-match", match))
            people.rows.append(Row(person.name, person.evidence, names, match))
        documents = Section(gettext("Documents"))
        for i, doc in enumerate(ex.documents):
            match = matches.documents.get(doc.key)
            names = [
                accept(f"document-{i}-keep"),
                text(f"document-{i}-title", doc.title, _("title"), max_length=500),
                text(f"document-{i}-symbol", doc.symbol, _("symbol"), max_length=60),
            ]
            if match:
                names.append(confirm(f"document-{i}-match", match))
            label = " ".join(filter(None, [doc.symbol, doc.issuer, str(doc.issued_on or "")]))
            documents.rows.append(Row(label or doc.title, doc.evidence, names, match))
        meeting = Section(gettext("Meeting"))
        if ex.meeting:
            m = ex.meeting
            label = f"{m.date or ''} · {m.kind} · {m.body} · " + gettext("chair: %(name)s") % {
                "name": m.chair or "—"
            }
            attendees = ", ".join([*m.attendees, *m.presenters])
            meeting.rows.append(Row(label, f"{m.evidence}\n{attendees}", [accept("meeting-keep")]))
        for i, item in enumerate(ex.agenda):
            names = [
                accept(f"agenda-{i}-keep"),
                text(f"agenda-{i}-title", item.title, _("title"), max_length=500),
            ]
            meeting.rows.append(
                Row(gettext("Agenda item %(n)d") % {"n": i + 1}, item.evidence, names)
            )
        photos = Section(gettext("Photos"))
        photo_blocks = [b for b in ex.blocks if b.kind == "photo"]
        for i, block in enumerate(photo_blocks):
            names = [
                accept(f"photo-{i}-keep"),
                text(f"photo-{i}-caption", block.text, _("caption"), long=True),
                text(f"photo-{i}-credit", block.credit, _("credit"), max_length=200),
            ]
            photos.rows.append(Row(", ".join(block.people) or "—", block.text, names))
        statements = Section(gettext("Statements"))
        for i, s in enumerate(ex.statements):
            self.fields[f"statement-{i}-kind"] = forms.ChoiceField(
                label=_("kind"),
                initial=s.kind,
                choices=[("paraphrase", _("paraphrase")), ("quote", _("direct quote"))],
            )
            names = [
                accept(f"statement-{i}-keep"),
                text(f"statement-{i}-text", s.text, _("text"), long=True),
                f"statement-{i}-kind",
            ]
            statements.rows.append(Row(f"{s.speaker} ({s.attribution})", s.evidence, names))
        targets = Section(gettext("Numeric targets (proposed: keep the ones that are targets)"))
        for i, t in enumerate(ex.targets):
            names = [
                accept(f"target-{i}-keep", initial=False),
                text(f"target-{i}-indicator", t.indicator, _("indicator"), long=True),
            ]
            # As the target pages will read it ("thuộc nhóm 10", "95%").
            goal = Target(value=t.value, unit=t.unit, measure=t.measure).value_text()
            label = goal + (f" · {t.deadline_year}" if t.deadline_year else "")
            targets.rows.append(Row(label, t.evidence, names))
        self.sections = [people, documents, meeting, photos, statements, targets]

    def warnings(self) -> list[str]:
        return warnings(self.extraction)

    def bound_sections(self) -> list[Section]:
        for section in self.sections:
            for row in section.rows:
                row.bound = [self[name] for name in row.fields]
        return [s for s in self.sections if s.rows]

    def reviewed(self) -> tuple[Extraction, dict[str, int], dict[str, int]]:
        """The extraction as the editor left it, and the matches they confirmed."""
        data, ex = self.cleaned_data, self.extraction
        existing_people: dict[str, int] = {}
        existing_documents: dict[str, int] = {}

        renamed: dict[str, str | None] = {}
        people = []
        for i, person in enumerate(ex.people):
            if not data.get(f"person-{i}-keep"):
                renamed[person.name] = None
                continue
            name = (data.get(f"person-{i}-name") or person.name).strip()
            renamed[person.name] = name
            titles = data.get(f"person-{i}-titles") or ""
            person.posts = [p for part in titles.split(";") for p in split_posts(part.strip())]
            if data.get(f"person-{i}-match") == EXISTING:
                existing_people[name] = self.matches.people[person.name].pk
            person.name = name
            people.append(person)
        ex.people = people

        def who(name: str) -> str:
            return renamed.get(name, name) or ""

        dropped_docs = set()
        documents = []
        for i, doc in enumerate(ex.documents):
            key = doc.ref = doc.key
            if not data.get(f"document-{i}-keep"):
                dropped_docs.add(key)
                continue
            doc.title = (data.get(f"document-{i}-title") or doc.title).strip()
            doc.symbol = (data.get(f"document-{i}-symbol") or "").strip()
            if data.get(f"document-{i}-match") == EXISTING:
                existing_documents[key] = self.matches.documents[key].pk
            documents.append(doc)
        # Keys stay those of the first reading (ref), so statements and the agenda keep links.
        ex.documents = documents

        if ex.meeting and not data.get("meeting-keep"):
            ex.meeting, ex.agenda = None, []
        if ex.meeting:
            ex.meeting.chair = who(ex.meeting.chair)
            ex.meeting.attendees = [n for n in map(who, ex.meeting.attendees) if n]
            ex.meeting.presenters = [n for n in map(who, ex.meeting.presenters) if n]
        agenda = []
        for i, item in enumerate(ex.agenda):
            if data.get(f"agenda-{i}-keep"):
                item.title = (data.get(f"agenda-{i}-title") or item.title).strip()
                item.presenter = who(item.presenter)
                item.document = "" if item.document in dropped_docs else item.document
                agenda.append(item)
        ex.agenda = agenda

        blocks, photo_index = [], 0
        for block in ex.blocks:
            if block.kind == "photo":
                i, photo_index = photo_index, photo_index + 1
                if not data.get(f"photo-{i}-keep"):
                    continue
                block.text = (data.get(f"photo-{i}-caption") or block.text).strip()
                block.credit = (data.get(f"photo-{i}-credit") or "").strip()
                block.people = [n for n in map(who, block.people) if n]
            blocks.append(block)
        ex.blocks = blocks

        statements = []
        for i, s in enumerate(ex.statements):
            if data.get(f"statement-{i}-keep") and who(s.speaker):
                s.speaker = who(s.speaker)
                s.text = (data.get(f"statement-{i}-text") or s.text).strip()
                s.kind = data.get(f"statement-{i}-kind") or s.kind
                s.documents = [k for k in s.documents if k not in dropped_docs]
                statements.append(s)
        ex.statements = statements
        targets = []
        for i, t in enumerate(ex.targets):
            if data.get(f"target-{i}-keep") and t.document not in dropped_docs:
                t.indicator = (data.get(f"target-{i}-indicator") or t.indicator).strip()
                targets.append(t)
        ex.targets = targets
        return ex, existing_people, existing_documents
