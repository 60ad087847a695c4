"""Load every fixture in fixtures/ (the seed article and its records); safe to run again."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load fixtures/*.json. They carry fixed keys, so loading again updates, never duplicates."
    )

    def handle(self, *args: object, **options: object) -> None:
        fixtures = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))
        if not fixtures:
            self.stdout.write("No fixtures to load.")
            return
        call_command("loaddata", *[str(path) for path in fixtures], verbosity=options["verbosity"])
