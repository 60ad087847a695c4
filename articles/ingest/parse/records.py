"""What `parse_article` returns: an `Extraction` of mentions, each with the text it came from."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from articles.ingest.parse.text import words

# The same key as Document.symbol_key (SQL vn_code_key), written once in articles/search/query.py.
from articles.search import code_key


@dataclass
class Post:
    """One printed title: 'Trưởng ban Dân vận Tỉnh ủy' = role 'Trưởng ban' + body 'Dân vận…'."""

    title: str
    role: str
    organization: str


@dataclass
class PersonMention:
    name: str
    posts: list[Post] = field(default_factory=list)
    evidence: str = ""  # the sentence that names them with their titles


@dataclass
class Block:
    kind: str  # heading | paragraph | photo
    text: str
    credit: str = ""
    people: list[str] = field(default_factory=list)  # names a caption shows


@dataclass
class DocumentMention:
    kind: str
    symbol: str
    title: str
    issuer: str
    issued_on: dt.date | None
    draft: bool
    evidence: str
    ref: str = ""  # the key as first read, kept when the editor corrects symbol or title

    @property
    def key(self) -> str:
        return self.ref or document_key(self)


def document_key(doc: DocumentMention) -> str:
    if doc.symbol:
        return "sym:" + code_key(doc.symbol)
    return "title:" + " ".join(words(doc.title))


@dataclass
class AgendaMention:
    title: str
    document: str  # a DocumentMention key, or ""
    presenter: str  # a name, or ""
    evidence: str


@dataclass
class MeetingMention:
    date: dt.date | None
    time_of_day: str
    kind: str
    body: str
    chair: str
    attendees: list[str]
    presenters: list[str]
    other_attendees: str
    evidence: str


@dataclass
class StatementMention:
    speaker: str
    attribution: str
    kind: str  # paraphrase | quote
    text: str
    documents: list[str]  # DocumentMention keys
    evidence: str
    block: int  # index in Extraction.blocks


@dataclass
class TargetMention:
    indicator: str
    value: Decimal | None
    unit: str
    deadline_year: int | None
    document: str  # a DocumentMention key, or ""
    evidence: str
    measure: str = "quantity"  # or "rank": in the top `value` ("thuộc nhóm 10 …"), no unit


@dataclass
class Extraction:
    title: str = ""
    byline: str = ""
    published_at: dt.datetime | None = None
    lead: str = ""
    blocks: list[Block] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    documents: list[DocumentMention] = field(default_factory=list)
    meeting: MeetingMention | None = None
    agenda: list[AgendaMention] = field(default_factory=list)
    statements: list[StatementMention] = field(default_factory=list)
    targets: list[TargetMention] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def person(self, name: str) -> PersonMention | None:
        return next((p for p in self.people if p.name == name), None)
