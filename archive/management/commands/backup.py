"""manage.py backup [FILE]: dump the database and media files into one tar.gz."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media files into a .tar.gz archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="Destination (default var/backups/…)")

    def handle(self, *args, **options) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.BASE_DIR, "var", "backups", f"archive-{stamp}.tar.gz")
        destination = Path(options["file"]) if options["file"] else default
        try:
            path = create_backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes)")
