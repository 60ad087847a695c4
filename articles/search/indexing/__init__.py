"""Writing the search index: builders.py (one builder per kind, from the records), writer.py
(upsert the entries of some keys), rebuild.py (everything, in batches); text.py holds the
text, URL and citation helpers the builders share."""
