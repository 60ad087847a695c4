"""Throttle admin logins against brute force: after too many failures from one address or for one
username within a window, further attempts are refused with 429 until the window passes.

Counts live in the default cache; in production that cache must be shared by all app servers.
"""

from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _keys(request: HttpRequest, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    return [f"login-failures:ip:{address}", f"login-failures:user:{username.strip().lower()}"]


def is_locked_out(request: HttpRequest, username: str) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request, username))


@receiver(user_login_failed)
def count_failure(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    if request is None:
        return
    for key in _keys(request, credentials.get("username", "")):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


@receiver(user_logged_in)
def forget_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None:
        cache.delete_many(_keys(request, user.get_username()))


class AdminLoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.path == reverse("admin:login")
            and is_locked_out(request, request.POST.get("username", ""))
        ):
            response = HttpResponse(
                "Quá nhiều lần đăng nhập sai. Vui lòng thử lại sau 15 phút.\n"
                "Too many failed logins. Please try again in 15 minutes.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        return self.get_response(request)
