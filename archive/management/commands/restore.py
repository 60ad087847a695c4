"""manage.py restore FILE: replace the database and media files with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the database and media)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--database", help="Restore into this database instead")
        parser.add_argument("--media-root", help="Restore media files here instead")
        parser.add_argument("--no-input", action="store_true", help="Do not ask to confirm")

    def handle(self, *args, **options) -> None:
        if not options["no_input"]:
            answer = input("This replaces the database and media files. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        media_root = Path(options["media_root"]) if options["media_root"] else None
        try:
            restore_backup(Path(options["file"]), options["database"], media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['file']}")
