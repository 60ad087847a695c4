"""Shared fixtures. Tests run on real PostgreSQL: the embedded server, or DATABASE_URL's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_manage():
    """Run manage.py in a fresh interpreter with extra environment variables."""

    def run(*args: str, **env: str) -> subprocess.CompletedProcess:
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a fresh process, where
        # `check --deploy` rightly refuses it.
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
def media_root(settings, tmp_path):
    """Uploaded files (photos) go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db, media_root):
    """A small bilingual world from the seed article's facts (see tests/readers_world.py)."""
    from tests.readers_world import build_world

    return build_world()
