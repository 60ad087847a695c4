"""Embed every unit of text for meaning search, in committed batches (resumable)."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.search.semantic.backends import SemanticUnavailable
from articles.search.semantic.units import embed_all


class Command(BaseCommand):
    help = (
        "Embed statements, paragraphs, targets, captions and titles for meaning search; "
        "only changed texts are embedded again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Embed only units without a vector (finish an interrupted run)",
        )

    def handle(self, *args: object, **options) -> None:
        started = time.monotonic()
        counts: dict[str, int] = {}

        def report(unit: str, done: int, total: int) -> None:
            counts[unit] = total
            if options["verbosity"] > 1:
                self.stdout.write(f"{unit}: {done}/{total}")

        try:
            embedded = embed_all(
                batch_size=options["batch_size"],
                missing_only=options["missing_only"],
                report=report,
            )
        except SemanticUnavailable as error:
            raise CommandError(str(error)) from error
        for unit, total in counts.items():
            self.stdout.write(f"{unit}: {total}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Embedded {embedded} units in {elapsed:.1f} s."))
