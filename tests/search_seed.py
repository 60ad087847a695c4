"""The seed article loaded once per test module, for the search tests.

`load_seed` runs outside the per-test transactions (so the index is built by the on-commit
signal handlers, as in production) and the tables are emptied again when the module ends.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection


def truncate_records() -> None:
    tables = {
        model._meta.db_table
        for app in ("articles", "people", "semantic")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(sorted(tables))} RESTART IDENTITY CASCADE")


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
        call_command("rebuild_search_index", stdout=StringIO())
        yield
        truncate_records()
