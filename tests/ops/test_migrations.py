"""Models and migrations agree, and migrations reverse cleanly."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Models and migrations disagree:\n{out.getvalue()} (exit {exit_.code})")


@pytest.mark.django_db(transaction=True)
def test_search_setup_migration_reverses_and_reapplies():
    call_command("migrate", "archive", "zero", verbosity=0, no_input=True)
    call_command("migrate", verbosity=0, no_input=True)
