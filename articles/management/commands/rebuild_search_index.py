"""Rebuild the whole search index from the records (after bulk loads, raw SQL or URL changes)."""

import time

from django.core.management.base import BaseCommand

from articles.search import rebuild_all


class Command(BaseCommand):
    help = "Rebuild every search entry in batches; entries of deleted objects are removed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            # Forked workers: safe from this command, not inside threaded processes (test servers).
            help="Processes writing batches (2 on a 2-core machine)",
        )
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Index only objects without an entry (finish an interrupted rebuild)",
        )

    def handle(self, *args: object, **options) -> None:
        started = time.monotonic()

        def report(kind: str, count: int) -> None:
            self.stdout.write(f"{kind}: {count}")

        total = rebuild_all(
            batch_size=options["batch_size"],
            report=report,
            workers=options["workers"],
            missing_only=options["missing_only"],
        )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} entries in {elapsed:.1f} s."))
