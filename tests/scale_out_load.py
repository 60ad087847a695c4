"""The scale-out load measurement, by hand: `.venv/bin/python -m tests.scale_out_load`.

Starts what tests/ops/test_scale_out.py starts (a private primary, a streaming replica,
redis-server,
two gunicorn app servers on loopback), loads the seed, then runs `manage.py loadtest` with its
clients spread over both servers (default 50 clients for 60 s) and prints its table, plus how many
times the articles table was read on the replica and on the primary meanwhile. Everything is
stopped at the end, also on failure or Ctrl-C. Nothing here touches the development database.
"""

from __future__ import annotations

import argparse
import sys
import time

from tests.ops.test_scale_out import article_reads
from tests.scale_out_cluster import Cluster


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--output", default="var/loadtest-scale-out.json")
    options = parser.parse_args()

    cluster = Cluster()
    try:
        primary = cluster.start_primary()
        replica = cluster.start_replica()
        cluster.start_redis()
        env = cluster.environment("a", primary, replica)
        cluster.manage("migrate", "--no-input", "-v", "0", env=env)
        cluster.manage("load_seed", "-v", "0", env=env)
        cluster.manage("rebuild_search_index", env=env)
        cluster.manage("collectstatic", "--no-input", "-v", "0", env=env)
        cluster.wait_replica_caught_up()
        urls = [
            cluster.start_app(
                name,
                cluster.environment(name, primary, replica),
                workers=options.workers,
                threads=options.threads,
            )
            for name in ("a", "b")
        ]
        replica_before, primary_before = article_reads(replica), article_reads(primary)
        arguments = ["--clients", str(options.clients), "--duration", str(options.duration)]
        arguments += ["--output", options.output]
        for url in urls:
            arguments += ["--url", url]
        started = time.monotonic()
        report = cluster.manage(
            "loadtest", *arguments, env=env, timeout=options.duration + 600, check=False
        )
        print(report)
        time.sleep(12)  # PostgreSQL publishes a backend's statistics within ~10 s of it idling
        print(
            f"articles table reads during the run: replica "
            f"{article_reads(replica) - replica_before}, primary "
            f"{article_reads(primary) - primary_before} "
            f"({time.monotonic() - started:.0f}s; {options.workers} workers x "
            f"{options.threads} threads per app server)"
        )
        return 0
    finally:
        cluster.close()


if __name__ == "__main__":
    sys.exit(main())
