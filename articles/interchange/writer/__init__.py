"""Writing a checked article file into the database: article.py (to be split)."""

from articles.interchange.writer.article import Writer

__all__ = ["Writer"]
