"""manage.py bench: search end to end vs raw SQL vs icontains, and public page throughput."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ops.bench import fixed_cost_table, run_bench, run_fixed_cost, table


class Command(BaseCommand):
    help = (
        "Time a fixed mix of searches over HTTP (gunicorn on loopback) and as raw SQL, the "
        "icontains baseline, and page throughput; print a table and write a JSON result."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeats", type=int, default=20, help="requests per search")
        parser.add_argument(
            "--baseline-repeats",
            type=int,
            default=3,
            help="icontains runs per search; 0 skips the baseline (minutes a run at 1M)",
        )
        parser.add_argument("--clients", type=int, default=8, help="concurrent page clients")
        parser.add_argument("--duration", type=float, default=15.0, help="seconds per page kind")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--sample", type=int, default=100, help="objects per page kind")
        parser.add_argument(
            "--cold", action="store_true", help="no warm-up request per page before timing"
        )
        parser.add_argument(
            "--fixed-cost",
            action="store_true",
            help="only what every request pays: per-URL medians (one gunicorn worker, one request"
            " at a time) and plan vs execution time of each SQL statement of a search page",
        )
        parser.add_argument("--output", help="JSON result file (default var/bench-….json)")

    def handle(self, *args, **options) -> None:
        if not 1 <= options["repeats"] <= 10_000 or not 1 <= options["clients"] <= 200:
            raise CommandError("--repeats must be 1..10000 and --clients 1..200")
        if not 0 <= options["baseline_repeats"] <= 1_000:
            raise CommandError("--baseline-repeats must be 0..1000")
        if options["fixed_cost"]:
            try:
                result = run_fixed_cost(
                    repeats=options["repeats"], log=lambda line: self.stderr.write(line)
                )
            except LookupError as error:
                raise CommandError(str(error)) from None
            self.write(fixed_cost_table(result), result, options["output"])
            return
        result = run_bench(
            repeats=options["repeats"],
            baseline_repeats=options["baseline_repeats"],
            clients=options["clients"],
            duration=options["duration"],
            workers=options["workers"],
            sample=options["sample"],
            warm=not options["cold"],
            log=lambda line: self.stderr.write(line),
        )
        self.write(table(result), result, options["output"])

    def write(self, text: str, result: dict, output: str | None) -> None:
        self.stdout.write(text)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(output or Path(settings.BASE_DIR, "var", f"bench-{stamp}.json"))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, default=str))
        self.stdout.write(f"written to {output}")
