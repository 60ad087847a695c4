"""Write the responsive WebP renditions of every stored photo that lacks them."""

from django.core.management.base import BaseCommand, CommandParser

from archive.lib.renditions import make_renditions
from articles.models import Photo


class Command(BaseCommand):
    help = (
        "Write WebP renditions (400, 800 and 1,200 px wide) next to each photo in MEDIA_ROOT, "
        "for the pages' srcset. Existing renditions are kept unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rewrite existing renditions.")

    def handle(self, *args: object, force: bool = False, **options: object) -> None:
        written = 0
        for photo in Photo.objects.exclude(image="").only("image").iterator():
            written += len(make_renditions(photo.image.storage, photo.image.name, force=force))
        if options["verbosity"]:
            self.stdout.write(f"Photo renditions: {written} written.")
