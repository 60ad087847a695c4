"""A page of search results: run the page's one SQL statement and build what the page shows.

`search(params)` runs one statement under a statement timeout (sql.py) and returns the page of
hits with escaped, marked snippets, the facet counts and "did you mean" suggestions.

Ranking is bounded: the newest CANDIDATE_CAP matches are ranked by cover density (plus a phrase,
exact-diacritics, symbol and name bonus); the total is counted up to the same bound (one more
row tells "more than"). Ranking or counting every match of a common word is what makes naive
full-text search slow (DESIGN.md section 6).
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.search import vocabulary
from articles.search.entry import HIGHLIGHT_START, HIGHLIGHT_STOP
from articles.search.query import (
    CANDIDATE_CAP,
    LANGS,
    NAME_SUGGEST,
    CleanQuery,
    Kind,
    SearchParams,
    clean_query,
    wants_meaning,
)
from articles.search.semantic.backends import SemanticUnavailable
from articles.search.semantic.neighbours import query_vector
from articles.search.snippets import excerpt, statement_title
from articles.search.sql import SqlBuilder, people_named, run_bounded

# A query with tone marks matches them exactly; under this many results the search falls back
# to folded matching (tone-exact results first) and says so.
FEW_EXACT = 5
LABEL_CHARS = 70  # facet labels are cut between words


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
    snippet_lang: str = "vi"
    by_words: bool = True  # why it matched: its words, a meaning near the question, or both
    by_meaning: bool = False

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def why(self) -> tuple[tuple[str, bool], ...]:
        return (("words", self.by_words), ("meaning", self.by_meaning))

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
    # How the words were matched: "exact" (tone marks as typed), "folded" (with or without
    # them), "partial" (not every word: nothing had them all).
    matching: str = "folded"

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.params.per_page + 1


def to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """A facet label of at most about `limit` characters, cut between words."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:–-—") + "…"


def hit_of(row: dict) -> Hit:
    title = row["title"] or ""
    if row["kind"] == Kind.STATEMENT:
        title = statement_title(title, row["lead"] or "")
    snippet = excerpt(row["lead"], row["body"])
    return Hit(
        kind=row["kind"],
        object_id=row["id"],
        title=mark(title),
        snippet=mark(snippet),
        title_text=unmark(title),
        snippet_text=unmark(snippet),
        url=row["url"],
        date=to_date(row["date"]),
        citation=row["citation"],
        score=row["score"],
        matched=tuple(lang for lang in LANGS if row[f"in_{lang}"]),
        snippet_lang=row["snippet_lang"],
        by_words=row["by_words"],
        by_meaning=row["by_meaning"],
    )


def build_result(
    params: SearchParams, query: CleanQuery, data: dict, messages: list[str]
) -> SearchResult:
    total = data["total"]
    capped = total > CANDIDATE_CAP
    hits = [hit_of(row) for row in data["rows"]]
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
        "document": [
            FacetValue(str(v), short_label(label), n) for v, n, label in facets["document"]
        ],
        "pillar": [FacetValue(str(v), short_label(label), n) for v, n, label in facets["pillar"]],
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
            name: {v: short_label(label) for v, label in data["selected"][name]}
            for name in ("person", "document", "pillar")
        },
        suggestions=suggestions[:3],
        messages=messages,
        searched=True,
    )


def meaning_of(params: SearchParams, query: CleanQuery, messages: list[str]) -> str:
    """The question's vector for meaning search ('' for words only); without the model a
    message, and the search goes on by words."""
    if not wants_meaning(params, query):
        return ""
    try:
        return query_vector(query.text)
    except SemanticUnavailable:
        messages.append(_("Meaning search is not available: results match your words only."))
        return ""


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
    query = recognise_name(params, query)
    if query.named_people:
        messages.append(
            _(
                "Showing what names %(name)s. To find these words anywhere in the texts, "
                "put them in quotes."
            )
            % {"name": query.text}
        )
    vector = meaning_of(params, query, messages)
    data, how = match_by_tone(params, query, vector)
    matching = "exact" if how.get("exact") else "folded"
    if how.get("exact_first"):
        messages.append(_("Also showing results without tone marks."))
    suggestion = ""
    if query.fts and (data["total"] == 0 or (query.exact_fts and matching == "folded")):
        # Nothing found, or too little with these tone marks: the archive's own spelling.
        suggestion = vocabulary.suggest(query.text)
    # Quotes ask for that phrase and nothing looser.
    if data["total"] == 0 and query.fts and '"' not in query.text:
        partial = partial_query(query)
        if partial:
            data = run_page(params, partial, vector)
            if data["total"]:
                matching = "partial"
                messages.append(
                    _("Nothing has all of your words: showing results with some of them.")
                )
    result = build_result(params, query, data, messages)
    result.matching = matching
    if suggestion and suggestion not in result.suggestions:
        result.suggestions.insert(0, suggestion)
    return result


def recognise_name(params: SearchParams, query: CleanQuery) -> CleanQuery:
    """The query with the people whose name it is, when it is one (diacritics and y/i aside).
    Quoted, it is words again: the way to find the syllables anywhere."""
    if not query.name or query.has_phrase or params.mode == "semantic":
        return query
    return replace(query, named_people=people_named(query.name, params.public_only))


def match_by_tone(
    params: SearchParams, query: CleanQuery, vector: str = ""
) -> tuple[dict, dict[str, bool]]:
    """The first page of results and how its words were matched (SqlBuilder's flags).

    A query with tone marks matches them exactly, unless that finds fewer than FEW_EXACT
    and folded matching (tone-exact results first) finds more. Only word matches count:
    what meaning search adds says nothing of the spelling. The page and the exports both
    decide here, so a download holds the results the page showed.
    """
    if not query.by_tone:
        return run_page(params, query, vector), {}
    data = run_page(params, query, vector, exact=True)
    if data["words"] < FEW_EXACT:
        folded = run_page(params, query, vector, exact_first=True)
        if folded["words"] > data["words"]:
            return folded, {"exact_first": True}
    return data, {"exact": True}


def run_page(params: SearchParams, query: CleanQuery, vector: str = "", **how: bool) -> dict:
    """One page of results; `vector` is the question's meaning ('' for words only)."""
    builder = SqlBuilder(params, query, vector=vector, **how)
    builder.args["lang"] = params.lang
    return run_bounded(builder.page_sql(), builder.args)


def partial_query(query: CleanQuery) -> CleanQuery | None:
    """The query's words joined by `or` (excluded words stay excluded): ranking by cover
    density puts the entries holding most of them first. None for a single word."""
    words = [w for w in query.fts.replace('"', " ").split() if w.lower() != "or"]
    wanted = [w for w in words if not w.startswith("-")]
    if len(wanted) < 2:
        return None
    excluded = [w for w in words if w.startswith("-")]
    fts = " or ".join(wanted) + "".join(f" {w}" for w in excluded)
    return replace(query, fts=fts, exact_fts="", name="", named_people=())
