"""Settings read the environment strictly and start nothing.

A value the settings cannot understand stops every command with ImproperlyConfigured naming the
variable (never a silent default, never a bare ValueError), and reading the settings, or setting
Django up, does not start the embedded PostgreSQL server: only a connection does.
"""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "ture"),  # a typo must not quietly mean False
        ("STATIC_MANIFEST", "maybe"),
        ("PUBLIC_STATEMENT_TIMEOUT_MS", "5s"),  # int() would raise a bare ValueError
        ("ALERTS_SEND_DELAY", "half a second"),
        ("PUBLIC_PAGE_CACHE_SECONDS", "-1"),
        ("REPLICA_MAX_LAG_SECONDS", "nan"),
        ("DATABASE_URL", "sqlite:///archive.db"),
        ("CACHE_URL", "localhost:6379"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(run_manage, variable, value):
    result = run_manage("check", **{variable: value})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr
    assert variable in last_line


def test_a_bad_database_url_is_not_repeated_in_the_message(run_manage):
    """The message names the variable but does not print its value: it may hold a password."""
    result = run_manage("check", DATABASE_URL="mysql://admin:s3cret-pass@db/archive")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "s3cret-pass" not in result.stderr


def test_good_values_in_any_spelling_are_read(run_manage):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.STATEMENT_TIMEOUT_MS['public'],"
        " 'Manifest' in s.STORAGES['staticfiles']['BACKEND'])",
        DEBUG=" Off ",
        PUBLIC_STATEMENT_TIMEOUT_MS="2500",
        STATIC_MANIFEST="YES",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False 2500 True"


SETUP_WITHOUT_CONNECTING = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
import archive.settings
import django
django.setup()  # builds every model, which asks the backend for its limits, but connects not
from django.db import connection
print(connection.settings_dict["HOST"])
"""


def test_reading_the_settings_starts_no_database_server(tmp_path):
    pgdata = tmp_path / "pgdata"
    result = subprocess.run(
        [sys.executable, "-c", SETUP_WITHOUT_CONNECTING],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "EMBEDDED_PGDATA": str(pgdata),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The socket directory is known without a server: the settings name it all the same.
    assert result.stdout.strip() == str(pgdata.resolve())
    assert not (pgdata / "PG_VERSION").exists()
    assert not (pgdata / "postmaster.pid").exists()
