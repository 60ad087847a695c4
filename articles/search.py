"""Search machinery: query cleaning, one bounded SQL statement per search page, exports, admin.

Pure functions over plain parameters so the benchmark can call them directly (query cleaning
and parameters live in search_query.py, the SQL in search_sql.py; this module is the entry):

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.lib.db import is_statement_timeout
from articles.search_indexing import HIGHLIGHT_START, HIGHLIGHT_STOP
from articles.search_query import (
    CANDIDATE_CAP,
    EXPORT_CAP,
    LANGS,
    NAME_SUGGEST,
    CleanQuery,
    Kind,
    SearchParams,
    SearchTimeout,
    clean_query,
    parse_params,
)
from articles.search_sql import SqlBuilder, bound_transaction, run_bounded

__all__ = [
    "SearchAdminMixin",
    "SearchParams",
    "SearchResult",
    "SearchTimeout",
    "clean_query",
    "export_rows",
    "parse_params",
    "run_bounded",
    "search",
]

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

    The transaction (and the statement timeout, SEARCH_EXPORT_TIMEOUT_MS, read at each export)
    lasts as long as the iteration; a timeout raises SearchTimeout, possibly after some rows.
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
                bound_transaction(cursor, settings.SEARCH_EXPORT_TIMEOUT_MS)
            with connection.chunked_cursor() as cursor:
                cursor.execute(sql, builder.args)
                while rows := cursor.fetchmany(batch):
                    for row in rows:
                        yield ExportRow(*row)
    except OperationalError as error:
        if is_statement_timeout(error):
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
