"""Beyond one machine: two app servers, a shared Redis cache, a primary and a streaming replica.

Everything runs for real on loopback (tests/scale_out_cluster.py starts and always stops it): a
PostgreSQL primary, a replica made with pg_basebackup, redis-server and two gunicorn servers,
each with its own page-cache directory as two machines would have. It shows that an edit saved
on server A is on server B's page at once (the page cache's version lives in the shared cache,
and B builds no page from a replica that has not replayed the edit, even one paused); that
public reads are served by the replica (its own table statistics count them); that with the
replica stopped every page still answers from the primary; and that after the primary is lost,
promoting the replica and pointing the app servers at it brings the site back, writable.
"""

import json
import time

import pytest

from tests.scale_out_cluster import Browser, Cluster, wait_until

pytestmark = pytest.mark.scale_out

EDITOR, PASSWORD = "scale-editor", "a-long-test-password-1"
A_REPLICA_SETTINGS = {
    "REPLICA_CHECK_SECONDS": "1",
    "REPLICA_MAX_LAG_SECONDS": "2",
    "READ_YOUR_WRITES_SECONDS": "60",
}
B_REPLICA_SETTINGS = {"REPLICA_CHECK_SECONDS": "600", "REPLICA_MAX_LAG_SECONDS": "600"}


def article_reads(server) -> int:
    """How many times the articles table was scanned on that server (its own statistics)."""
    return server.query(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables"
        " WHERE relname = 'articles_article'",
        database="archive",
    )[0]


def get_ok(base: str, path: str) -> str:
    status, body = Browser(base).request(path)
    assert status == 200, (path, status, body[:1000])
    return body


@pytest.fixture
def cluster():
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.close()


def test_two_app_servers_a_shared_cache_and_a_replica_serve_the_site_and_survive_failover(
    cluster,
):
    primary = cluster.start_primary()
    replica = cluster.start_replica()  # made before the schema: all of it arrives by streaming
    cluster.start_redis()
    env = cluster.environment("a", primary, replica)
    cluster.manage("migrate", "--no-input", "-v", "0", env=env)
    cluster.manage("load_seed", "-v", "0", env=env)
    cluster.manage(
        "createsuperuser",
        "--no-input",
        "--username",
        EDITOR,
        "--email",
        "e@example.org",
        env={**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    pk, path = (
        cluster.manage(
            "shell",
            "-c",
            "from articles.models import Article;"
            "a = Article.objects.published().order_by('pk').first();"
            "print(a.pk, a.get_absolute_url())",
            env=env,
        )
        .splitlines()[-1]
        .split()
    )
    cluster.wait_replica_caught_up()
    # A checks the replica every second and leaves it past 2 s of lag; B trusts its last check
    # for 10 minutes and tolerates any lag, so on B only the edit's WAL position and a failed
    # query send reads to the primary.
    a = cluster.start_app("a", cluster.environment("a", primary, replica, **A_REPLICA_SETTINGS))
    b = cluster.start_app("b", cluster.environment("b", primary, replica, **B_REPLICA_SETTINGS))

    # Public reads hit the replica: its own statistics count the scans, the primary's do not move.
    replica_before, primary_before = article_reads(replica), article_reads(primary)
    for i in range(20):
        articles = json.loads(get_ok((a, b)[i % 2], "/api/v1/articles/"))
        assert articles["items"] or articles.get("count")
    wait_until(
        lambda: article_reads(replica) - replica_before >= 20, 30, "20 article reads on the replica"
    )
    time.sleep(11)  # a backend publishes its statistics at most 10 s after going idle
    assert article_reads(primary) == primary_before

    # A save on A is on B's page at once: B's cached copy is dropped through the shared cache,
    # and B rebuilds it from the primary because the replica (paused here) has not replayed it.
    page = get_ok(b, path)
    assert get_ok(b, path) == page  # B now serves it from its cache
    replica.query("SELECT pg_wal_replay_pause()")
    editor = Browser(a)
    editor.login(EDITOR, PASSWORD)
    editor.edit_article(int(pk), title_vi="Tiêu đề sửa trên máy A")
    assert "Tiêu đề sửa trên máy A" in get_ok(b, path)
    assert "Tiêu đề sửa trên máy A" in editor.request(path)[1]  # the editor sees it too

    # A's replica now lags past A's bound (received, not replayed): A reads from the primary.
    primary_before = article_reads(primary)

    def a_reads_from_the_primary() -> bool:
        get_ok(a, "/api/v1/articles/")
        return article_reads(primary) - primary_before >= 5

    wait_until(a_reads_from_the_primary, 30, "A's reads move to the primary", interval=0.5)
    replica.query("SELECT pg_wal_replay_resume()")
    cluster.wait_replica_caught_up()

    # Caught up again, B reads from the replica again.
    replica_before = article_reads(replica)

    def b_reads_from_the_replica() -> bool:
        get_ok(b, "/api/v1/articles/")
        return article_reads(replica) - replica_before >= 5

    wait_until(b_reads_from_the_replica, 30, "B's reads back on the replica", interval=0.5)

    # Read-your-writes: an admin page pins the editor's browser to the primary for a while, even
    # with the replica caught up (anonymous readers of A are on the replica again by now).
    assert editor.request("/admin/")[0] == 200
    # A backend publishes its statistics at most 10 s after going idle (PGSTAT_IDLE_INTERVAL):
    # let A's earlier reads on the primary arrive before counting.
    time.sleep(11)
    primary_before = article_reads(primary)

    def the_editor_reads_from_the_primary() -> bool:
        assert editor.request("/api/v1/articles/")[0] == 200
        return article_reads(primary) - primary_before >= 5

    wait_until(the_editor_reads_from_the_primary, 30, "the editor's reads on the primary", 0.5)

    # The replica stops: every request is answered from the primary, none fails. A notices at
    # its next check; B, which still trusts its last check, has each query that fails on the
    # replica answered again from the primary.
    replica.stop()
    for i in range(20):
        base = (a, b)[i % 2]
        get_ok(base, "/api/v1/articles/")
        get_ok(base, f"/api/v1/articles/{pk}")
        assert "Tiêu đề sửa trên máy A" in get_ok(base, path)
        get_ok(base, "/en/")
    replica.start()
    cluster.wait_replica_caught_up()

    # The primary is lost; the replica is promoted and the app servers restarted pointing at it.
    primary.stop()
    replica.pg_ctl("-w", "-t", "60", "promote")
    wait_until(lambda: not replica.query("SELECT pg_is_in_recovery()")[0], 30, "promotion")
    cluster.stop_app("a")
    cluster.stop_app("b")
    a = cluster.start_app("a", cluster.environment("a", replica, None))
    b = cluster.start_app("b", cluster.environment("b", replica, None))
    assert "Tiêu đề sửa trên máy A" in get_ok(b, path)
    get_ok(a, "/api/v1/articles/")
    editor = Browser(a)
    editor.login(
        EDITOR, PASSWORD
    )  # sessions and logins are written: the promoted server takes them
    editor.edit_article(int(pk), title_vi="Sửa sau khi chuyển máy chủ")
    assert "Sửa sau khi chuyển máy chủ" in get_ok(b, path)
