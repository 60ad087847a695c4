"""manage.py widen_facet --percent P: one official in P % of an existing corpus's entries."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.lib.page_cache import bump_content_version
from archive.ops.corpus import facet_share, widen_facet
from people.models import Person


class Command(BaseCommand):
    help = (
        "Give one official enough statements of a generated corpus to appear in PERCENT % of "
        "the search entries, re-indexing only the entries that change (deterministic; running "
        "it again changes nothing)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--percent", type=float, default=5.0)

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = widen_facet(options["percent"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        bump_content_version()  # an update sends no save signals: cached pages must go by hand
        official = Person.objects.get(pk=result["official"])
        named, entries = facet_share(official.pk)
        share = 100 * named / entries if entries else 0.0
        self.stdout.write(
            f"{official.full_name} (person {official.pk}): {result['statements']} statements "
            f"given, {result['entries']} entries re-indexed in "
            f"{time.perf_counter() - started:.1f}s; named in {named:,} of {entries:,} "
            f"entries ({share:.1f} %)."
        )
