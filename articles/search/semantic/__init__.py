"""Meaning search (issue 16): an embedding per unit of text that carries meaning.

A unit is a statement, a body paragraph, a target, a photo caption, a document title or an
article's title and lead, embedded from its Vietnamese original by the multilingual model behind
`backends.get_backend()`; an English or Vietnamese question is embedded as a query and its
nearest units are found by an HNSW index (models.Embedding). Each unit belongs to one search
result (a paragraph to its article), so nearest units can be fused with the full-text results.
Vectors are written by `units.refresh()` on every save (signals.py) and by
`manage.py embed_units`.
"""
