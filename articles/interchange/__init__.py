"""An article with all its records as one JSON file in the API's shape: export and import.

`export_article` writes the article's API detail and the full API details of every record it
links to (export.py); `import_article` parses the file with schemas derived from the API's
(shape.py), checks how its records fit together (check.py) and writes it all in one
transaction (writer/). A bad file raises ImportRefused naming each problem's place in the
file, and nothing is written.
"""

from collections import Counter

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import override

from articles.interchange.check import check
from articles.interchange.export import DEFAULT_BASE_URL, export_article
from articles.interchange.shape import ImportRefused, parse
from articles.interchange.writer import Writer
from articles.models import Article

__all__ = ["DEFAULT_BASE_URL", "ImportRefused", "export_article", "import_article"]


def import_article(
    text: str | bytes, *, replace: bool = False
) -> tuple[Article, Counter[tuple[str, str]]]:
    """Import an article file. Returns the article and a tally of (record kind, what happened:
    created, updated, unchanged, kept, deleted)."""
    file = parse(text)
    check(file)
    writer = Writer(file, replace=replace)
    try:
        # Vietnamese active, so the untranslated base columns modeltranslation keeps get it.
        with override("vi"), transaction.atomic():
            article = writer.run()
    except (IntegrityError, DataError) as error:  # e.g. a deferred constraint at commit
        reason = str(error).splitlines()[0]
        raise ImportRefused([f"file: the database refused it ({reason})"]) from None
    return article, writer.tally
