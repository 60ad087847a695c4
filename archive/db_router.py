"""Send the public site's reads to a streaming replica, when DATABASE_REPLICA_URL configures one.

Reads go to the `replica` alias only for a GET or HEAD of a public page, a search, a feed, the
sitemap or the API, and only when all of these hold:

- the client did not write recently: any unsafe request (POST, PUT, PATCH, DELETE) and any admin
  request set a short-lived signed cookie that pins the client's reads to the primary for
  READ_YOUR_WRITES_SECONDS, so an editor sees their own change at once;
- the replica answered its last health check (at most one every REPLICA_CHECK_SECONDS per
  process), is still in recovery (a promoted replica has left the primary's timeline) and lags
  at most REPLICA_MAX_LAG_SECONDS, measured with pg_last_xact_replay_timestamp();
- the replica has replayed the last change to the records (the primary's WAL position, noted by
  archive/lib/page_cache.py with each content version): a page built from an older snapshot would be
  cached under the new version and served stale to everyone until the next change.

Everything else reads from the primary, every write goes to it, and sessions and users are always
read from it (a login must be seen by the next request). A request routed to the replica that
fails there (the replica stopped, a query cancelled by recovery) is answered again from the
primary, and the replica counts as down until its next check. Without DATABASE_REPLICA_URL none
of this is installed: one database, as before.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

from archive.lib import page_cache

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# Read on every request to identify the visitor: must see a login or logout the moment it happens.
PRIMARY_APPS = {"sessions", "auth"}
# Where the public site lives: the articles app (pages, search, feeds), the person pages
# (people), the API, the sitemap.
PUBLIC_NAMESPACES = {"articles", "people"}
PUBLIC_APP_NAMES = {"ninja"}
PUBLIC_URL_NAMES = {"sitemap", "robots"}
SAFE_METHODS = {"GET", "HEAD"}
PIN_COOKIE = "primary_reads"
PIN_SALT = "archive.db_router.read-your-writes"

_request: ContextVar[HttpRequest | None] = ContextVar("archive_db_request", default=None)


def lsn_value(lsn: str) -> int:
    """A PostgreSQL WAL position ("16/B374D848") as a number, comparable without a query."""
    high, low = lsn.split("/")
    return (int(high, 16) << 32) | int(low, 16)


class ReplicaState:
    """What this process knows about the replica; every thread of a worker shares it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.usable = False
        self.replayed = 0  # the highest WAL position the replica is known to have replayed

    def reset(self) -> None:
        with self.lock:
            self.checked_at = float("-inf")
            self.usable = False
            self.replayed = 0

    def mark_down(self) -> None:
        with self.lock:
            self.checked_at = time.monotonic()
            self.usable = False

    def is_usable(self) -> bool:
        with self.lock:
            if time.monotonic() - self.checked_at < settings.REPLICA_CHECK_SECONDS:
                return self.usable
            # One thread checks; the others keep the last answer meanwhile.
            self.checked_at = time.monotonic()
        usable = self.check()
        with self.lock:
            self.usable = usable
        return usable

    def check(self) -> bool:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute(
                    "SELECT pg_is_in_recovery(),"
                    # Nothing received but not replayed: caught up, however old the last
                    # transaction (an idle primary writes nothing).
                    " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                    " ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END,"
                    " pg_last_wal_replay_lsn()::text"
                )
                in_recovery, lag, replayed = cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Replica unavailable, reading from the primary: %s", error)
            close_replica()
            return False
        if not in_recovery:
            logger.error("The replica is not in recovery (promoted?): reading from the primary.")
            return False
        if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:
            logger.warning("Replica lags %s s, reading from the primary.", lag)
            return False
        self.note_replayed(replayed)
        return True

    def note_replayed(self, replayed: str | None) -> None:
        if replayed:
            with self.lock:
                self.replayed = max(self.replayed, lsn_value(replayed))

    def has_replayed(self, position: str) -> bool:
        """Whether the replica has replayed the WAL up to `position` (one query at most)."""
        if lsn_value(position) <= self.replayed:
            return True
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
                self.note_replayed(cursor.fetchone()[0])
        except DatabaseError:
            close_replica()
            self.mark_down()
            return False
        return lsn_value(position) <= self.replayed


replica_state = ReplicaState()


def close_replica() -> None:
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def is_public_read(request: HttpRequest) -> bool:
    match = request.resolver_match
    return bool(
        request.method in SAFE_METHODS
        and match
        and (
            match.namespace in PUBLIC_NAMESPACES
            or match.app_name in PUBLIC_APP_NAMES
            or match.url_name in PUBLIC_URL_NAMES
        )
    )


def is_pinned(request: HttpRequest) -> bool:
    return (
        request.get_signed_cookie(
            PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS
        )
        is not None
    )


def choose_database(request: HttpRequest) -> str:
    if not is_public_read(request) or is_pinned(request) or not replica_state.is_usable():
        return PRIMARY
    position = page_cache.content_position()
    if position and not replica_state.has_replayed(position):
        return PRIMARY
    return REPLICA


def reads_from(request: HttpRequest) -> str:
    """The database this request reads from, chosen once its URL is resolved."""
    database = getattr(request, "_read_database", None)
    if database is None:
        if request.resolver_match is None:
            return PRIMARY  # middleware before URL resolution: sessions, users
        database = request._read_database = choose_database(request)
    return database


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: object) -> str:
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        request = _request.get()
        # Outside a request (management commands, the shell, migrations): the primary.
        return reads_from(request) if request is not None else PRIMARY

    def db_for_write(self, model: type, **hints: object) -> str:
        return PRIMARY

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == PRIMARY


def wrote(request: HttpRequest) -> bool:
    match = request.resolver_match
    return request.method not in SAFE_METHODS or bool(match and match.app_name == "admin")


class ReplicaRoutingMiddleware:
    """First in MIDDLEWARE: it must see the whole request to answer it again from the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            response = self.get_response(request)
            if (
                getattr(request, "_read_database", None) == REPLICA
                and connections[REPLICA].errors_occurred
                and response.status_code >= 500
            ):
                # A GET or HEAD changes nothing, so it can be answered again.
                logger.warning(
                    "Replica failed while serving %s; answering from the primary.", request.path
                )
                close_replica()
                replica_state.mark_down()
                request._read_database = PRIMARY
                response = self.get_response(request)
        finally:
            _request.reset(token)
        if wrote(request):
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
