"""manage.py loadtest: many concurrent clients against gunicorn on loopback, bounded in time.

Drives search pages, article pages and API endpoints of the archive in this database and reports
errors and latency. Exits non-zero if any request failed, so it can gate a release.
"""

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import override

from archive.ops.loadgen import gunicorn, loopback_address, run_load
from articles.models import Article

SEARCHES = [
    "chuyển đổi số",
    "chuyen doi so",
    "11-QĐ/TW",
    "Thái Thanh Quý",
    "digital transformation",
]


def load_targets() -> list[tuple[str, str]]:
    article = Article.objects.published().order_by("pk").first()
    if article is None:
        raise CommandError("No published article: run `manage.py load_seed` first.")
    targets = []
    for lang in ("vi", "en"):
        with override(lang):
            targets.append((f"article ({lang})", article.get_absolute_url()))
            search = reverse("articles:search")
            targets += [(f"search ({lang})", f"{search}?{urlencode({'q': q})}") for q in SEARCHES]
    targets += [
        ("stylesheet", static("css/site.css")),
        ("api article list", "/api/v1/articles/"),
        ("api article detail", f"/api/v1/articles/{article.pk}"),
        *[("api search", f"/api/v1/search?{urlencode({'q': q})}") for q in SEARCHES],
    ]
    return targets


class Command(BaseCommand):
    help = "Load-test search, article and API endpoints through gunicorn on 127.0.0.1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--duration", type=float, default=60.0, help="seconds")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        parser.add_argument("--output", help="JSON result file (default var/loadtest-….json)")
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            help="an app server already running on http://127.0.0.1:PORT serving this database"
            " (repeat for several: clients are spread round-robin); default: start gunicorn",
        )

    def handle(self, *args, **options) -> None:
        if not 1 <= options["clients"] <= 500 or not 1 <= options["duration"] <= 3600:
            raise CommandError("--clients must be 1..500 and --duration 1..3600 seconds")
        for url in options["url"]:
            try:
                loopback_address(url)
            except ValueError as error:
                raise CommandError(str(error)) from None
        targets = load_targets()
        where = (
            f"{len(options['url'])} running app servers"
            if options["url"]
            else f"{options['workers']} gunicorn workers"
        )
        self.stdout.write(
            f"{options['clients']} clients for {options['duration']:.0f}s against "
            f"{len(targets)} URLs ({where})…"
        )
        if options["url"]:
            result = run_load(options["url"], targets, options["clients"], options["duration"])
        else:
            with gunicorn(workers=options["workers"]) as base:
                result = run_load(base, targets, options["clients"], options["duration"])

        rows = {label: result.summary(label) for label in dict(targets)}
        rows["all"] = result.summary()
        self.stdout.write(f"{'endpoint':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
        for label, row in rows.items():
            self.stdout.write(
                f"{label:<22}{row['requests']:>9}{row['errors']:>8}"
                f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            )
        self.stdout.write(
            f"throughput: {rows['all']['rps']:.0f} requests/s; statuses: "
            f"{dict(sorted(result.statuses.items()))}"
        )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or Path(settings.BASE_DIR, "var", f"loadtest-{stamp}.json"))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(
                {
                    "options": {k: options[k] for k in ("clients", "duration", "workers", "url")},
                    "results": rows,
                    "statuses": result.statuses,
                },
                indent=2,
            )
        )
        self.stdout.write(f"written to {output}")
        if rows["all"]["errors"]:
            raise CommandError(f"{rows['all']['errors']} requests failed")
