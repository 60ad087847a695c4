"""manage.py export_article ID [-o FILE]: an article and all its records as JSON (API shape)."""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.interchange import export_article
from articles.models import Article


class Command(BaseCommand):
    help = "Write an article with all its records as JSON, for import_article."

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_id", type=int)
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, article_id: int, output: str | None, **options) -> None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"No article with id {article_id}.")
        text = json.dumps(export_article(article), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"Article {article_id} written to {output}.")
        else:
            self.stdout.write(text, ending="")
