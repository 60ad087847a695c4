"""manage.py export_article ID [-o FILE] [--base-url URL]: an article and all its records as
JSON in the API's shape (see articles/interchange)."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from articles.interchange import DEFAULT_BASE_URL, export_article


class Command(BaseCommand):
    help = (
        "Write an article (drafts too) with every record it links to, each as the JSON API's "
        "detail endpoint gives it, for import_article."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("article_id", type=int)
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"The public site's address, for the `url`s (default {DEFAULT_BASE_URL}).",
        )

    def handle(
        self, *args: object, article_id: int, output: str | None, base_url: str, **options: object
    ) -> None:
        try:
            data = export_article(article_id, base_url=base_url)
        except Http404:
            raise CommandError(f"No article with id {article_id}.") from None
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"Article {article_id} written to {output}.")
        else:
            self.stdout.write(text, ending="")
