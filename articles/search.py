"""Search machinery: query cleaning, one bounded SQL statement per search page, exports, admin.

Pure functions over plain parameters so the benchmark can call them directly:

- `clean_query(text)` normalizes what a user typed (NFC, no NUL or control characters, bounded
  length) and works out the document symbols and the name it may contain;
- `parse_params(data, lang)` turns request parameters into `SearchParams` plus messages;
- `search(params)` runs one SQL statement under a statement timeout and returns the page of hits
  with escaped, marked snippets, the facet counts and "did you mean" suggestions;
- `export_rows(params)` streams up to EXPORT_CAP hits for the CSV/JSON/RSS exports;
- `SearchAdminMixin` gives admin search boxes the same matching.

Ranking is bounded: the newest CANDIDATE_CAP matches are ranked by cover density (plus a phrase,
exact-diacritics, symbol and name bonus); the total is counted up to the same bound (one more
row tells "more than"). Ranking or counting every match of a common word is what makes naive
full-text search slow (DESIGN.md section 6).
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.text import nfc
from articles.models import Document, Topic
from articles.search_index import SearchEntry
from articles.search_indexing import HIGHLIGHT_START, HIGHLIGHT_STOP
from people.models import Person

Kind = SearchEntry.Kind
LANGS = ("vi", "en")
SORTS = ("relevance", "newest", "oldest")
MAX_QUERY_CHARS = 300
MAX_QUERY_WORDS = 32
PER_PAGE = 20
CANDIDATE_CAP = 1000
EXPORT_CAP = 10_000
FACET_SIZE = 15
MAX_FILTER_VALUES = 10
NAME_MATCH = 0.6  # trigram similarity at which a person counts as found by name
NAME_SUGGEST = 0.5  # ... and at which "did you mean" offers them
TIMEOUT_MS = getattr(settings, "SEARCH_TIMEOUT_MS", 3000)
EXPORT_TIMEOUT_MS = getattr(settings, "SEARCH_EXPORT_TIMEOUT_MS", 15000)


class SearchTimeout(Exception):
    """The search ran past its statement timeout."""


# ---------------------------------------------------------------- query text


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (đ included) the way unaccent does."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def code_key(text: str) -> str:
    """Python twin of SQL vn_code_key(): '11-QĐ/TW' -> '11QDTW'."""
    return re.sub(r"[^0-9A-Z]+", "", fold(text).upper())


EXPLICIT_SYMBOL = re.compile(r"(?<![\w/-])(\d+(?:\s*[-/–]\s*[^\W_]+)+)(?![\w/-])")
SYMBOL_PART = re.compile(r"[^\W_]+")
SYMBOL_LETTERS = re.compile(r"[^\W\d_]{1,4}")
HYPHENATED = re.compile(r'(^|\s)([^\s"]+[-/–][^\s"]+)(?=\s|$)')
NAME_WORD = re.compile(r"[^\W\d_]+")
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
    plain_words = [w for w in re.findall(r"[^\W_]+", text.replace("-", " ")) if w.lower() != "or"]
    name_words = NAME_WORD.findall(text)
    looks_like_name = 2 <= len(words) <= 5 and len(name_words) == len(words)
    return CleanQuery(
        text=text,
        fts=fts_prep(text),
        plain=" ".join(plain_words),
        symbol_keys=tuple(dict.fromkeys(keys)),
        rest=fts_prep(rest) if keys and rest else "",
        name=" ".join(name_words) if looks_like_name else "",
        has_diacritics=fold(text) != text,
        truncated=truncated,
    )


# ---------------------------------------------------------------- parameters


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


SLUG = re.compile(r"[-\w]{1,200}")


def values(data: Mapping, name: str) -> list[str]:
    raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    items = [str(v).replace("\x00", "").strip() for v in raw]
    return [v for v in items if v][:MAX_FILTER_VALUES]


def resolve(
    items: list[str], slug_fields: Sequence[str], model, messages: list, label
) -> list[int]:
    """Ids or slugs to ids; one query when slugs are given, a message for unknown ones."""
    numbers = [v for v in items if NUMBER.fullmatch(v)]
    ids = {int(v) for v in numbers}
    slugs = [v for v in items if v not in numbers and SLUG.fullmatch(v)]
    bad = [v for v in items if v not in numbers and not SLUG.fullmatch(v)]
    if slugs:
        condition = Q()
        for name in slug_fields:
            condition |= Q(**{f"{name}__in": slugs})
        found = dict.fromkeys(slugs)
        for row in model.objects.filter(condition).values("id", *slug_fields):
            ids.add(row["id"])
            for name in slug_fields:
                found[row[name]] = row["id"]
        bad += [slug for slug, pk in found.items() if pk is None]
    for value in bad:
        messages.append(
            _("Unknown %(what)s “%(value)s”: that filter was ignored.")
            % {"what": label, "value": value[:60]}
        )
    return sorted(ids)


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
    params = SearchParams(
        q=first("q"),
        lang=lang if lang in LANGS else "vi",
        types=types,
        person_ids=tuple(
            resolve(values(data, "person"), ["slug"], Person, messages, _("official"))
        ),
        document_ids=tuple(
            resolve(
                values(data, "document"), ["slug_vi", "slug_en"], Document, messages, _("document")
            )
        ),
        pillar_ids=tuple(
            resolve(values(data, "pillar"), ["slug_vi", "slug_en"], Topic, messages, _("pillar"))
        ),
        date_from=date_from,
        date_to=date_to,
        match=first("match") if first("match") in LANGS else "",
        sort=first("sort") if first("sort") in SORTS else "relevance",
        page=parse_page(first("page"), messages),
        public_only=public_only,
    )
    return params, messages


# ---------------------------------------------------------------- SQL


HEADLINE_TITLE = f'HighlightAll=true, StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}"'
HEADLINE_SNIPPET = (
    f'MaxFragments=2, MinWords=8, MaxWords=30, FragmentDelimiter=" … ", '
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}"'
)
# y/i spelling variants (Quý = Quí) are folded in by public.vi_aliases() (see the migration).
TSQUERY = {
    "vi": "public.vi_aliases(websearch_to_tsquery('public.vi', %(fts)s))",
    "en": "public.vi_aliases(websearch_to_tsquery('public.en_vn', %(fts)s))",
    "rest_vi": "public.vi_aliases(websearch_to_tsquery('public.vi', %(rest)s))",
    "rest_en": "public.vi_aliases(websearch_to_tsquery('public.en_vn', %(rest)s))",
}
ORDERS = {
    "relevance": "c.score DESC, c.date DESC NULLS LAST, c.id DESC",
    "newest": "c.date DESC NULLS LAST, c.id DESC",
    "oldest": "c.date ASC NULLS LAST, c.id ASC",
}


@dataclass
class SqlBuilder:
    """The pieces of the search SQL for one query; every value goes in as a parameter."""

    params: SearchParams
    query: CleanQuery
    args: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        q = self.query
        self.args.update(
            fts=q.fts,
            plain=q.plain,
            rest=q.rest,
            codes=list(q.symbol_keys),
            name=q.name,
            exact=q.has_diacritics,
            types=list(self.params.types),
            persons=list(self.params.person_ids),
            documents=list(self.params.document_ids),
            pillars=list(self.params.pillar_ids),
            date_from=self.params.date_from,
            date_to=self.params.date_to,
            name_match=NAME_MATCH,
        )

    @property
    def has_text(self) -> bool:
        return bool(self.query.fts)

    def q_cte(self) -> str:
        return f"""q AS (SELECT {TSQUERY["vi"]} AS vi, {TSQUERY["en"]} AS en,
            websearch_to_tsquery('public.vi_exact', %(fts)s) AS ex,
            phraseto_tsquery('public.vi', %(plain)s) AS pvi,
            phraseto_tsquery('public.en_vn', %(plain)s) AS pen)"""

    def names_cte(self) -> str:
        """People whose accent-folded, y/i-unified name is close to the query (typos)."""
        if not self.query.name:
            return (
                "names AS (SELECT NULL::bigint AS object_id, NULL::text AS title,"
                " 0::real AS sim, '' AS key WHERE false)"
            )
        public = "AND n.public_from <= now()" if self.params.public_only else ""
        return f"""names AS (
            SELECT n.object_id, n.title_vi AS title, similarity(n.name_key, k.key) AS sim,
                   n.name_key AS key
            FROM public.search_entry n, (SELECT public.vn_name_key(%(name)s) AS key) k
            WHERE n.kind = 'person' AND n.name_key %% k.key {public}
            ORDER BY sim DESC, n.object_id LIMIT 5)"""  # noqa: S608 - constant fragments, values are parameters

    def text_match(self) -> str:
        match = self.params.match
        # Written out (not taken from q): an immutable expression of constants is folded at
        # planning, so the GIN indexes take it as an index condition and the planner knows
        # how common the words are (date order for common words, bitmap scan for rare ones).
        vi, en = f"e.search_vi @@ {TSQUERY['vi']}", f"e.search_en @@ {TSQUERY['en']}"
        return vi if match == "vi" else en if match == "en" else f"({vi} OR {en})"

    def where(self) -> str:
        p = self.params
        conditions = []
        if p.public_only:
            conditions.append("e.public_from <= now()")
        if p.types:
            conditions.append("e.kind = ANY(%(types)s)")
        if p.person_ids:
            conditions.append("e.person_ids @> %(persons)s::bigint[]")
        if p.document_ids:
            conditions.append("e.document_ids @> %(documents)s::bigint[]")
        if p.pillar_ids:
            conditions.append("e.pillar_ids @> %(pillars)s::bigint[]")
        if p.date_from:
            conditions.append("e.date >= %(date_from)s")
        if p.date_to:
            conditions.append("e.date <= %(date_to)s")
        ways = []
        if self.has_text:
            ways.append(self.text_match())
        if self.query.symbol_keys:
            rest = (
                f" AND (e.search_vi @@ {TSQUERY['rest_vi']} OR e.search_en @@ {TSQUERY['rest_en']})"
                if self.query.rest
                else ""
            )
            ways.append(f"(e.code_keys && %(codes)s::text[]{rest})")
        if self.query.name:
            # An array parameter keeps this branch an index condition on (kind, object_id),
            # so the whole OR is answered by the indexes without re-reading any vector.
            ways.append(
                "(e.kind = 'person' AND e.object_id = ANY(ARRAY("
                "SELECT object_id FROM names WHERE sim >= %(name_match)s)))"
            )
        if ways:
            conditions.append("(" + " OR ".join(ways) + ")")
        elif self.query.text:
            conditions.append("false")
        return " AND ".join(conditions) or "true"

    def score(self) -> str:
        if not (self.has_text or self.query.symbol_keys or self.query.name):
            return "0"
        parts = ["0"]
        if self.has_text:
            parts.append(
                "GREATEST("
                "CASE WHEN e.search_vi @@ q.vi THEN ts_rank_cd(e.search_vi, q.vi) "
                "+ ts_rank_cd(e.search_vi, q.pvi) ELSE 0 END, "
                "CASE WHEN e.search_en @@ q.en THEN ts_rank_cd(e.search_en, q.en) "
                "+ ts_rank_cd(e.search_en, q.pen) ELSE 0 END)"
            )
            if self.query.has_diacritics:
                # The user typed diacritics: words spelled exactly so outrank folded look-alikes.
                parts.append(
                    "CASE WHEN e.search_exact @@ q.ex"
                    " THEN 0.2 + ts_rank_cd(e.search_exact, q.ex) ELSE 0 END"
                )
        if self.query.symbol_keys:
            parts.append("CASE WHEN e.code_keys && %(codes)s::text[] THEN 1 ELSE 0 END")
            parts.append("CASE WHEN e.symbol_key = ANY(%(codes)s::text[]) THEN 1 ELSE 0 END")
        if self.query.name:
            # A name query is about the person: their own record outranks texts naming them.
            parts.append(
                "COALESCE((SELECT 3 * sim FROM names WHERE names.object_id = e.object_id"
                " AND e.kind = 'person' AND sim >= %(name_match)s), 0)"
            )
        return " + ".join(parts)

    def candidates(self, cap: int) -> str:
        """`cand`: the newest `cap` matches (cheap columns only); `scored`: them, ranked.

        `matches` holds one row more than `cap`, so its count tells "more than `cap`" without a
        second scan. Ranking reads each row's vectors, so it runs on the bounded set only. The
        order matches the (date DESC, id DESC) index, so for a common word the planner can walk
        it and stop after `cap` matches instead of reading every match.
        """
        in_vi = "e.search_vi @@ q.vi" if self.has_text else "false"
        in_en = "e.search_en @@ q.en" if self.has_text else "false"
        self.args["cap"] = cap
        return f"""matches AS MATERIALIZED (
            SELECT e.id, e.kind, e.date, e.person_ids, e.document_ids, e.pillar_ids
            FROM public.search_entry e WHERE {self.where()}
            ORDER BY e.date DESC, e.id DESC LIMIT %(cap)s + 1),
        cand AS MATERIALIZED (SELECT * FROM matches ORDER BY date DESC, id DESC LIMIT %(cap)s),
        scored AS MATERIALIZED (
            SELECT c.id, c.date, {in_vi} AS in_vi, {in_en} AS in_en,
                   ({self.score()})::float8 AS score
            FROM cand c JOIN public.search_entry e ON e.id = c.id, q)"""  # noqa: S608 - constant fragments, values are parameters

    def labels(self, facet: str, table: str, label: str) -> str:
        return f"""(SELECT coalesce(json_agg(json_build_array(f.v, f.n, {label})
                                 ORDER BY f.n DESC, f.v), '[]')
            FROM (SELECT unnest({facet}_ids) AS v, count(*) AS n FROM cand GROUP BY v
                  ORDER BY n DESC, v LIMIT {FACET_SIZE}) f JOIN {table} t ON t.id = f.v)"""  # noqa: S608 - constant fragments, values are parameters

    def selected(self, arg: str, table: str, label: str) -> str:
        return f"""(SELECT coalesce(json_agg(json_build_array(t.id, {label})), '[]')
            FROM {table} t WHERE t.id = ANY(%({arg})s::bigint[]))"""  # noqa: S608 - constant fragments, values are parameters

    def page_sql(self) -> str:
        """One statement: count, candidates, ranked page with headlines, facets and labels."""
        p = self.params
        lang = p.lang
        self.args.update(per_page=p.per_page, offset=(p.page - 1) * p.per_page)
        self.args.update(hl_title=HEADLINE_TITLE, hl_snippet=HEADLINE_SNIPPET)
        order = ORDERS[p.sort]
        person_label = "t.full_name"
        title = f"coalesce(nullif(t.title_{lang}, ''), t.title_vi)"
        document_label = f"coalesce(nullif(t.symbol, ''), left({title}, 80))"
        pillar_label = f"coalesce(nullif(t.name_{lang}, ''), t.name_vi)"
        people, documents, topics = (
            Person._meta.db_table,
            Document._meta.db_table,
            Topic._meta.db_table,
        )
        if self.has_text:
            vi_title = "ts_headline('public.vi', e.title_vi, q.vi, %(hl_title)s)"
            vi_snippet = (
                "ts_headline('public.vi', concat_ws(' ', e.lead_vi, e.body_vi), q.vi,"
                " %(hl_snippet)s)"
            )
            en_title = "ts_headline('public.en_vn', e.title_en, q.en, %(hl_title)s)"
            en_snippet = (
                "ts_headline('public.en_vn', concat_ws(' ', e.lead_en, e.body_en), q.en,"
                " %(hl_snippet)s)"
            )
        else:
            vi_title, en_title = "e.title_vi", "e.title_en"
            vi_snippet = "left(concat_ws(' ', e.lead_vi, e.body_vi), 240)"
            en_snippet = "left(concat_ws(' ', e.lead_en, e.body_en), 240)"
        if lang == "en":
            title = f"CASE WHEN e.title_en <> '' THEN {en_title} ELSE {vi_title} END"
            snippet = f"CASE WHEN e.title_en <> '' THEN {en_snippet} ELSE {vi_snippet} END"
        else:
            title, snippet = vi_title, vi_snippet
        # A page past the end shows the last page instead of nothing.
        offset = (
            "LEAST(%(offset)s,"
            " GREATEST((SELECT count(*) FROM cand) - 1, 0) / %(per_page)s * %(per_page)s)"
        )
        return f"""WITH {self.q_cte()}, {self.names_cte()},
        {self.candidates(CANDIDATE_CAP)},
        page AS (SELECT c.id, c.score, c.in_vi, c.in_en, row_number() OVER (ORDER BY {order}) AS ord
                 FROM scored c ORDER BY {order} LIMIT %(per_page)s OFFSET {offset})
        SELECT json_build_object(
          'total', (SELECT count(*) FROM matches),
          'candidates', (SELECT count(*) FROM cand),
          'offset', {offset},
          'lexemes', (SELECT numnode(vi) + numnode(en) FROM q),
          'names', (SELECT coalesce(json_agg(json_build_array(object_id, title, sim, key,
                    (SELECT public.vn_name_key(%(name)s)))), '[]') FROM names),
          'rows', (SELECT coalesce(json_agg(json_build_object(
                    'kind', e.kind, 'id', e.object_id, 'date', e.date, 'score', p.score,
                    'in_vi', p.in_vi, 'in_en', p.in_en,
                    'url', CASE WHEN %(lang)s = 'en' THEN e.url_en ELSE e.url_vi END,
                    'citation', CASE WHEN %(lang)s = 'en' AND e.citation_en <> '' THEN e.citation_en
                                     ELSE e.citation_vi END,
                    'title', {title}, 'snippet', {snippet}) ORDER BY p.ord), '[]')
                   FROM page p JOIN public.search_entry e ON e.id = p.id, q),
          'facets', json_build_object(
            'type', (SELECT coalesce(json_agg(json_build_array(kind, n)
                                              ORDER BY n DESC, kind), '[]')
                     FROM (SELECT kind, count(*) AS n FROM cand GROUP BY kind) t),
            'year', (SELECT coalesce(json_agg(json_build_array(y, n) ORDER BY y DESC), '[]')
                     FROM (SELECT extract(year FROM date)::int AS y, count(*) AS n FROM cand
                           WHERE date IS NOT NULL GROUP BY y) t),
            'match', json_build_array(
                json_build_array('vi', (SELECT count(*) FROM scored WHERE in_vi)),
                json_build_array('en', (SELECT count(*) FROM scored WHERE in_en))),
            'person', {self.labels("person", people, person_label)},
            'document', {self.labels("document", documents, document_label)},
            'pillar', {self.labels("pillar", topics, pillar_label)}),
          'selected', json_build_object(
            'person', {self.selected("persons", people, person_label)},
            'document', {self.selected("documents", documents, document_label)},
            'pillar', {self.selected("pillars", topics, pillar_label)}))"""  # noqa: S608 - constant fragments, values are parameters

    def export_sql(self, cap: int) -> str:
        text = "CASE WHEN %(lang)s = 'en' AND e.title_en <> '' THEN e.{0}_en ELSE e.{0}_vi END"
        return f"""WITH {self.q_cte()}, {self.names_cte()}, {self.candidates(cap)}
        SELECT e.kind, e.object_id, {text.format("title")},
               left(concat_ws(' ', {text.format("lead")}, {text.format("body")}), 300),
               e.date, CASE WHEN %(lang)s = 'en' THEN e.url_en ELSE e.url_vi END,
               CASE WHEN %(lang)s = 'en' AND e.citation_en <> '' THEN e.citation_en
                    ELSE e.citation_vi END,
               c.score
        FROM scored c JOIN public.search_entry e ON e.id = c.id
        ORDER BY {ORDERS[self.params.sort]}"""  # noqa: S608 - constant fragments, values are parameters


def run_bounded(sql: str, args: Mapping | Sequence, timeout_ms: int = TIMEOUT_MS):
    """Run one statement under SET LOCAL statement_timeout; a timeout raises SearchTimeout."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)", [f"{int(timeout_ms)}ms"]
            )
            cursor.execute(sql, args)
            return cursor.fetchone()[0]
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":
            raise SearchTimeout from error
        raise


# ---------------------------------------------------------------- results


def mark(headline: str) -> SafeString:
    """Escape a ts_headline result, then turn its sentinels into <mark> (never trust the text)."""
    return mark_safe(  # noqa: S308 - escaped on this very line
        escape(headline or "").replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def unmark(headline: str) -> str:
    return (headline or "").replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")


@dataclass
class Hit:
    kind: str
    object_id: int
    title: SafeString
    snippet: SafeString
    title_text: str
    snippet_text: str
    url: str
    date: dt.date | None
    citation: str
    score: float
    matched: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def matched_only_in_english(self) -> bool:
        return self.matched == ("en",)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    params: SearchParams
    query: CleanQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    candidates: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    selected_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    searched: bool = False

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.params.per_page + 1


def to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build_result(
    params: SearchParams, query: CleanQuery, data: dict, messages: list[str]
) -> SearchResult:
    total = data["total"]
    capped = total > CANDIDATE_CAP
    hits = [
        Hit(
            kind=row["kind"],
            object_id=row["id"],
            title=mark(row["title"]),
            snippet=mark(row["snippet"]),
            title_text=unmark(row["title"]),
            snippet_text=unmark(row["snippet"]),
            url=row["url"],
            date=to_date(row["date"]),
            citation=row["citation"],
            score=row["score"],
            matched=tuple(lang for lang in LANGS if row[f"in_{lang}"]),
        )
        for row in data["rows"]
    ]
    candidates = data["candidates"]
    pages = (candidates + params.per_page - 1) // params.per_page
    page = data["offset"] // params.per_page + 1 if candidates else 1
    if params.page > page and candidates:
        messages.append(
            _("Page %(asked)s is past the end: showing page %(page)s.")
            % {"asked": params.page, "page": page}
        )
    facets = data["facets"]
    selected = {
        "type": set(params.types),
        "person": {str(i) for i in params.person_ids},
        "document": {str(i) for i in params.document_ids},
        "pillar": {str(i) for i in params.pillar_ids},
        "match": {params.match},
        "year": {str(params.date_from.year)}
        if params.date_from and params.date_to and params.date_from.year == params.date_to.year
        else set(),
    }
    built = {
        "type": [FacetValue(k, Kind(k).label, n) for k, n in facets["type"]],
        "person": [FacetValue(str(v), label, n) for v, n, label in facets["person"]],
        "document": [FacetValue(str(v), label, n) for v, n, label in facets["document"]],
        "pillar": [FacetValue(str(v), label, n) for v, n, label in facets["pillar"]],
        "year": [FacetValue(str(y), str(y), n) for y, n in facets["year"]],
        "match": [
            FacetValue(lang, {"vi": _("Vietnamese"), "en": _("English")}[lang], n)
            for lang, n in facets["match"]
            if n
        ],
    }
    for name, items in built.items():
        for item in items:
            item.selected = item.value in selected[name]
    suggestions = []
    for _id, title, sim, key, query_key in data["names"]:
        same_length = len(key.split()) == len((query_key or "").split())
        if sim >= NAME_SUGGEST and key != query_key and same_length and title not in suggestions:
            suggestions.append(title)
    if data["lexemes"] == 0 and not query.symbol_keys and not query.name and query.text:
        messages.append(_("Your search has no words we can look for (only operators or symbols)."))
    return SearchResult(
        params=params,
        query=query,
        hits=hits,
        total=min(total, CANDIDATE_CAP),
        total_capped=capped,
        candidates=candidates,
        page=page,
        pages=pages,
        facets=built,
        selected_labels={
            name: {v: label for v, label in data["selected"][name]}
            for name in ("person", "document", "pillar")
        },
        suggestions=suggestions[:3],
        messages=messages,
        searched=True,
    )


def search(params: SearchParams, messages: list[str] | None = None) -> SearchResult:
    """Run a search page; raises SearchTimeout when the statement timeout cuts it short."""
    messages = list(messages or [])
    query = clean_query(params.q)
    if query.truncated:
        messages.append(
            ngettext(
                "Your search was too long: only its first %(n)s character was used.",
                "Your search was too long: only its first %(n)s characters were used.",
                len(query.text),
            )
            % {"n": len(query.text)}
        )
    if not query.text and not params.has_filters:
        return SearchResult(params=params, query=query, messages=messages)
    builder = SqlBuilder(params, query)
    builder.args["lang"] = params.lang
    data = run_bounded(builder.page_sql(), builder.args)
    return build_result(params, query, data, messages)


# ---------------------------------------------------------------- exports


@dataclass(frozen=True)
class ExportRow:
    kind: str
    object_id: int
    title: str
    excerpt: str
    date: dt.date | None
    url: str
    citation: str
    score: float


def export_rows(
    params: SearchParams, cap: int = EXPORT_CAP, batch: int = 500
) -> Iterator[ExportRow]:
    """Every hit of a search (at most `cap`), fetched from a server-side cursor in batches.

    Meant to be consumed inside a streaming response: the transaction (and the statement
    timeout) lasts as long as the iteration.
    """
    query = clean_query(params.q)
    if not query.text and not params.has_filters:
        return
    builder = SqlBuilder(params, query)
    builder.args["lang"] = params.lang
    sql = builder.export_sql(cap)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [f"{EXPORT_TIMEOUT_MS}ms"]
                )
            with connection.chunked_cursor() as cursor:
                cursor.execute(sql, builder.args)
                while rows := cursor.fetchmany(batch):
                    for row in rows:
                        yield ExportRow(*row)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":
            raise SearchTimeout from error
        raise


# ---------------------------------------------------------------- admin


def matching_ids(kind: str, text: str) -> list[int]:
    """Ids of objects of `kind` matching `text` in either language, drafts included (admin)."""
    params = SearchParams(q=text, types=(kind,), public_only=False, sort="newest")
    query = clean_query(text)
    if not query.text:
        return []
    builder = SqlBuilder(params, query)
    sql = f"""WITH {builder.q_cte()}, {builder.names_cte()}
        SELECT array_agg(e.object_id) FROM (
            SELECT e.object_id FROM public.search_entry e
            WHERE {builder.where()} LIMIT %(cap)s) e"""  # noqa: S608 - values are parameters
    builder.args["cap"] = EXPORT_CAP
    return run_bounded(sql, builder.args) or []


class SearchAdminMixin:
    """Admin search through the search index: both languages, diacritics optional, symbols.

    Use on the ModelAdmin of an indexed model (Article, Statement, Person, Organization,
    Document, Target, Photo, Meeting); keep `search_fields` so the box shows, e.g.

        class ArticleAdmin(SearchAdminMixin, TabbedTranslationAdmin):
            search_fields = ["title_vi"]

    Objects matching through the index or through `search_fields` are both kept.
    """

    def get_search_results(self, request, queryset, search_term: str):
        from articles.search_indexing import KIND_OF_MODEL

        filtered, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        kind = KIND_OF_MODEL.get(self.model)
        if not kind or not search_term.strip():
            return filtered, may_have_duplicates
        try:
            found = matching_ids(kind, search_term)
        except SearchTimeout:
            return filtered, may_have_duplicates
        return filtered | queryset.filter(pk__in=found), may_have_duplicates
