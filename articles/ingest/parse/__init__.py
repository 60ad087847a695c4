"""From an article's text, as Báo Nghệ An prints it, to the records it reports. Pure functions.

The newspaper's form: the title; the byline and time ("Thành Duy 28/05/2022 12:29"); the lead
beginning "(Baonghean.vn) -"; paragraphs, UPPER-CASE subheadings and photo captions ending
"Ảnh: NAME". Officials are named "đồng chí NAME - TITLE, TITLE", listed as "các đồng chí: A -
TITLE; B - TITLE", or named after their title ("Bí thư Tỉnh ủy Thái Thanh Quý"); later
paragraphs often use the title alone ("Bí thư Tỉnh ủy đề nghị…") or "người đứng đầu ORG".

Nothing here touches the database: `parse_article(text)` returns an `Extraction` that match.py
compares with existing records and create.py writes once the editor has reviewed it.

The modules, in the order they build on each other: conventions.py (the newspaper's form, as
data), text.py (shared text helpers; text or HTML in), records.py (the `Extraction` and its
mentions), people.py, documents.py, meeting.py (with its agenda), statements.py, targets.py,
and article.py (`parse_article`, which reads the article's parts and calls each of them).
"""

from articles.ingest.parse.article import parse_article
from articles.ingest.parse.documents import find_documents
from articles.ingest.parse.people import find_people, split_posts
from articles.ingest.parse.records import DocumentMention, Extraction, PersonMention
from articles.ingest.parse.text import fold, html_to_text, looks_like_html, similarity, title_key

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
