"""manage.py import_article FILE.json [--replace]: load an export_article file, all or nothing."""

from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.interchange import ImportRefused, import_article

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import an article with all its records from an export_article file (the API's JSON "
        "shape). Records that exist already (matched by slug, or a document by symbol, issuer "
        "and date) are used as they are. A bad file is refused with every problem and its place "
        "in the file, and nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Update an existing article with the same Vietnamese slug, and bring every "
                "record in the file to the file's content (rows of theirs it lacks are deleted)."
            ),
        )

    def handle(self, *args: object, file: Path, replace: bool, **options: object) -> None:
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file}: larger than {MAX_FILE_BYTES // 2**20} MiB; refused.")
            text = file.read_bytes().decode("utf-8")
        except OSError as error:
            raise CommandError(f"{file}: cannot read it ({error.strerror}).") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text; nothing imported.") from None
        try:
            article, tally = import_article(text, replace=replace)
        except ImportRefused as error:
            raise CommandError(f"{file}: refused, nothing imported.\n{error}") from None
        self.stdout.write(f"Imported article {article.pk}.")
        for what in ("created", "updated", "deleted", "unchanged", "kept"):
            line = summary(tally, what)
            if line:
                self.stdout.write(f"  {what}: {line}")
        if tally and any(w == "kept" for _, w in tally):
            self.stdout.write(
                "  (kept: already in the database, used as they are; --replace updates them)"
            )


def summary(tally: Counter[tuple[str, str]], what: str) -> str:
    return ", ".join(f"{count} {kind}" for (kind, w), count in sorted(tally.items()) if w == what)
