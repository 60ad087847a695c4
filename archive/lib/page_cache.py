"""Whole-page caching of the public pages, per language, with conditional GET.

A public page (an `articles` or `people` view) or a JSON API detail (one record by id) answered
200 to an anonymous GET without a query string is stored in the "pages" cache under a key holding
the content version, the scheme and host, the language and the path. Pages whose content is their
query string (the search page, the API's search and lists) are stored the same way, the query
string in the key, in the "queries" cache instead: each process's own memory, bounded
(QUERY_CACHE_ENTRIES), so a flood of distinct queries only evicts other searches, and never
slows the shared cache (the file-based one lists its directory to cull).
Any save or delete of a record (articles or people apps) bumps the content version once its
transaction commits, so every page is rebuilt on its next request; the version lives in the same
shared cache, so this holds across gunicorn workers (and across servers when the cache is
shared). The version is also the pages' Last-Modified; the ETag is a hash of the page. A client
that sends the current ETag or date gets a 304.

Never cached: anything for a visitor with a session cookie (staff, previews, admin users), pages
that hold a CSRF token or used the CSP nonce, responses setting cookies or marked private, other
pages with a query string, and the search exports (large, and named by the time). Scheduled
publication does not save anything, so entries also expire after PUBLIC_PAGE_CACHE_SECONDS
(0 turns both caches off) or, for queries, QUERY_CACHE_SECONDS (0 turns that cache off).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

CACHE_ALIAS = "pages"
QUERY_CACHE_ALIAS = "queries"
VERSION_KEY = "content-version"
POSITION_KEY = "content-wal-position"
CACHED_APPS = ("articles", "people")
UNCACHED_MODELS = {"searchentry"}  # the index follows the records; its own writes change nothing


def page_cache():
    return caches[CACHE_ALIAS]


def scoped(key: str) -> str:
    """The key within this database: checkouts and test runs may share one cache directory."""
    db = connection.settings_dict
    where = hashlib.sha256(f"{db['HOST']}:{db['PORT']}/{db['NAME']}".encode()).hexdigest()[:16]
    return f"{where}:{key}"


def content_version() -> float:
    """When the records last changed (seconds since the epoch), shared by every process."""
    cache = page_cache()
    version = cache.get(scoped(VERSION_KEY))
    if version is None:
        cache.add(scoped(VERSION_KEY), time.time(), None)
        version = cache.get(scoped(VERSION_KEY)) or time.time()
    return version


def bump_content_version() -> None:
    if "replica" in settings.DATABASES:
        # Noted before the version, so whoever sees the new version also sees where the change is
        # in the primary's WAL: archive/db_router.py builds no page from a replica behind it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            page_cache().set(scoped(POSITION_KEY), cursor.fetchone()[0], None)
    page_cache().set(scoped(VERSION_KEY), max(time.time(), content_version() + 1e-6), None)


def content_position() -> str | None:
    """The primary's WAL position after the last change to the records (with a replica only)."""
    return page_cache().get(scoped(POSITION_KEY))


def record_changed(sender: type, **kwargs: object) -> None:
    meta = sender._meta
    if meta.app_label in CACHED_APPS and meta.model_name not in UNCACHED_MODELS:
        # After commit: a page read before the commit must not outlive it under the new version.
        transaction.on_commit(bump_content_version)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(record_changed, dispatch_uid=f"page_cache_{signal}")


def is_api_detail(match: ResolverMatch) -> bool:
    """One record of the JSON API by id (/api/v1/articles/7): django-ninja names an operation
    after its function, and every detail endpoint is a `get_<kind>`. Its JSON is built once per
    content version, like a page; lists (paged, filtered) and search are built per request."""
    return match.namespace == "api" and (match.url_name or "").startswith("get_")


def answers_queries(match: ResolverMatch) -> bool:
    """The search page, and the API's search and lists: built from their query strings alone."""
    name = match.url_name or ""
    if match.namespace == "api":
        return name.startswith(("search_", "list_"))
    return match.namespace == "articles" and name == "search"


def is_public_page(match: ResolverMatch) -> bool:
    return is_api_detail(match) or (
        match.namespace in ("articles", "people")
        and not (match.url_name or "").startswith("search")
    )


def cache_for(request: HttpRequest) -> tuple[BaseCache, int] | None:
    """The cache that may answer `request` and its entries' lifetime in seconds, or None when
    the page must be built for this request."""
    match = request.resolver_match
    if (
        settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
        or request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or match is None
    ):
        return None
    if answers_queries(match):
        seconds = settings.QUERY_CACHE_SECONDS
        return (caches[QUERY_CACHE_ALIAS], seconds) if seconds > 0 else None
    if is_public_page(match) and not request.META.get("QUERY_STRING"):
        return page_cache(), settings.PUBLIC_PAGE_CACHE_SECONDS
    return None


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    nonce = getattr(request, "_csp_nonce", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not nonce  # a cached page would replay one nonce to everyone
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "Cookie" not in response.get("Vary", "")
        and not (hasattr(request, "session") and request.session.accessed)
    )


def mark_validators(response: HttpResponse, version: float) -> None:
    response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["Last-Modified"] = http_date(version)
    # Browsers revalidate every time (a 304 costs a round trip, not a page build).
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


class PublicPageCacheMiddleware:
    """Serve and store public pages (after auth and locale middleware: it needs the language)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def key(self, request: HttpRequest, version: float) -> str:
        # The scheme too: the API's JSON holds absolute URLs (http:// or https://). The query
        # string as sent (not reordered: the order of repeated filters shows on the page).
        where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        path = hashlib.sha256(where.encode()).hexdigest()
        return scoped(f"page:{version!r}:{get_language()}:{path}")

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        request._page_cache = cache_for(request)
        if request._page_cache is None:
            return None
        request._page_cache_version = content_version()
        cached = request._page_cache[0].get(self.key(request, request._page_cache_version))
        if cached is None:
            return None
        request._page_cache_hit = True
        return self.conditional(request, cached)

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(request._page_cache_version),
            response=response,
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        version = getattr(request, "_page_cache_version", None)
        if version is None or getattr(request, "_page_cache_hit", False):
            return response
        if not may_store(request, response):
            return response
        mark_validators(response, version)
        cache, seconds = request._page_cache
        cache.set(self.key(request, version), response, seconds)
        return self.conditional(request, response)
