"""Generate the labelled placeholder image of every seed photo whose original is not available."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.placeholders import render
from articles.seed import fixture_paths, placeholder_specs


class Command(BaseCommand):
    help = (
        "Write a clearly labelled placeholder image into MEDIA_ROOT at the path each fixture photo "
        "names. Existing files are kept (so a real photo is never overwritten) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Regenerate images that already exist."
        )

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        created = kept = 0
        for spec in placeholder_specs(fixture_paths()):
            if default_storage.exists(spec.image):
                if not force:
                    kept += 1
                    continue
                default_storage.delete(spec.image)
            # save() would rename on a clash; the fixture's path must be used exactly.
            saved_as = default_storage.save(spec.image, ContentFile(render(spec)))
            if saved_as != spec.image:
                raise CommandError(f"{spec.image} was stored as {saved_as}; check MEDIA_ROOT.")
            created += 1
        if options["verbosity"]:
            self.stdout.write(f"Placeholder images: {created} written, {kept} already present.")
