"""Services for the scale-out test: a PostgreSQL primary, a streaming replica made with
pg_basebackup, a Redis server and gunicorn app servers, all on this machine, all stopped by
`Cluster.close()` (the test calls it in a `finally`). Every wait is bounded.

The same pieces drive the by-hand load measurement (tests/scale_out_load.py, docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psycopg

from archive.ops.embedded_db import DATABASE_NAME, start_server
from tests.admin_form_data import form_data

ROOT = Path(__file__).resolve().parent.parent


def pg_bin(name: str) -> str:
    from archive.ops.backup import pg_tool

    return pg_tool(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
        except Exception as error:  # a service not up yet raises: try again
            result, last = None, error
        else:
            last = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds}s (last error: {last!r})")
        time.sleep(interval)


class Browser:
    """A client with its own cookies (an editor, or an anonymous reader)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def login(self, username: str, password: str) -> None:
        status, page = self.request("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, page = self.request(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert status == 200 and 'id="user-tools"' in page, page[:2000]

    def edit_article(self, pk: int, **fields: str) -> None:
        """Open an article's admin form, change fields and save it, as an editor does."""
        url = f"/admin/articles/article/{pk}/change/"
        status, page = self.request(url)
        assert status == 200, page[:2000]
        data = form_data(page)
        data.update(fields)
        status, page = self.request(url, data)
        # Saved: the admin redirects to the list, which says so.
        assert status == 200 and "errornote" not in page and 'class="success"' in page, page[:3000]


class Postgres:
    """A PostgreSQL data directory run by pg_ctl as the embedded server's system user."""

    def __init__(self, pgdata: Path, user: str | None) -> None:
        self.pgdata = pgdata
        self.user = user

    @property
    def socket_dir(self) -> Path:
        return self.pgdata

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}:5432/{database}"

    def run(self, *args: str, timeout: float = 120) -> None:
        # Output to a file, not a pipe: a server started by pg_ctl would hold a pipe open.
        with tempfile.TemporaryFile("w+") as output:
            result = subprocess.run(
                list(args), timeout=timeout, user=self.user, stdout=output, stderr=output
            )
            output.seek(0)
            assert result.returncode == 0, f"{args}: {output.read()[-2000:]}"

    def pg_ctl(self, *args: str, timeout: float = 120) -> None:
        self.run(pg_bin("pg_ctl"), "-D", str(self.pgdata), *args, timeout=timeout)

    def start(self) -> None:
        log = self.pgdata.parent / f"{self.pgdata.name}.log"
        try:
            self.pg_ctl(
                "-w", "-t", "60", "-l", str(log), "-o", f'-h "" -k {self.socket_dir}', "start"
            )
        except AssertionError as error:
            raise AssertionError(f"{error}\n{log.read_text(errors='replace')[-3000:]}") from None

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.pg_ctl("-w", "-t", "60", "stop", "-m", "fast")

    def is_running(self) -> bool:
        return (self.pgdata / "postmaster.pid").exists()

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir),
            port=5432,
            user="postgres",
            dbname=database,
            autocommit=True,
            connect_timeout=5,
        )

    def query(self, sql: str, args: tuple = (), database: str = "postgres"):
        with self.connect(database) as conn:
            return conn.execute(sql, args).fetchone()


class Cluster:
    """Primary, replica, Redis and app servers, each started on demand, all stopped by close()."""

    def __init__(self) -> None:
        (ROOT / "var").mkdir(exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="scale-", dir=ROOT / "var"))
        self.embedded = None
        self.primary: Postgres | None = None
        self.replica: Postgres | None = None
        self.redis: subprocess.Popen | None = None
        self.redis_url = ""
        self.apps: dict[str, tuple[subprocess.Popen, str]] = {}

    # PostgreSQL -------------------------------------------------------------------------------
    def start_primary(self) -> Postgres:
        """The embedded server (as in archive/ops/embedded_db.py), private to this cluster."""
        self.embedded = start_server(self.root / "primary")
        info = self.embedded.get_postmaster_info()
        user = self.embedded.system_user
        if user:  # pg_basebackup, run as that user, writes the replica next to the primary
            entry = pwd.getpwnam(user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.primary = Postgres(self.root / "primary", user)
        assert Path(info.socket_dir) == self.primary.socket_dir and (info.port or 5432) == 5432
        return self.primary

    def start_replica(self) -> Postgres:
        """A streaming replica: pg_basebackup -R over the primary's socket, then pg_ctl start."""
        assert self.primary is not None
        replica = Postgres(self.root / "replica", self.primary.user)
        replica.run(
            pg_bin("pg_basebackup"),
            "--host",
            str(self.primary.socket_dir),
            "--port",
            "5432",
            "--username",
            "postgres",
            "--pgdata",
            str(replica.pgdata),
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
        )
        # Copied from the primary, whose sockets live in its data directory: the socket's lock
        # file (the replica would think a server runs there) and the wheel's list of its users.
        for name in (".s.PGSQL.5432.lock", ".handle_pids.json"):
            (replica.pgdata / name).unlink(missing_ok=True)
        replica.start()
        self.replica = replica
        wait_until(
            lambda: replica.query("SELECT status = 'streaming' FROM pg_stat_wal_receiver")[0],
            60,
            "the replica streams from the primary",
        )
        return replica

    def wait_replica_caught_up(self, seconds: float = 60) -> None:
        position = self.primary.query("SELECT pg_current_wal_lsn()")[0]
        wait_until(
            lambda: self.replica.query("SELECT pg_last_wal_replay_lsn() >= %s", (position,))[0],
            seconds,
            "the replica replays the primary's WAL",
        )

    # Redis ------------------------------------------------------------------------------------
    def start_redis(self) -> str:
        executable = shutil.which("redis-server")
        if executable is None:
            raise AssertionError(
                "redis-server is not installed (apt-get install redis-server; .ci/run does it)"
            )
        port = free_port()
        self.redis = subprocess.Popen(
            [
                executable,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        self.redis_url = f"redis://127.0.0.1:{port}/0"
        wait_until(lambda: redis.Redis(port=port).ping(), 30, "redis-server answers")
        return self.redis_url

    # Django -----------------------------------------------------------------------------------
    def environment(
        self, name: str, primary: Postgres, replica: Postgres | None, **settings: str
    ) -> dict:
        inherited = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URL", "CACHE_URL"}
        }
        env = {
            **inherited,
            "DATABASE_URL": primary.url(),
            "CACHE_URL": self.redis_url,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECRET_KEY": "scale-out-test-" + "k" * 50,
            # Each app server its own "machine": without CACHE_URL they would share nothing.
            "PAGE_CACHE_LOCATION": str(self.root / f"page-cache-{name}"),
            # The API list is the test's probe of where reads go: every request must read.
            "QUERY_CACHE_SECONDS": "0",
            **settings,
        }
        if replica is not None:
            env["DATABASE_REPLICA_URL"] = replica.url()
        return env

    def manage(self, *args: str, env: dict, timeout: float = 600, check: bool = True) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0 or not check, result.stderr[-3000:]
        return result.stdout + (result.stderr if result.returncode else "")

    def start_app(self, name: str, env: dict, workers: int = 2, threads: int = 1) -> str:
        port = free_port()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "archive.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / f"app-{name}.log", "ab"),  # noqa: SIM115 - the child owns it
        )
        base = f"http://127.0.0.1:{port}"
        self.apps[name] = (process, base)

        def up() -> bool:
            assert process.poll() is None, f"gunicorn {name} exited"
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
                return response.status == 200

        wait_until(up, 60, f"app server {name} answers /healthz")
        return base

    def stop_app(self, name: str) -> None:
        process, _ = self.apps.pop(name)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log(self, name: str) -> str:
        """What app server `name` logged (Django's warnings and errors, gunicorn's own)."""
        path = self.root / f"app-{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def close(self) -> None:
        for name in list(self.apps):
            self.stop_app(name)
        if self.redis is not None:
            self.redis.terminate()
            try:
                self.redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.redis.kill()
        if self.replica is not None and self.replica.is_running():
            self.replica.stop()
        if self.embedded is not None:
            self.embedded.cleanup()  # stops the primary unless the test stopped it already
        shutil.rmtree(self.root, ignore_errors=True)
