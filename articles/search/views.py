"""Search pages and exports. Thin: results.py and export.py do the querying.

Every search state lives in the query string (the parameters are declared once, in
query.FIELDS), so any page, chip or facet link is a shareable URL, and the exports take the
same parameters.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from archive.lib.spreadsheet import spreadsheet_safe
from archive.lib.text import is_english
from articles.search.entry import SearchEntry
from articles.search.export import export_rows
from articles.search.query import (
    FILTER_PARAMS,
    REPEATED_PARAMS,
    STATE_PARAMS,
    SearchParams,
    SearchTimeout,
    clean_query,
    parse_params,
)
from articles.search.results import SearchResult, search
from articles.site.feeds import ReaderSafeRss

RSS_ITEMS = 50


def current_lang() -> str:
    return "en" if is_english() else "vi"


def state_of(data: QueryDict) -> QueryDict:
    """The search state without the page number (and without unknown parameters)."""
    state = QueryDict(mutable=True)
    for name in STATE_PARAMS:
        kept = [v for v in data.getlist(name) if v.strip() and "\x00" not in v]
        if kept:
            state.setlist(name, kept)
    return state


def canonical_state(data: QueryDict, result: SearchResult) -> QueryDict:
    """The state as links should carry it: the cleaned query, filters by id (not slug)."""
    state = state_of(data)
    if "q" in state:
        state["q"] = result.query.text
    for name, ids in (
        ("person", result.params.person_ids),
        ("document", result.params.document_ids),
        ("pillar", result.params.pillar_ids),
    ):
        if name in state and ids:
            state.setlist(name, [str(i) for i in ids])
        elif name in state:
            state.pop(name)
    return state


def with_state(state: QueryDict, **changes: object) -> str:
    """`?query` of `state` with some parameters replaced (None removes them)."""
    changed = state.copy()
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        elif isinstance(value, list):
            changed.setlist(name, value)
        else:
            changed[name] = str(value)
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


def toggled(state: QueryDict, name: str, value: str) -> str:
    """Link that adds a facet value, or removes it when already chosen (type allows several)."""
    current = state.getlist(name)
    if value in current:
        return with_state(state, **{name: [v for v in current if v != value] or None})
    if name in REPEATED_PARAMS:
        return with_state(state, **{name: [*current, value]})
    return with_state(state, **{name: value})


def chips(result: SearchResult, state: QueryDict) -> list[tuple[str, str, str]]:
    """(what, label, link that removes it) for every active filter."""
    params, labels = result.params, result.selected_labels
    kinds = dict(SearchEntry.Kind.choices)
    found = [(_("Type"), str(kinds[kind]), toggled(state, "type", kind)) for kind in params.types]
    for name, title, ids in (
        ("person", _("Official"), params.person_ids),
        ("document", _("Document"), params.document_ids),
        ("pillar", _("Pillar"), params.pillar_ids),
    ):
        for object_id in ids:
            # Filters given by slug come back as ids: the link keeps the others.
            keep = [str(other) for other in ids if other != object_id]
            label = labels.get(name, {}).get(object_id, str(object_id))
            found.append((title, label, with_state(state, **{name: keep or None})))
    if state.get("year"):
        found.append((_("Year"), state["year"], with_state(state, year=None)))
    elif params.date_from and state.get("from"):
        found.append((_("From"), params.date_from.isoformat(), with_state(state, **{"from": None})))
    if params.date_to and not state.get("year") and state.get("to"):
        found.append((_("To"), params.date_to.isoformat(), with_state(state, to=None)))
    if params.match:
        language = _("Vietnamese") if params.match == "vi" else _("English")
        found.append((_("Matched in"), language, with_state(state, match=None)))
    return found


def export_links(state: QueryDict) -> dict[str, str]:
    query = f"?{state.urlencode()}" if state else ""
    return {fmt: reverse(f"articles:search-{fmt}") + query for fmt in ("csv", "json", "rss")}


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    params, messages = parse_params(request.GET, lang)
    status = 200
    try:
        result = search(params, messages)
    except SearchTimeout:
        result = SearchResult(params=params, query=clean_query(params.q), messages=messages)
        result.messages.append(
            _("This search took too long and was stopped. Try more specific words or a filter.")
        )
        status = 503
    state = canonical_state(request.GET, result)
    for name, items in result.facets.items():
        for item in items:
            item.url = toggled(state, name, item.value)
    context = {
        "result": result,
        "query_text": result.query.text or params.q[:300],
        "chips": chips(result, state),
        "clear_url": with_state(state, **dict.fromkeys(FILTER_PARAMS)),
        "sort_links": [
            (value, label, with_state(state, sort=value, page=None))
            for value, label in (
                ("relevance", _("relevance")),
                ("newest", _("newest")),
                ("oldest", _("oldest")),
            )
        ],
        "mode_links": [
            (value, label, with_state(state, mode=None if value == "hybrid" else value, page=None))
            for value, label in (
                ("hybrid", _("words and meaning")),
                ("semantic", _("meaning")),
                ("words", _("words only")),
            )
        ],
        "previous_url": with_state(state, page=result.page - 1) if result.page > 1 else "",
        "next_url": with_state(state, page=result.page + 1) if result.page < result.pages else "",
        "exports": export_links(state),
        # Everything but the words, which the form's own box sends.
        "hidden_state": [(k, v) for k in STATE_PARAMS if k != "q" for v in state.getlist(k)],
    }
    return render(request, "articles/search.html", context, status=status)


# ---------------------------------------------------------------- exports
#
# An export is built whole before anything is sent. The statement timeout can cut it short, and
# once a streamed download has started its status can no longer change: it would end as a
# normal 200 holding part of the results (a JSON document closed early looks complete to a
# program, and so does a CSV file). Built first, a cut export is a clear 503 instead and
# nothing partial leaves. The cost is memory: EXPORT_CAP (10,000) rows of bounded length
# (a title, a 300-character excerpt, a link and a citation), about 10 MB at the cap.


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


def export_params(request: HttpRequest) -> SearchParams:
    params, _messages = parse_params(request.GET, current_lang())
    return params


def export_filename(extension: str) -> str:
    return f"search-{timezone.localtime():%Y%m%d-%H%M%S}.{extension}"


ExportView = Callable[[HttpRequest], HttpResponse]


def refused_when_cut(*, as_json: bool = False) -> Callable[[ExportView], ExportView]:
    """An export the statement timeout cut answers 503 with a message in the page's language
    (JSON with `as_json`), and nothing of the export is sent."""

    def decorate(view: ExportView) -> ExportView:
        @wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            try:
                return view(request)
            except SearchTimeout:
                message = _(
                    "This export took too long and was stopped, so nothing was sent. "
                    "Try more specific words or a filter."
                )
                if as_json:
                    return JsonResponse({"detail": message}, status=503)
                return HttpResponse(message, content_type="text/plain; charset=utf-8", status=503)

        return wrapped

    return decorate


def attachment(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(extension)}"'
    return response


CSV_HEADER = ["type", "id", "title", "excerpt", "date", "permalink", "citation"]


@require_GET
@refused_when_cut()
def export_csv(request: HttpRequest) -> HttpResponse:
    params = export_params(request)
    out = io.StringIO()
    out.write("\ufeff")  # BOM: spreadsheet programs then read UTF-8
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in export_rows(params):
        link = absolute(request, row.url)
        writer.writerow(
            [
                row.kind,
                row.object_id,
                spreadsheet_safe(row.title),
                spreadsheet_safe(row.excerpt),
                row.date.isoformat() if row.date else "",
                link,
                spreadsheet_safe(f"{row.citation} {link}".strip()),
            ]
        )
    return attachment(out.getvalue(), "text/csv; charset=utf-8", "csv")


@require_GET
@refused_when_cut(as_json=True)
def export_json(request: HttpRequest) -> HttpResponse:
    params = export_params(request)
    results = []
    for row in export_rows(params):
        link = absolute(request, row.url)
        results.append(
            {
                "type": row.kind,
                "id": row.object_id,
                "title": row.title,
                "excerpt": row.excerpt,
                "date": row.date.isoformat() if row.date else None,
                "permalink": link,
                "citation": f"{row.citation} {link}".strip(),
            }
        )
    document = {"query": clean_query(params.q).text, "lang": params.lang, "results": results}
    return attachment(
        json.dumps(document, ensure_ascii=False), "application/json; charset=utf-8", "json"
    )


@require_GET
@refused_when_cut()
def export_rss(request: HttpRequest) -> HttpResponse:
    """The newest results as RSS, written by the site feeds' generator (articles/feeds.py): the
    echoed query and the records' text reach feed readers clean and as text, never markup."""
    params = export_params(request)
    params = replace(params, sort="newest")
    query = clean_query(params.q).text
    state = state_of(request.GET)
    page_url = absolute(request, reverse("articles:search")) + (
        f"?{state.urlencode()}" if state else ""
    )
    feed = ReaderSafeRss(
        title=_("Search: %(query)s") % {"query": query or "…"},
        link=page_url,
        description=_("The newest results of this search in the Nghệ An meeting archive."),
        language=params.lang,
        feed_url=request.build_absolute_uri(),
    )
    for row in export_rows(params, cap=RSS_ITEMS):
        link = absolute(request, row.url)
        feed.add_item(
            title=row.title,
            link=link,
            description=f"{row.excerpt}\n\n{row.citation}",
            unique_id=link,
            pubdate=timezone.make_aware(
                timezone.datetime.combine(row.date, timezone.datetime.min.time())
            )
            if row.date
            else None,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8"
    )
