"""Admin logins are throttled after repeated failures, whatever the username's spelling and
however many gunicorn workers share the attempts."""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from archive.login_throttle import MAX_FAILURES
from archive.ops.loadgen import gunicorn
from tests.ops.test_load import database_url_of_this_test

PASSWORD = "a-long-unguessable-passphrase-42"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


def login(client, password, address="10.0.0.1", username="editor"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failures_lock_out_even_the_right_password(client, editor):
    for _ in range(MAX_FAILURES):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert response["Retry-After"] == "900"


def test_lock_out_also_covers_the_username_from_another_address(client, editor):
    for _ in range(MAX_FAILURES):
        login(client, "wrong", address="10.0.0.1")
    assert login(client, PASSWORD, address="10.9.9.9").status_code == 429


def test_a_few_failures_then_success_logs_in(client, editor):
    for _ in range(MAX_FAILURES - 1):
        login(client, "wrong")
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("failed_as", "then_as"),
    [
        ("secvictim", "ｓecvictim"),  # fullwidth s: NFKC makes it "secvictim"
        ("secvictim", "SECVICTIM"),
        ("ｓecvictim", "secvictim"),
        ("ｓecvictim", "ｓecvictim"),
        ("SECVICTIM", "ｓｅｃｖｉｃｔｉｍ"),
    ],
)
def test_look_alike_usernames_share_one_lock(client, db, failed_as, then_as):
    """Django's login form reads usernames through NFKC, so `ｓecvictim` signs in as `secvictim`:
    every spelling that reaches the same account must meet the same lock."""
    get_user_model().objects.create_user("secvictim", password=PASSWORD, is_staff=True)
    for number in range(MAX_FAILURES):
        # A new address each time: only the username can lock.
        login(client, "wrong", address=f"10.1.0.{number}", username=failed_as)
    response = login(client, PASSWORD, address="10.2.0.1", username=then_as)
    assert response.status_code == 429


def forget_all_attempts() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_login_attempt")


def browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def login_form(opener: urllib.request.OpenerDirector, url: str, password: str) -> bytes:
    """Fetch the login page, as a browser does (CSRF cookie and token); return the form data."""
    with opener.open(url, timeout=60) as page:  # noqa: S310 (loopback only)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    return urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "username": "editor", "password": password}
    ).encode()


def post(opener: urllib.request.OpenerDirector, url: str, data: bytes) -> int:
    try:
        with opener.open(url, data=data, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def gunicorn_site(transactional_db, settings, monkeypatch):
    """gunicorn with 3 worker processes on this test database, and an editor whose password
    takes the real hasher's time to check, as in production."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    monkeypatch.setenv("DATABASE_URL", database_url_of_this_test())
    try:
        with gunicorn(workers=3) as base:
            yield f"{base}/admin/login/"
    finally:
        forget_all_attempts()  # a test flush leaves this table alone; later tests log in too


def test_the_lock_holds_across_gunicorn_workers(gunicorn_site):
    """Each worker is a process with its own memory: the count must be shared, or an attacker
    gets MAX_FAILURES tries per worker."""
    opener = browser()
    statuses = [
        post(opener, gunicorn_site, login_form(opener, gunicorn_site, "wrong")) for _ in range(25)
    ]
    right_password = post(opener, gunicorn_site, login_form(opener, gunicorn_site, PASSWORD))

    assert statuses == [200] * MAX_FAILURES + [429] * (25 - MAX_FAILURES)
    assert right_password == 429


def test_simultaneous_attempts_get_no_more_tries(gunicorn_site):
    """30 wrong passwords sent at the same moment: each attempt is counted, atomically, before
    its password is checked, so only MAX_FAILURES of them are checked at all."""
    clients = [browser() for _ in range(30)]
    forms = [login_form(opener, gunicorn_site, "wrong") for opener in clients]
    start = threading.Barrier(len(clients))
    statuses = [0] * len(clients)

    def attempt(number: int) -> None:
        start.wait()
        statuses[number] = post(clients[number], gunicorn_site, forms[number])

    threads = [threading.Thread(target=attempt, args=(number,)) for number in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(statuses) == {200: MAX_FAILURES, 429: len(clients) - MAX_FAILURES}
