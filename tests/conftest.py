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
        full_env = {**os.environ, **env}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher is slow on purpose; tests only need passwords to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
