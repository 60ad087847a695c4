"""Django's PostgreSQL backend, starting the embedded server (archive/ops/embedded_db.py) when a
process opens its first connection to it, so reading the settings starts nothing.

Why here rather than in manage.py, wsgi.py and the test session: every one of them (and any
script, task worker or subprocess) reaches the database by opening a connection, so this one
place covers them all, and a command that never connects (`check`, `compilemessages`) starts
no server. Host and port are in the settings already (embedded_db.socket_dir()).
"""

from typing import Any

from django.db.backends.postgresql import base, client

from archive.ops.embedded_db import ensure_started


class DatabaseClient(client.DatabaseClient):
    def runshell(self, parameters: list[str]) -> None:
        ensure_started(self.connection.settings_dict)  # dbshell runs psql without connecting
        super().runshell(parameters)


class DatabaseWrapper(base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self) -> dict[str, Any]:
        ensure_started(self.settings_dict)
        return super().get_connection_params()
