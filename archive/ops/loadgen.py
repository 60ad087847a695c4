"""Measure the site over real HTTP: run gunicorn on loopback and drive it with concurrent clients.

Shared by `manage.py loadtest` (reliability under load) and `manage.py bench` (speed). Every loop
is bounded by a duration and a request cap, and traffic only ever goes to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import itertools
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def gunicorn(workers: int = 3, threads: int = 1, extra_env: dict | None = None) -> Iterator[str]:
    """Serve the project with gunicorn on a free loopback port; yield its base URL.

    Static files are collected first, as a deployment does: with DEBUG off whitenoise serves
    them from STATIC_ROOT only.
    """
    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": LOOPBACK,
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)),
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "archive.wsgi",
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=Path(settings.BASE_DIR), env=env)
    base = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection((LOOPBACK, port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class LoadResult:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def summary(self, label: str | None = None) -> dict[str, float]:
        values = (
            self.latencies.get(label, [])
            if label
            else list(itertools.chain.from_iterable(self.latencies.values()))
        )
        return {
            "requests": len(values),
            "errors": self.errors.get(label, 0) if label else sum(self.errors.values()),
            "rps": len(values) / self.elapsed if self.elapsed else 0.0,
            "p50_ms": percentile(values, 0.50) * 1000,
            "p95_ms": percentile(values, 0.95) * 1000,
            "mean_ms": (statistics.fmean(values) * 1000) if values else float("nan"),
        }


def loopback_address(base_url: str) -> tuple[str, int]:
    """(host, port) of an http://127.0.0.1:PORT URL; anything else is refused."""
    host, _, port = base_url.removeprefix("http://").rstrip("/").partition(":")
    if not base_url.startswith("http://") or host != LOOPBACK or not port.isdigit():
        raise ValueError(f"{base_url!r}: only http://{LOOPBACK}:PORT is load-tested")
    return host, int(port)


def run_load(
    base_url: str | Sequence[str],
    targets: Sequence[tuple[str, str]],
    clients: int,
    duration: float,
    max_requests: int = 1_000_000,
) -> LoadResult:
    """`clients` threads, each with a keep-alive connection, cycle through (label, path) targets
    until `duration` seconds pass or `max_requests` are sent. A 5xx or a broken connection is an
    error; so is a 4xx, since every target is meant to exist. Several base URLs (app servers)
    share the clients round-robin, as a load balancer would."""
    servers = [
        loopback_address(url) for url in ([base_url] if isinstance(base_url, str) else base_url)
    ]
    result = LoadResult()
    lock = threading.Lock()
    sent = itertools.count()
    stop_at = time.monotonic() + duration

    def client(number: int, offset: int) -> None:
        host, port = servers[number % len(servers)]
        connection = http.client.HTTPConnection(host, port, timeout=30)
        for label, path in itertools.islice(itertools.cycle(targets), offset, None):
            if time.monotonic() >= stop_at or next(sent) >= max_requests:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Language": "vi"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                status = 599
            latency = time.perf_counter() - started
            with lock:
                result.latencies.setdefault(label, []).append(latency)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if status >= 400:
                    result.errors[label] = result.errors.get(label, 0) + 1
        connection.close()

    started = time.monotonic()
    # Clients start spread over the targets, so even a short run reaches every one of them.
    offsets = [i * len(targets) // clients for i in range(clients)]
    threads = [
        threading.Thread(target=client, args=(number, offset))
        for number, offset in enumerate(offsets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.monotonic() - started
    return result
