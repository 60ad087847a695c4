"""Throttle admin logins against brute force: once an address or a username has made
MAX_FAILURES attempts within a window without logging in, further attempts are refused with 429
until the window passes.

Counts live in a table of the database (archive_login_attempt, migration 0002), which every
gunicorn worker and every app server shares. An attempt is counted before its password is
checked, by one atomic statement that returns the new count: however many attempts arrive at
once, no more than MAX_FAILURES of them get as far as the password check. A successful login
clears its address's and its username's counts.
"""

import hashlib
import unicodedata
from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.db import DatabaseError, connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from archive.middleware import database_error_response

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60

# A window starts with the first attempt and is not extended by later ones. Keys are locked in
# sorted order, so two concurrent statements never wait on each other in a cycle.
COUNT_ATTEMPT = """
    INSERT INTO archive_login_attempt AS a (key, attempts, window_ends)
    SELECT key, 1, now() + make_interval(secs => %(window)s)
    FROM unnest(%(keys)s::text[]) AS key ORDER BY key
    ON CONFLICT (key) DO UPDATE SET
        attempts = CASE WHEN a.window_ends > now() THEN a.attempts + 1 ELSE 1 END,
        window_ends = CASE WHEN a.window_ends > now() THEN a.window_ends
                           ELSE excluded.window_ends END
    RETURNING attempts
"""


def normalized_username(username: str) -> str:
    """The one form of a username the throttle counts under. Django's login form reads usernames
    through NFKC, so `ｓecvictim` (fullwidth s) signs in as `secvictim`: every spelling that
    reaches one account must share its count. Case folded too, which is stricter than logging
    in (usernames are case-sensitive) but locks no one out who was not being guessed at."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold()).strip()


def _keys(request: HttpRequest, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    # Hashed: the table holds no usernames, and any username fits the key.
    user = hashlib.sha256(normalized_username(username).encode()).hexdigest()
    return [f"ip:{address}", f"user:{user}"]


def count_attempt(request: HttpRequest, username: str) -> int:
    """Count a login attempt for the request's address and for `username`; return the higher of
    the two counts, this attempt included."""
    with connection.cursor() as cursor:
        cursor.execute(
            COUNT_ATTEMPT, {"keys": sorted(_keys(request, username)), "window": WINDOW_SECONDS}
        )
        attempts = max(row[0] for row in cursor.fetchall())
        # Windows that have passed are dead weight; the index on window_ends finds them.
        cursor.execute("DELETE FROM archive_login_attempt WHERE window_ends <= now()")
    return attempts


@receiver(user_logged_in)
def forget_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM archive_login_attempt WHERE key = ANY(%s)",
                [_keys(request, user.get_username())],
            )


def too_many_attempts() -> HttpResponse:
    response = HttpResponse(
        "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau 15 phút.\n"
        "Too many failed logins. Please try again in 15 minutes.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


class AdminLoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path == reverse("admin:login"):
            try:
                attempts = count_attempt(request, request.POST.get("username", ""))
            except DatabaseError as error:
                # Raised here, outside the view, it would bypass the middleware that answers a
                # lost database with a 503: ask it directly.
                response = database_error_response(request, error)
                if response is None:
                    raise
                return response
            if attempts > MAX_FAILURES:
                return too_many_attempts()
        return self.get_response(request)
