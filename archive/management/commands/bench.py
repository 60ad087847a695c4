"""manage.py bench: search end to end vs raw SQL vs icontains, and public page throughput."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ops.bench import run_bench, table


class Command(BaseCommand):
    help = (
        "Time a fixed mix of searches over HTTP (gunicorn on loopback) and as raw SQL, the "
        "icontains baseline, and page throughput; print a table and write a JSON result."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeats", type=int, default=20, help="requests per search")
        parser.add_argument("--baseline-repeats", type=int, default=3)
        parser.add_argument("--clients", type=int, default=8, help="concurrent page clients")
        parser.add_argument("--duration", type=float, default=15.0, help="seconds per page kind")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--sample", type=int, default=100, help="objects per page kind")
        parser.add_argument(
            "--cold", action="store_true", help="no warm-up request per page before timing"
        )
        parser.add_argument("--output", help="JSON result file (default var/bench-….json)")

    def handle(self, *args, **options) -> None:
        if not 1 <= options["repeats"] <= 10_000 or not 1 <= options["clients"] <= 200:
            raise CommandError("--repeats must be 1..10000 and --clients 1..200")
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
        self.stdout.write(table(result))
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or Path(settings.BASE_DIR, "var", f"bench-{stamp}.json"))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, default=str))
        self.stdout.write(f"written to {output}")
