"""manage.py import_article FILE.json [--replace]: load an export_article file, all or nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.interchange import ImportRefused, import_article

MAX_FILE_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import an article with all its records from JSON (export_article's shape). A bad file is "
        "refused with the reason, and nothing is changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an existing article with the same Vietnamese slug.",
        )

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{file}: larger than {MAX_FILE_BYTES // 2**20} MiB; refused.")
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{file}: cannot read it ({error.strerror}).") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text; nothing imported.") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
                "nothing imported."
            ) from None
        try:
            article, created = import_article(data, replace=replace)
        except ImportRefused as error:
            raise CommandError(f"{file}: refused, nothing imported. {error}") from None
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(created.items()))
        self.stdout.write(f"Imported article {article.pk} ({summary or 'nothing new'}).")
