"""manage.py search_slices [--refresh [--force]]: show or re-cut the search index's date slices."""

from django.core.management.base import BaseCommand

from articles.search import indexed_slices, refresh_slice_indexes


class Command(BaseCommand):
    help = (
        "Show the date slices of the search index and their GIN indexes; --refresh re-cuts them "
        "when a slice holds under half or over twice its share (run it from cron, e.g. weekly)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--refresh", action="store_true", help="Re-cut slices that no longer fit"
        )
        parser.add_argument("--force", action="store_true", help="With --refresh: re-cut anyway")

    def handle(self, *args, **options) -> None:
        if options["refresh"]:
            refresh_slice_indexes(force=options["force"])
        names, slices = indexed_slices()
        if not slices:
            self.stdout.write(
                "No slice indexes: searches cut slices from the statistics and use the "
                "table-wide indexes (run with --refresh after loading data)."
            )
            return
        for start, end, share in slices:
            until = f"before {end}" if end else "onwards"
            self.stdout.write(f"from {start} {until}: ~{share:.2%} of dated entries")
        self.stdout.write(f"indexes: {', '.join(names)}")
