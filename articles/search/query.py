"""What a researcher asked: the query text cleaned and the search parameters parsed.

Pure functions: `clean_query(text)` normalizes what a user typed (NFC, no NUL or control
characters, bounded length) and works out the document symbols and the name it may contain;
`parse_params(data, lang)` turns request parameters into `SearchParams`, and anything malformed
into a message instead of an error.

FIELDS declares the search parameters once: the search page and its exports (views.py), the
API (api.py, whose OpenAPI parameters are built from it) and parse_params() all read it.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from archive.lib.text import fold, nfc
from articles import visibility
from articles.models import Document, Topic
from articles.search.entry import HIGHLIGHT_START, HIGHLIGHT_STOP, SearchEntry
from people.models import Person

Kind = SearchEntry.Kind
LANGS = ("vi", "en")
SORTS = ("relevance", "newest", "oldest")
# hybrid: words and meaning fused (the default); semantic: meaning only; words: words only.
MODES = ("hybrid", "semantic", "words")
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 32
PER_PAGE = 20
CANDIDATE_CAP = 1000
EXPORT_CAP = 10_000
FACET_SIZE = 15
MAX_FILTER_VALUES = 10
NAME_MATCH = 0.6  # trigram similarity at which a person counts as found by name
NAME_SUGGEST = 0.5  # ... and at which "did you mean" offers them
# The statement timeouts are settings.SEARCH_TIMEOUT_MS and SEARCH_EXPORT_TIMEOUT_MS, read when a
# search runs (not here at import, where override_settings could not reach them).


class SearchTimeout(Exception):
    """The search ran past its statement timeout."""


# ---------------------------------------------------------------- query text


def code_key(text: str) -> str:
    """Python twin of SQL vn_code_key(): '11-QĐ/TW' -> '11QDTW'."""
    return re.sub(r"[^0-9A-Z]+", "", fold(text).upper())


EXPLICIT_SYMBOL = re.compile(r"(?<![\w/-])(\d+(?:\s*[-/–]\s*[^\W_]+)+)(?![\w/-])")
SYMBOL_PART = re.compile(r"[^\W_]+")
SYMBOL_LETTERS = re.compile(r"[^\W\d_]{1,4}")
HYPHENATED = re.compile(r'(^|\s)([^\s"]+[-/–][^\s"]+)(?=\s|$)')
NAME_WORD = re.compile(r"[^\W\d_]+")
EXCLUDED = re.compile(r"(?:^|\s)-[^\W_]")  # websearch_to_tsquery's "-word"
NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only: str.isdigit() accepts '²' and '٣'


@dataclass(frozen=True)
class CleanQuery:
    text: str = ""  # what we search for, as shown back to the user
    fts: str = ""  # for websearch_to_tsquery: symbols quoted, - and / folded to spaces
    plain: str = ""  # the words alone, for the phrase bonus
    symbol_keys: tuple[str, ...] = ()
    rest: str = ""  # fts without the symbols, required beside a symbol match
    name: str = ""  # the query when it looks like a person's name
    has_diacritics: bool = False
    truncated: bool = False
    # For the tone-exact search (results.py): what must match with its diacritics as typed,
    # checked on `search_exact`; '' when the query carries no tone marks.
    exact_fts: str = ""
    # The people whose name `name` is, diacritics and y/i aside (results.recognise_name): the
    # search finds what names them, not every text holding the name's common syllables.
    named_people: tuple[int, ...] = ()

    @property
    def has_phrase(self) -> bool:
        """Quoted words or a hyphenated/slashed token, searched as a phrase."""
        return '"' in self.fts

    @property
    def only_symbols(self) -> bool:
        """Document symbols and no other word: found by their keys (code_keys, every spelling
        of the symbol folded to one), without reading any text."""
        return bool(self.symbol_keys) and not self.rest

    @property
    def by_tone(self) -> bool:
        """Whether tone marks decide what matches: typed, and in words that are matched as
        words (a recognised name matches its people, a symbol its keys)."""
        return bool(self.exact_fts) and not (self.named_people or self.only_symbols)

    @property
    def is_precise(self) -> bool:
        """A document symbol, a quoted phrase, an excluded word (-word) or a person's name says
        exactly what to find: meaning adds nothing to it in the default mode (only
        ?mode=semantic asks for it). A hyphenated word (e-government) is searched as a phrase
        but asks for no precision."""
        quoted = '"' in self.text
        return (
            bool(self.symbol_keys or self.named_people)
            or quoted
            or EXCLUDED.search(self.fts) is not None
        )


def fts_prep(text: str) -> str:
    """Python twin of SQL vn_query_prep(): hyphenated tokens become phrases, - and / spaces."""
    text = HYPHENATED.sub(r'\1"\2"', text)
    return re.sub(r"(\S)[-/–]+", r"\1 ", text)


def symbols_in(text: str) -> tuple[list[str], str]:
    """Document symbols in the query and the query without them.

    '11-QĐ/TW' anywhere counts; so does a query made only of a number and short letter groups
    in any order ('11 qđ tw', 'qđ 11/tw'): Party symbols put the number first.
    """
    parts = SYMBOL_PART.findall(text.replace('"', " "))
    numbers = [p for p in parts if NUMBER.fullmatch(p)]
    letters = [p for p in parts if SYMBOL_LETTERS.fullmatch(p)]
    if len(numbers) == 1 and letters and len(parts) == len(letters) + 1 and len(parts) <= 4:
        found, rest = [code_key(numbers[0] + "".join(letters))], ""
    else:
        found = [code_key(m) for m in EXPLICIT_SYMBOL.findall(text)]
        rest = EXPLICIT_SYMBOL.sub(" ", text)
    return [key for key in found if re.search(r"[A-Z]", key)], " ".join(rest.split())


OR_WORDS = frozenset({"hoặc", "hoac"})
NOT_WORDS = frozenset({"KHÔNG", "KHONG"})


def vietnamese_operators(text: str) -> str:
    """`hoặc` works as `or`, and `KHÔNG` in capitals as `-` (not), outside quotes.

    "hoặc"/"hoac" (any case) between two terms becomes `or`. "không" is one of the commonest
    Vietnamese words ("không gian", "không khí", "ô nhiễm không khí"), so only KHÔNG/KHONG written
    in capitals, after another term and before a term not in capitals, excludes that term:
    `chuyển đổi số KHÔNG kinh tế`. An all-capitals query ("KHÔNG GIAN MẠNG") stays words.
    """
    parts = text.split('"')
    for at in range(0, len(parts), 2):  # even parts are outside quotes
        tokens = parts[at].split(" ")
        words = [i for i, token in enumerate(tokens) if token]
        for place, i in enumerate(words):
            before, after = place > 0 or at > 0, place + 1 < len(words)
            token = tokens[i]
            if token.lower() in OR_WORDS and before and (after or at + 1 < len(parts)):
                tokens[i] = "or"
            elif token in NOT_WORDS and before and after:
                following = tokens[words[place + 1]]
                if following != following.upper() and not following.startswith("-"):
                    tokens[i], tokens[words[place + 1]] = "", "-" + following
        edges = (" " if parts[at][:1] == " " else "", " " if parts[at][-1:] == " " else "")
        parts[at] = edges[0] + " ".join(token for token in tokens if token) + edges[1]
    return '"'.join(parts)


def exact_words(fts: str) -> str:
    """What the tone-exact search checks with diacritics: in a plain list of words, the words
    typed with tone marks (the others match with or without them); with quotes, `or` or `-`,
    the whole query, so the operators keep their meaning."""
    words = fts.split()
    if '"' in fts or any(w.lower() == "or" or w.startswith("-") for w in words):
        return fts
    return " ".join(w for w in words if fold(w) != w)


def clean_query(raw: str) -> CleanQuery:
    # Lone surrogates cannot be sent to PostgreSQL; control characters (NUL!) are dropped.
    text = raw.encode("utf-8", "ignore").decode("utf-8")
    text = nfc(text).translate({HIGHLIGHT_START: " ", HIGHLIGHT_STOP: " "})
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
    text = " ".join(text.split())
    truncated = False
    if len(text) > MAX_QUERY_CHARS:
        text, truncated = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS], True
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        text, truncated = " ".join(words[:MAX_QUERY_WORDS]), True
    if not text:
        return CleanQuery()
    keys, rest = symbols_in(text)
    searched = vietnamese_operators(text)
    plain_words = [
        w for w in re.findall(r"[^\W_]+", searched.replace("-", " ")) if w.lower() != "or"
    ]
    name_words = NAME_WORD.findall(text)
    looks_like_name = 2 <= len(words) <= 5 and len(name_words) == len(words)
    return CleanQuery(
        text=text,
        fts=fts_prep(searched),
        plain=" ".join(plain_words),
        symbol_keys=tuple(dict.fromkeys(keys)),
        rest=fts_prep(vietnamese_operators(rest)) if keys and rest else "",
        name=" ".join(name_words) if looks_like_name else "",
        has_diacritics=fold(text) != text,
        truncated=truncated,
        exact_fts=exact_words(fts_prep(searched)) if fold(text) != text else "",
    )


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Field:
    """One search parameter of the query string (the page, its exports and the API share them)."""

    name: str
    help: str  # the API documentation's description
    default: str = ""
    repeats: bool = False  # may be given several times; the values combine
    filter: bool = False  # narrows the results ("clear filters" removes it)
    state: bool = True  # carried by the page's links (the page number and language are not)


FIELDS = (
    Field("q", "What to look for."),
    Field(
        "type",
        "article, statement, person, organization, document, target, photo, meeting.",
        repeats=True,
        filter=True,
    ),
    Field("person", "An official's id or slug.", repeats=True, filter=True),
    Field("document", "A document's id or slug.", repeats=True, filter=True),
    Field("pillar", "A pillar's or topic's id or slug.", repeats=True, filter=True),
    Field("year", "Only this year (YYYY).", filter=True),
    Field("match", "Only matches in this language: vi or en.", filter=True),
    Field("from", "From this date (YYYY-MM-DD or YYYY).", filter=True),
    Field("to", "Up to this date (YYYY-MM-DD or YYYY).", filter=True),
    Field("sort", "relevance, newest or oldest.", default="relevance"),
    Field(
        "mode",
        "hybrid (words and meaning), semantic (meaning only: an English question finds the"
        " Vietnamese that answers it) or words (words only).",
        default="hybrid",
    ),
    Field("page", "Page number, 20 results a page.", default="1", state=False),
    # The pages take their language from the URL (/en/...), the API from this parameter.
    Field("lang", "Language of titles, snippets and URLs: vi or en.", default="vi", state=False),
)
FIELD_NAMES = frozenset(field.name for field in FIELDS)
REPEATED_PARAMS = tuple(field.name for field in FIELDS if field.repeats)
FILTER_PARAMS = tuple(field.name for field in FIELDS if field.filter)
STATE_PARAMS = tuple(field.name for field in FIELDS if field.state)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    lang: str = "vi"  # the language titles and snippets are shown in
    types: tuple[str, ...] = ()
    person_ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()
    pillar_ids: tuple[int, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    match: str = ""  # only matches in this language ('vi' / 'en'), '' for both
    sort: str = "relevance"
    mode: str = "hybrid"
    page: int = 1
    per_page: int = PER_PAGE
    public_only: bool = True

    @property
    def has_filters(self) -> bool:
        return bool(
            self.types
            or self.person_ids
            or self.document_ids
            or self.pillar_ids
            or self.date_from
            or self.date_to
            or self.match
        )


def wants_meaning(params: SearchParams, query: CleanQuery) -> bool:
    """Whether the search asks for meaning: ?mode=semantic always, the default hybrid mode
    unless the words are precise (CleanQuery.is_precise), ?mode=words never."""
    if not query.text or params.mode == "words":
        return False
    return params.mode == "semantic" or not query.is_precise


SLUG = re.compile(r"[-\w]{1,200}")


def values(data: Mapping, name: str) -> list[str]:
    """The non-empty values of parameter `name` (at most MAX_FILTER_VALUES), NUL removed."""
    if name not in FIELD_NAMES:
        raise KeyError(f"{name!r} is not a search parameter (declare it in FIELDS)")
    raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    items = [str(v).replace("\x00", "").strip() for v in raw]
    return [v for v in items if v][:MAX_FILTER_VALUES]


def resolve(
    items: list[str], slug_fields: Sequence[str], records: QuerySet, messages: list, label
) -> list[int]:
    """Ids or slugs of `records` to ids, in one query; a message for each value that names no
    such record. `records` is what the user may see, so a hidden record's id or slug reads
    exactly like one that does not exist."""
    wanted = {v: int(v) for v in items if NUMBER.fullmatch(v)}
    slugs = [v for v in items if v not in wanted and SLUG.fullmatch(v)]
    bad = [v for v in items if v not in wanted and v not in slugs]
    found: set[int] = set()
    if wanted or slugs:
        condition = Q(pk__in=list(wanted.values()))
        for name in slug_fields:
            condition |= Q(**{f"{name}__in": slugs})
        rows = list(records.filter(condition).values("id", *slug_fields))
        found = {row["id"] for row in rows}
        named = {row[name] for row in rows for name in slug_fields}
        bad += [v for v, pk in wanted.items() if pk not in found]
        bad += [slug for slug in slugs if slug not in named]
    for value in bad:
        messages.append(
            _("Unknown %(what)s “%(value)s”: that filter was ignored.")
            % {"what": label, "value": value[:60]}
        )
    return sorted(found)


def parse_date(value: str, end: bool, messages: list) -> dt.date | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"[0-9]{4}", value):
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        messages.append(
            _("“%(value)s” is not a date (use YYYY-MM-DD or YYYY): ignored.")
            % {"value": value[:30]}
        )
        return None


def parse_page(value: str, messages: list) -> int:
    if not value:
        return 1
    if re.fullmatch(r"[0-9]{1,6}", value) and int(value) >= 1:
        return int(value)
    message = _("“%(value)s” is not a page number: showing page 1.")
    messages.append(message % {"value": value[:30]})
    return 1


def parse_params(
    data: Mapping, lang: str = "vi", public_only: bool = True
) -> tuple[SearchParams, list[str]]:
    """Search parameters from a request's GET data; anything malformed becomes a message."""
    messages: list[str] = []

    def first(name: str) -> str:
        return (values(data, name) or [""])[0]

    types = tuple(t for t in values(data, "type") if t in Kind.values)
    date_from = parse_date(first("from"), end=False, messages=messages)
    date_to = parse_date(first("to"), end=True, messages=messages)
    year = first("year")
    if re.fullmatch(r"[0-9]{4}", year) and int(year) >= 1:
        date_from, date_to = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    # Filters name only what the searcher may find: the public's records, or every record.
    people, documents, topics = (
        (visibility.people(), visibility.documents(), visibility.topics())
        if public_only
        else (Person.objects.all(), Document.objects.all(), Topic.objects.all())
    )
    params = SearchParams(
        q=first("q"),
        lang=lang if lang in LANGS else "vi",
        types=types,
        person_ids=tuple(
            resolve(values(data, "person"), ["slug"], people, messages, _("official"))
        ),
        document_ids=tuple(
            resolve(
                values(data, "document"), ["slug_vi", "slug_en"], documents, messages, _("document")
            )
        ),
        pillar_ids=tuple(
            resolve(values(data, "pillar"), ["slug_vi", "slug_en"], topics, messages, _("pillar"))
        ),
        date_from=date_from,
        date_to=date_to,
        match=first("match") if first("match") in LANGS else "",
        sort=first("sort") if first("sort") in SORTS else "relevance",
        mode=first("mode") if first("mode") in MODES else "hybrid",
        page=parse_page(first("page"), messages),
        public_only=public_only,
    )
    return params, messages
