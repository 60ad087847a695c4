"""`manage.py loadtest --url …`: clients spread over several running app servers, loopback only."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from archive.ops.loadgen import run_load


def counting_server() -> tuple[ThreadingHTTPServer, list[str]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def test_clients_are_spread_round_robin_over_every_server():
    servers = [counting_server() for _ in range(2)]
    try:
        urls = [f"http://127.0.0.1:{server.server_address[1]}" for server, _ in servers]
        result = run_load(urls, [("page", "/a"), ("other", "/b")], clients=4, duration=0.5)
    finally:
        for server, _ in servers:
            server.shutdown()
            server.server_close()
    assert result.summary()["errors"] == 0
    assert all(len(seen) > 0 for _, seen in servers)  # both app servers were driven


@pytest.mark.parametrize("url", ["http://example.org:80", "https://127.0.0.1:8000", "127.0.0.1"])
def test_a_url_off_loopback_is_refused_before_any_request(url):
    with pytest.raises(CommandError, match="only http://127.0.0.1:PORT"):
        call_command("loadtest", url=[url], duration=1, clients=1)
