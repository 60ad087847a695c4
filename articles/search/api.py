"""`GET /api/v1/search`: the search page's machinery as JSON (registered in archive/api.py).

The query parameters are the search page's own (query.FIELDS), declared to ninja as plain
strings so the OpenAPI schema documents them while malformed values (a page that is not a
number, an unknown slug) become messages instead of 422 errors; the endpoint reads exactly
the parameters it declares.
"""

import datetime as dt
import keyword

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, create_model

from articles.search.query import FIELDS, LANGS, SearchTimeout, parse_params
from articles.search.results import search

router = Router(tags=["search"])


class SearchHit(Schema):
    type: str
    id: int
    title: str
    title_html: str
    snippet: str
    snippet_html: str
    url: str
    date: dt.date | None
    citation: str
    matched_in: list[str]
    # Why it was found: "words" (the query's words), "meaning" (a meaning near the question's).
    matched_by: list[str]


class FacetCount(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchResponse(Schema):
    query: str
    lang: str
    count: int
    count_is_lower_bound: bool
    page: int
    pages: int
    per_page: int
    results: list[SearchHit]
    facets: dict[str, list[FacetCount]]
    did_you_mean: list[str]
    messages: list[str]


class SearchError(Schema):
    detail: str


def query_schema() -> type[Schema]:
    """One query parameter per search parameter: a list where it may repeat, else a string."""
    fields = {
        # `from` is a Python keyword: the attribute gets a trailing _, the parameter keeps it.
        (f"{field.name}_" if keyword.iskeyword(field.name) else field.name): (
            list[str] if field.repeats else str,
            Field(
                default=[] if field.repeats else field.default,  # pydantic copies the list
                alias=field.name,
                description=field.help,
            ),
        )
        for field in FIELDS
    }
    return create_model("SearchQuery", __base__=Schema, **fields)


SearchQuery = query_schema()


DESCRIPTION = """Full-text search over articles, statements, people, organizations, documents,
targets, photo captions and meetings, in Vietnamese (diacritics optional) and English (stemmed).

`q` takes web-search syntax: `"quoted phrase"`, `-exclude`, `or`. Document symbols match in any
spelling (`11-QĐ/TW`, `11-QD/TW`, `11 qđ tw`); officials' names tolerate typos (see
`did_you_mean`). `title` and `snippet` are plain text in `lang`; `title_html` and `snippet_html`
are the same text HTML-escaped with matches wrapped in `<mark>`. The 1,000 most recent matches
are ranked and counted in the facets; beyond that `count` is 1,000 and `count_is_lower_bound`
is true (exports go up to 10,000). Filters combine;
`type`, `person`, `document` and `pillar` may repeat. Malformed parameters never fail: they are
ignored and explained in `messages`. A search cut short by the statement timeout answers 503."""


@router.get(
    "/search",
    response={200: SearchResponse, 503: SearchError},
    summary="Search the archive",
    description=DESCRIPTION,
)
def search_archive(request: HttpRequest, query: Query[SearchQuery]):
    data = query.model_dump(by_alias=True)
    params, messages = parse_params(data, data["lang"] if data["lang"] in LANGS else "vi")
    try:
        result = search(params, messages)
    except SearchTimeout:
        return Status(
            503, {"detail": "The search took too long and was stopped; narrow it and try again."}
        )
    return {
        "query": result.query.text,
        "lang": params.lang,
        "count": result.total,
        "count_is_lower_bound": result.total_capped,
        "page": result.page,
        "pages": result.pages,
        "per_page": params.per_page,
        "results": [
            {
                "type": hit.kind,
                "id": hit.object_id,
                "title": hit.title_text,
                "title_html": str(hit.title),
                "snippet": hit.snippet_text,
                "snippet_html": str(hit.snippet),
                "url": request.build_absolute_uri(hit.url) if hit.url else "",
                "date": hit.date,
                "citation": f"{hit.citation} {request.build_absolute_uri(hit.url)}".strip(),
                "matched_in": list(hit.matched),
                "matched_by": [why for why, yes in hit.why if yes],
            }
            for hit in result.hits
        ],
        "facets": {
            name: [
                {"value": f.value, "label": str(f.label), "count": f.count, "selected": f.selected}
                for f in items
            ]
            for name, items in result.facets.items()
        },
        "did_you_mean": result.suggestions,
        "messages": [str(m) for m in result.messages],
    }
