"""manage.py backup [FILE]: dump the database and media files into one tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ops.backup import BackupError, create_backup, default_destination


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the media files into a .tar.gz archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="Destination (default var/backups/…)")

    def handle(self, *args, **options) -> None:
        destination = Path(options["file"]) if options["file"] else default_destination()
        try:
            path = create_backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes)")
