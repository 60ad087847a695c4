"""Load every fixture in fixtures/ (the seed article and its records); safe to run again."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation

from articles.seed import fixture_paths


class Command(BaseCommand):
    help = (
        "Generate the seed's placeholder images, load fixtures/*.json, then the photos' WebP "
        "renditions. The fixtures carry fixed keys, so loading again updates, never duplicates."
    )

    def handle(self, *args: object, **options: object) -> None:
        fixtures = fixture_paths()
        if not fixtures:
            self.stdout.write("No fixtures to load.")
            return
        call_command("make_placeholders", verbosity=options["verbosity"], stdout=self.stdout)
        # modeltranslation fills each untranslated base column (`title`, …) from the active
        # language's column; pin it to the default language so raw-column readers see Vietnamese.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            call_command(
                "loaddata", *[str(path) for path in fixtures], verbosity=options["verbosity"]
            )
        # loaddata does not call Photo.save(), which makes the renditions of an upload.
        call_command("make_renditions", verbosity=options["verbosity"], stdout=self.stdout)
