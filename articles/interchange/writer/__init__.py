"""Writing a checked article file into the database (the caller holds the transaction).

Records the file shares with other articles are matched to existing ones by natural key, since
ids differ from one database to another: people by slug, organizations, topics and meetings by
Vietnamese slug, documents by symbol + issuer + date (the document's identity) or else by
Vietnamese slug. A record that does not exist yet is created, keeping the file's id when it is
free, so an import into an empty database reproduces the ids (and the `url`s) of the export.

Without `replace`, existing records are used as they are: nothing in the database changes but
what is added (an existing article is refused). With `replace`, the article and every record in
the file are brought to the file's content: changed fields are saved, rows of theirs the file
lacks (positions, targets, attendees, statements, photos…) are deleted, and a record already
equal to the file is not written at all, so importing an unchanged export changes nothing.

`Writer` is built in layers, each using only the ones below it: rows.py (a record as the file
gives it), steps.py (the generic steps: match, validate, save, count, sync a list of rows),
shared.py (the records shared with other articles) and article.py (the article's own rows, and
`Writer.run`).
"""

from articles.interchange.writer.article import Writer

__all__ = ["Writer"]
