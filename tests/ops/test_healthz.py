"""/healthz answers 200 while the database is reachable and 503 when it is not."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    real_host = connection.settings_dict["HOST"]
    real_port = connection.settings_dict["PORT"]
    connection.close()
    # A socket directory where no server listens: the connection attempt really fails.
    connection.settings_dict["HOST"] = "/nonexistent-socket-dir"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["HOST"] = real_host
        connection.settings_dict["PORT"] = real_port
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200
