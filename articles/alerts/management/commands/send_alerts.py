"""manage.py send_alerts: find what is new for every alert and enqueue one digest per subscriber.

Run it from cron (e.g. daily); `make worker` (manage.py db_worker) sends the digests.
"""

from django.core.management.base import BaseCommand

from articles.alerts import delivery


class Command(BaseCommand):
    help = "Find what was published since each alert's last run and enqueue the digests."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--cap",
            type=int,
            default=None,
            help="At most this many digests this run (default ALERTS_MAX_DIGESTS_PER_RUN)",
        )

    def handle(self, *args, cap: int | None, **options) -> None:
        report = delivery.run(cap=cap)
        self.stdout.write(
            f"retried {report.retried} digest(s), found {report.found} item(s), "
            f"enqueued {report.digests} digest(s), pruned {report.pruned} in "
            f"{report.seconds:.2f} s"
        )
