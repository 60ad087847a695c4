"""schemathesis against /api/v1/openapi.json: generated requests (valid and invalid) to every
operation, in-process through the WSGI app on the seed. No response is a server error, and every
response matches the schema: status code documented, body valid, content type declared."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings, strategies
from schemathesis import GenerationMode

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


# One test per operation, named after it. schemathesis's own `schema.parametrize()` gives the
# fifteen the same node id, and pytest-xdist (`make test`) keys its work by node id: it ran one
# operation and reported one pass.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=strategies.data())
def test_every_operation_answers_within_its_schema(operation, data, seed, in_test_transaction):
    mode = data.draw(strategies.sampled_from(list(GenerationMode)))  # valid and invalid
    data.draw(operation.as_strategy(mode)).call_and_validate()


def test_each_operation_is_a_test_of_its_own():
    labels = [operation.label for operation in OPERATIONS]
    assert labels and len(set(labels)) == len(labels)
