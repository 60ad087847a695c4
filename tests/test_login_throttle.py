"""Admin logins are throttled after repeated failures."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from archive.login_throttle import MAX_FAILURES

PASSWORD = "a-long-unguessable-passphrase-42"


@pytest.fixture
def editor(db):
    cache.clear()
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
