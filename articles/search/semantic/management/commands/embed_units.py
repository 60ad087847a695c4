"""Embed every unit of text for meaning search, in committed batches (resumable)."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from articles.search.semantic.backends import SemanticUnavailable
from articles.search.semantic.units import BUILDERS, embed_all


def part(value: str) -> tuple[int, int]:
    """'K/N': the K-th of N parts (1 <= K <= N)."""
    try:
        number, parts = (int(n) for n in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected K/N, such as 1/2, not {value!r}") from None
    if not 1 <= number <= parts:
        raise argparse.ArgumentTypeError(f"K must be between 1 and N in {value!r}")
    return number, parts


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
        parser.add_argument(
            "--unit",
            action="append",
            choices=list(BUILDERS),
            help="Embed only this kind of unit (repeatable; default all, in this order: "
            + ", ".join(BUILDERS)
            + ")",
        )
        parser.add_argument(
            "--part",
            type=part,
            default=(1, 1),
            metavar="K/N",
            help="Embed the K-th of N parts of each kind, so N processes can share the work",
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
                units=options["unit"] or list(BUILDERS),
                part=options["part"],
            )
        except SemanticUnavailable as error:
            raise CommandError(str(error)) from error
        for unit, total in counts.items():
            self.stdout.write(f"{unit}: {total}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Embedded {embedded} units in {elapsed:.1f} s."))
