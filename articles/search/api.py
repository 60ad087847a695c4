"""`GET /api/v1/search`: the search page's machinery as JSON (registered in archive/api.py).

Parameters are declared as plain strings so the OpenAPI schema documents them while malformed
values (a page that is not a number, an unknown slug) become messages instead of 422 errors.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from articles.search.results import SearchTimeout, parse_params, search

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
def search_archive(
    request: HttpRequest,
    q: str = Query("", description="What to look for."),
    lang: str = Query("vi", description="Language of titles, snippets and URLs: vi or en."),
    type: list[str] = Query(  # noqa: A002, B008 - ninja's way to declare a query parameter
        None,
        description="article, statement, person, organization, document, target, photo, meeting.",
    ),
    person: list[str] = Query(None, description="An official's id or slug."),  # noqa: B008
    document: list[str] = Query(None, description="A document's id or slug."),  # noqa: B008
    pillar: list[str] = Query(None, description="A pillar's or topic's id or slug."),  # noqa: B008
    date_from: str = Query("", alias="from", description="From this date (YYYY-MM-DD or YYYY)."),
    date_to: str = Query("", alias="to", description="Up to this date (YYYY-MM-DD or YYYY)."),
    year: str = Query("", description="Only this year (YYYY)."),
    match: str = Query("", description="Only matches in this language: vi or en."),
    sort: str = Query("relevance", description="relevance, newest or oldest."),
    page: str = Query("1", description="Page number, 20 results a page."),
):
    params, messages = parse_params(request.GET, lang if lang in ("vi", "en") else "vi")
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
