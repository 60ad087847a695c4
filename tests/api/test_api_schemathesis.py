"""schemathesis against /api/v1/openapi.json: generated requests (valid and invalid) to every
operation, in-process through the WSGI app on the seed. No response is a server error, and every
response matches the schema: status code documented, body valid, content type declared."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

# Loading the schema only asks ninja for /api/v1/openapi.json, which reads no table.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def in_test_transaction():
    """Requests through the WSGI handler close the connection when they finish, which would end
    the test's transaction; Django's own test client unhooks the same handler."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_within_its_schema(case, seed, in_test_transaction):
    case.call_and_validate()
