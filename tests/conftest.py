"""Shared fixtures. Tests run on real PostgreSQL: the embedded server, or DATABASE_URL's.

`make test` runs the suite in parallel (pytest-xdist): each worker process gets its own test
database (pytest-django appends `_gw0`, `_gw1`, ... to TEST_DATABASE_NAME), its own media, static
and page-cache folders (`own_folders`). `--dist loadfile` keeps each test file on one worker, so
a module-scoped fixture (`indexed_seed`) is built once, and the scale-out test's clusters never
start twice at once. (Not `loadgroup`: pytest-xdist 3.8 cannot tag test ids on pytest 9.)"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import DatabaseError, connection
from django.dispatch import receiver
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import translation

from tests.builders import truncate_records
from tests.row_copy import SeedOnServer, TableRows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def own_folders(tmp_path_factory):
    """Media, collected static files and the page cache of this test process, never the
    checkout's: parallel workers must not write (or `collectstatic` must not delete) each other's
    files, nor a `make run` beside the suite. Servers and commands the tests start (gunicorn,
    manage.py) inherit them through the environment."""
    root = tmp_path_factory.mktemp("site")
    folders = {"MEDIA_ROOT": root / "media", "STATIC_ROOT": root / "static"}
    overrides: dict[str, object] = dict(folders)
    environment = {name: str(path) for name, path in folders.items()}
    pages = settings.CACHES["pages"]
    if pages["BACKEND"].endswith("FileBasedCache"):
        location = str(root / "page-cache")
        overrides["CACHES"] = {**settings.CACHES, "pages": {**pages, "LOCATION": location}}
        environment["PAGE_CACHE_LOCATION"] = location
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        with override_settings(**overrides):
            yield root
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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


@receiver(setting_changed)
def forget_urls_reversed_under_another_default_language(setting: str, **kwargs) -> None:
    """The URL resolver caches reversed paths per language, with the language prefix baked in:
    paths reversed while a test set LANGUAGE_CODE to "en" (the admin tests) lack "/en/", and
    would stay so for every later test of the process. Django clears them only when
    ROOT_URLCONF changes."""
    if setting == "LANGUAGE_CODE":
        clear_url_caches()


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
    (tests/search/test_semantic*.py) use the real model where they mean to."""
    with override_settings(SEMANTIC_BACKEND="test"):
        yield


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Tests change records inside transactions that never commit, so the page cache is never
    told: it is off except in tests/ops/test_page_cache.py, which turns it on."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


SEED_FIXTURE = ROOT / "fixtures" / "seed.json"


@pytest.fixture
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own, so generated images never touch the checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def load_seed_fixture() -> None:
    call_command("loaddata", str(SEED_FIXTURE), verbosity=0)


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker) -> TableRows:
    """What `loaddata` of the seed writes, loaded once per test process."""
    with django_db_blocker.unblock():
        return TableRows.captured(load_seed_fixture)


@pytest.fixture
def seed(db, seed_rows):
    """The seed article and its records inside the test's transaction (rolled back after it):
    the rows `manage.py loaddata` writes, copied in. Its search index is not built: see
    `indexed_seed`. A test that commits (`transaction=True`) gets a real `loaddata`, whose
    on-commit handlers index the records as they would on a server."""
    if connection.in_atomic_block:
        seed_rows.copy_in()
    else:
        load_seed_fixture()


def load_indexed_seed() -> None:
    call_command("load_seed", verbosity=0)
    call_command("rebuild_search_index", stdout=StringIO())


@pytest.fixture(scope="session")
def indexed_seed_rows(django_db_setup, django_db_blocker, tmp_path_factory) -> SeedOnServer:
    """What `load_seed` and `rebuild_search_index` commit (rows, search index, meaning
    vectors, placeholder images), made once per test process."""
    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        return SeedOnServer(TableRows.committed(load_indexed_seed), media)


@pytest.fixture(scope="module")
def indexed_seed(indexed_seed_rows, django_db_blocker):
    """The seed article with its search index, committed once per test module for the search
    tests, as `load_seed` and `rebuild_search_index` leave it; the tables are emptied again when
    the module ends."""
    with django_db_blocker.unblock():
        indexed_seed_rows.put()
        yield
        truncate_records()


@pytest.fixture
def seed_on_server(transactional_db, indexed_seed_rows, settings) -> None:
    """The same, committed for one test that serves it (a live server, gunicorn): the test's
    flush empties it again. Ask for it after any fixture that moves MEDIA_ROOT."""
    indexed_seed_rows.put()


@pytest.fixture
def world(db, media_root):
    """A small bilingual world from the seed article's facts (see tests/readers_world.py)."""
    from tests.readers_world import build_world

    return build_world()
