"""Database trouble that is not the request's fault: a statement timeout for every request, and
a 503 instead of a 500 traceback when the database is lost or a query runs past that timeout.

With CONN_HEALTH_CHECKS on, the next request after the database returns opens a fresh connection,
so the site recovers without a restart.
"""

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from archive.errors import error_page, is_api
from archive.lib.db import is_statement_timeout

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_error_response(request: HttpRequest, exception: Exception) -> HttpResponse | None:
    """A 503 for a query stopped by its timeout or a database that does not answer, in JSON
    under /api/; None for any other error, which stays a 500."""
    if is_statement_timeout(exception):
        # Logged with its traceback: a page that runs this long is a fault to find and fix.
        logger.error("Statement timeout while serving %s", request.path, exc_info=exception)
        if is_api(request):
            response: HttpResponse = JsonResponse(
                {"detail": "The request took too long and was stopped; please try again later."},
                status=503,
            )
        else:
            response = error_page(request, "503_timeout.html", 503)
    elif isinstance(exception, OperationalError | InterfaceError):
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        if is_api(request):
            response = JsonResponse(
                {"detail": "The database is temporarily unavailable; please retry shortly."},
                status=503,
            )
        else:
            # Rendered without a request: no context processor may touch the database.
            response = HttpResponse(render_to_string("503.html"), status=503)
    else:
        return None
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_error_response(request, exception)


class RoleStatementTimeout:
    """A connection execute wrapper that sets the statement timeout just before a request's first
    query, so a request that needs no database (a cached page, /healthz while it is down) costs
    no round trip.

    A plain SET: it lasts as long as the connection, which CONN_MAX_AGE keeps from one request to
    the next whatever that one's role, so every request sets its own (SET LOCAL would end with the
    first transaction). Set inside a transaction, the setting goes if the transaction is rolled
    back, so it is set again at the first query outside one; and again on a new connection. It is
    connection set-up, like Django's own on connecting, so it does not show in the query log.
    """

    def __init__(self, timeout_ms: int) -> None:
        self.value = f"{int(timeout_ms)}ms"
        self.set_on: Any = None  # the DB-API connection it was set on
        self.lasting = False  # set outside a transaction, so no rollback can undo it

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict
    ) -> Any:
        db = context["connection"]
        if self.set_on is not db.connection or (not self.lasting and not db.in_atomic_block):
            with db.wrap_database_errors:
                context["cursor"].cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)", [self.value]
                )
            self.set_on = db.connection
            self.lasting = not db.in_atomic_block
        return execute(sql, params, many, context)


def is_admin(request: HttpRequest) -> bool:
    try:
        return request.path_info.startswith(reverse("admin:index"))
    except NoReverseMatch:  # a URLconf without the admin (some tests use one)
        return False


class StatementTimeoutMiddleware:
    """Give every query of a request the statement timeout of its role: settings
    STATEMENT_TIMEOUT_MS["admin"] under the admin, ["public"] for pages, feeds and the API.
    Management commands never pass here and run without one; search sets a shorter one of its
    own for each of its transactions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout_ms = settings.STATEMENT_TIMEOUT_MS["admin" if is_admin(request) else "public"]
        # Every database the request may read from: the primary and, when configured, a replica.
        with contextlib.ExitStack() as stack:
            for db in connections.all():
                stack.enter_context(db.execute_wrapper(RoleStatementTimeout(timeout_ms)))
            return self.get_response(request)
