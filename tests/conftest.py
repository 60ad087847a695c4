"""Shared fixtures. Tests run on real PostgreSQL: the embedded server, or DATABASE_URL's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import override_settings
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_manage():
    """Run manage.py in a fresh interpreter with extra environment variables."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for the whole test process;
        # a child manage.py must not inherit it (check --deploy rightly refuses it: async.E001).
        inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        full_env = {**inherited, **env}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def api_get(client):
    """GET an API path, check the status, return the decoded JSON body."""

    def get(path: str, status: int = 200, **params: object) -> dict:
        response = client.get(path, params)
        assert response.status_code == status, response.content[:500]
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    return get


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A test-client request under /en/ leaves English
    active in the test thread (LocaleMiddleware never deactivates), and modeltranslation would then
    fill a later test's missing English columns from the Vietnamese on save."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_statement_timeout_left_over(django_db_blocker):
    """A request sets its role's statement timeout on its connection (a plain SET, which outlives
    a transactional test); on a server that connection serves only requests, but here the test
    code after a request shares it, and must not run under a page's timeout."""
    yield
    if connection.connection is None:
        return
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout TO DEFAULT")
        except DatabaseError:
            pass  # a broken connection is replaced, timeout-free, when next used


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher is slow on purpose; tests only need passwords to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def meaning_search_test_backend():
    """Meaning search embeds with the deterministic test backend (instant, a bag of hashed
    words): the real model costs 25-150 ms a question on these 2 cores. Its own tests
    (tests/test_semantic*.py) use the real model where they mean to."""
    with override_settings(SEMANTIC_BACKEND="test"):
        yield


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Tests change records inside transactions that never commit, so the page cache is never
    told: it is off except in tests/test_page_cache.py, which turns it on."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


SEED_FIXTURE = ROOT / "fixtures" / "seed.json"


@pytest.fixture
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own, so generated images never touch the checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seed(db):
    """The seed article and its records, loaded with `manage.py loaddata` into the test database."""
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)


@pytest.fixture
def world(db, media_root):
    """A small bilingual world from the seed article's facts (see tests/readers_world.py)."""
    from tests.readers_world import build_world

    return build_world()
