"""From an article's text to the records it reports: article.py (to be split)."""

from articles.ingest.parse.article import (
    DocumentMention,
    Extraction,
    PersonMention,
    find_documents,
    find_people,
    fold,
    html_to_text,
    looks_like_html,
    parse_article,
    similarity,
    split_posts,
    title_key,
)

__all__ = [
    "DocumentMention",
    "Extraction",
    "PersonMention",
    "find_documents",
    "find_people",
    "fold",
    "html_to_text",
    "looks_like_html",
    "parse_article",
    "similarity",
    "split_posts",
    "title_key",
]
