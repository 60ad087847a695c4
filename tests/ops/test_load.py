"""A short version of `manage.py loadtest`: concurrent clients against gunicorn on loopback,
serving the seed from the test database, over article, search and API URLs. Zero errors.
20 clients for the 20 URLs (the stylesheet among them): each URL gets a request even when the
machine is slow."""

import json
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection


def database_url_of_this_test() -> str:
    """The test database as a DATABASE_URL, so the gunicorn workers read what this test wrote."""
    db = connection.settings_dict
    host = quote(db["HOST"], safe="") if db["HOST"].startswith("/") else db["HOST"]
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_ten_clients_for_three_seconds_get_no_error(seed_on_server, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url_of_this_test())
    output = tmp_path / "loadtest.json"
    stdout = StringIO()

    call_command(
        "loadtest", clients=20, duration=3, workers=2, output=str(output), stdout=stdout
    )  # raises CommandError if any request failed

    report = json.loads(output.read_text())
    assert report["results"]["all"]["errors"] == 0
    assert report["results"]["all"]["requests"] >= 10
    assert set(report["statuses"]) == {"200"}
    # Every kind of endpoint was really exercised.
    assert all(row["requests"] > 0 for row in report["results"].values()), stdout.getvalue()
