"""What an extraction names that the archive already holds.

A match is a proposal with its evidence, never a decision: the review screen (or the command's
--accept-matches) confirms each one before create.py links to the existing record.
"""

from dataclasses import dataclass

from django.db.models import Q, Value

from articles.ingest.parse import DocumentMention, Extraction, title_key
from articles.models import Document
from articles.search import code_key
from people.models import Organization, Person, VnNameKey


@dataclass(frozen=True)
class Candidate:
    pk: int
    label: str
    evidence: str


@dataclass
class Matches:
    people: dict[str, Candidate | None]
    documents: dict[str, Candidate | None]


def match_person(name: str) -> Candidate | None:
    """Same name key (accents, case and y/i folded, as Person.name_key), or a recorded alias."""
    person = (
        Person.objects.filter(Q(name_key=VnNameKey(Value(name))) | Q(aliases__contains=[name]))
        .prefetch_related("positions")
        .order_by("pk")
        .first()
    )
    if person is None:
        return None
    titles = "; ".join(p.title for p in person.positions.all()) or "—"
    how = "alias" if name in person.aliases else "name key"
    return Candidate(person.pk, person.full_name, f"{how}: {person.full_name} ({titles})")


def organization_for(text: str) -> Organization | None:
    """The organization a printed body names: its full or short name, abbreviations and the
    province's name aside; else the shortest organization whose name contains the text."""
    key = title_key(text)
    if not key:
        return None
    containing = []
    for org in Organization.objects.only("pk", "name_vi", "short_name_vi"):
        names = [title_key(org.name_vi or ""), title_key(org.short_name_vi or "")]
        if key in names:
            return org
        if any(f" {key} " in f" {name} " for name in names if name):
            containing.append(org)
    return min(containing, key=lambda o: len(o.name_vi or ""), default=None)


def match_document(doc: DocumentMention) -> Candidate | None:
    """Identity is symbol + issuer + date; a side the text does not print is not compared."""
    if doc.symbol:
        found = Document.objects.filter(symbol_key=code_key(doc.symbol))
        if doc.issued_on:
            found = found.filter(Q(issued_on=doc.issued_on) | Q(issued_on__isnull=True))
        issuer = organization_for(doc.issuer) if doc.issuer else None
        if issuer:
            found = found.filter(Q(issuer=issuer) | Q(issuer__isnull=True))
        why = "symbol key " + code_key(doc.symbol)
    else:
        found = Document.objects.filter(title_vi__unaccent__iexact=doc.title)
        why = "same title"
    document = found.select_related("issuer").order_by("pk").first()
    if document is None:
        return None
    parts = [why, str(document.issuer or "—"), str(document.issued_on or "—")]
    return Candidate(document.pk, str(document), " · ".join(parts))


def find_matches(extraction: Extraction) -> Matches:
    return Matches(
        people={p.name: match_person(p.name) for p in extraction.people},
        documents={d.key: match_document(d) for d in extraction.documents},
    )
