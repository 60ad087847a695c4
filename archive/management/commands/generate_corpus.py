"""manage.py generate_corpus --articles N --seed S: a reproducible synthetic archive."""

import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.lib.page_cache import bump_content_version
from archive.ops.corpus import CorpusGenerator, widen_facet


class Command(BaseCommand):
    help = "Bulk-load N synthetic articles (with their records) built from the seed's vocabulary."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-index", action="store_true", help="Skip rebuilding the search index afterwards"
        )
        # Forked index workers inherit every open database socket: only from a plain shell
        # process (2 on a 2-core machine), never inside a threaded one such as a test server.
        parser.add_argument("--index-workers", type=int, default=1)
        parser.add_argument(
            "--wide-facet",
            type=float,
            metavar="PERCENT",
            help="Make one official appear in at least PERCENT %% of the search entries"
            " (manage.py widen_facet does it to an existing corpus)",
        )

    def handle(self, *args, **options) -> None:
        if options["articles"] < 1:
            raise CommandError("--articles must be at least 1")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                counts = CorpusGenerator(options["articles"], options["seed"]).run()
                if options["wide_facet"] is not None:
                    # The index is (re)built below or by the rebuild that follows --no-index.
                    wide = widen_facet(options["wide_facet"], index=False)
                    counts["statements given to the wide official"] = wide["statements"]
        except ValueError as error:
            raise CommandError(str(error)) from error
        bump_content_version()  # COPY sends no save signals: cached pages must go by hand
        loaded = time.perf_counter() - started
        rate = counts["articles"] / loaded
        summary = ", ".join(f"{name} {count:,}" for name, count in counts.items())
        self.stdout.write(f"Loaded {summary} in {loaded:.1f}s ({rate:,.0f} articles/s)")
        if not options["no_index"] and "rebuild_search_index" in get_commands():
            index_started = time.perf_counter()
            call_command(
                "rebuild_search_index",
                workers=options["index_workers"],
                verbosity=options["verbosity"],
            )
            self.stdout.write(f"Search index rebuilt in {time.perf_counter() - index_started:.1f}s")
