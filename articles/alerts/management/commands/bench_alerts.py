"""manage.py bench_alerts: time one `send_alerts` run and the worker at N alerts (docs/scaling.md).

Meant for a corpus made by `generate_corpus` (EMBEDDED_PGDATA=var/pgdata-100k); it writes
alerts and subscribers @bench.invalid and removes them afterwards unless --keep.
"""

from django.core.management.base import BaseCommand

from articles.alerts import bench


class Command(BaseCommand):
    help = "Make N alerts with confirmed subscribers, a batch of new articles, time send_alerts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--alerts", type=int, default=10_000)
        parser.add_argument("--new-articles", type=int, default=200)
        parser.add_argument(
            "--cap", type=int, default=None, help="digests per run (default: 2 x alerts)"
        )
        parser.add_argument("--keep", action="store_true", help="leave the bench's rows")
        parser.add_argument(
            "--worker-tasks", type=int, default=None, help="stop the worker after this many"
        )

    def handle(self, *args, alerts: int, new_articles: int, cap, keep: bool, **options) -> None:
        report = bench.bench(
            alerts, new_articles, cap, keep=keep, worker_tasks=options["worker_tasks"]
        )
        for name, value in report.figures.items():
            self.stdout.write(f"{name}: {value}")
