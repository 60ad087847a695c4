"""Nearest units to a question or to a unit: the meaning half of search and related records.

Distances are cosine distances (0 identical, 2 opposite) from the HNSW index; only units public
now (public_from <= now(), like the search index's entries) are returned.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db import connections, router, transaction

from articles.search.semantic.backends import Backend, get_backend
from articles.search.semantic.models import Embedding

# Nearest units read from the index before grouping them by search result: several units
# (an article's paragraphs) may belong to one result. The HNSW scan's candidate list
# (hnsw.ef_search) must be at least this long or the index returns fewer rows.
UNIT_CANDIDATES = 60
EF_SEARCH = 100


def as_literal(vector: Sequence[float] | np.ndarray) -> str:
    """pgvector's text form, cast to halfvec in SQL (no adapter to register per connection)."""
    return "[" + ",".join(f"{float(x):.6g}" for x in vector) + "]"


# Meaning's part of a search (articles/search/sql.py fuses it with the words' part):
RRF_K = 60  # reciprocal rank fusion's usual constant: rank 1 scores 1/61, rank 10 1/70
NEAR_RESULTS = 10  # search results meaning may add, at most
# e5's cosine distances are compressed and depend on the question (on the judged set an English
# answer lies at 0.15-0.25, a Vietnamese one at 0.12-0.18, an off-topic question's nearest unit
# at 0.17-0.26): no absolute line separates them, so a unit counts as similar when it is within
# WINDOW of the nearest one, and never beyond MAX_DISTANCE.
MAX_DISTANCE = 0.25
WINDOW = 0.04
NEAR_ARGS = {
    "near_units": UNIT_CANDIDATES,
    "near_results": NEAR_RESULTS,
    "max_distance": MAX_DISTANCE,
    "window": WINDOW,
    "rrf_k": RRF_K,
}


def near_entries_sql(filters: str, public_only: bool) -> str:
    """The CTEs `near_units` (nearest units to %(qvec)s, by the HNSW index) and `near` (their
    search results passing `filters`, an SQL condition on search_entry e, ranked `srank`)."""
    public = "WHERE public_from <= now()" if public_only else ""
    return f"""near_units AS MATERIALIZED (
            SELECT entry_kind, entry_id, embedding <=> %(qvec)s::halfvec AS distance
            FROM semantic_embedding {public}
            ORDER BY embedding <=> %(qvec)s::halfvec LIMIT %(near_units)s),
        near AS MATERIALIZED (
            SELECT e.id, e.kind, e.date, e.person_ids, e.document_ids, e.pillar_ids,
                   n.distance, row_number() OVER (ORDER BY n.distance, e.id) AS srank
            FROM (SELECT entry_kind, entry_id, min(distance) AS distance FROM near_units
                  GROUP BY entry_kind, entry_id) n
            JOIN public.search_entry e ON e.kind = n.entry_kind AND e.object_id = n.entry_id
            WHERE n.distance <= least(%(max_distance)s,
                                      (SELECT min(distance) FROM near_units) + %(window)s)
              AND {filters}
            ORDER BY n.distance, e.id LIMIT %(near_results)s)"""  # noqa: S608 - constant fragments, values are parameters


@functools.lru_cache(maxsize=256)
def cached_query_vector(text: str, backend_name: str) -> str:
    return as_literal(get_backend().embed_query(text))


def query_vector(text: str) -> str:
    """A question's vector as an SQL literal, cached (a results page asked again, paged).
    Raises SemanticUnavailable when the model cannot be loaded."""
    return cached_query_vector(text, get_backend().name)


def scan_settings(cursor) -> None:
    """Inside a transaction: a longer candidate list, and pgvector 0.8's iterative scan so a
    filter (public_from, another article) cannot leave the answer short."""
    cursor.execute(f"SET LOCAL hnsw.ef_search = {EF_SEARCH}")
    cursor.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")


NEAREST_ENTRIES_SQL = """
WITH units AS MATERIALIZED (
    SELECT entry_kind, entry_id, embedding <=> %(q)s::halfvec AS distance
    FROM semantic_embedding
    WHERE public_from <= now()
    ORDER BY embedding <=> %(q)s::halfvec
    LIMIT %(units)s
)
SELECT entry_kind, entry_id, min(distance) AS distance
FROM units GROUP BY entry_kind, entry_id
ORDER BY distance, entry_kind, entry_id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Near:
    kind: str
    object_id: int
    distance: float


def nearest_entries(text: str, limit: int = 20, backend: Backend | None = None) -> list[Near]:
    """The search results whose units mean most nearly what `text` asks, nearest first.

    Raises SemanticUnavailable when the model cannot be loaded.
    """
    vector = (backend or get_backend()).embed_query(text)
    alias = router.db_for_read(Embedding)  # a replica, when the public site reads from one
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        scan_settings(cursor)
        cursor.execute(
            NEAREST_ENTRIES_SQL,
            {"q": as_literal(vector), "units": max(UNIT_CANDIDATES, limit), "limit": limit},
        )
        return [Near(kind, pk, float(d)) for kind, pk, d in cursor.fetchall()]


# Statements nearest in meaning to one unit: other articles first (what the reader has not
# seen on this page), then the nearest. The unit's stored vector is the question (a scalar
# subquery, which the HNSW index orders by like a constant): no model run. Statements citing
# `document` (those the document's page lists already) are left out.
RELATED_CANDIDATES = 40  # pgvector's default hnsw.ef_search: what one index scan returns
RELATED_SQL = """
WITH me AS (SELECT embedding, article_id FROM semantic_embedding
            WHERE unit = %(unit)s AND object_id = %(id)s),
near AS MATERIALIZED (
    SELECT object_id, article_id, embedding <=> (SELECT embedding FROM me) AS distance
    FROM semantic_embedding
    WHERE unit = 'statement' AND public_from <= now()
      AND NOT (unit = %(unit)s AND object_id = %(id)s)
      AND NOT EXISTS (SELECT 1 FROM articles_statement_documents d
                      WHERE d.statement_id = object_id AND d.document_id = %(document)s)
    ORDER BY embedding <=> (SELECT embedding FROM me)
    LIMIT %(candidates)s
)
SELECT object_id, article_id IS DISTINCT FROM (SELECT article_id FROM me) AS elsewhere
FROM near
WHERE distance IS NOT NULL
ORDER BY elsewhere DESC, distance, object_id
LIMIT %(limit)s
"""


def related_statement_ids(unit: str, object_id: int, limit: int = 5) -> list[tuple[int, bool]]:
    """(statement id, from another article) of the public statements nearest in meaning to a
    unit (an article's title and lead, a document's title), other articles first; [] while it
    has no vector. One statement: the index's default candidate list (hnsw.ef_search 40) holds
    enough statements for a page's few, so no transaction is opened to widen it."""
    alias = router.db_for_read(Embedding)  # a replica, when the public site reads from one
    with connections[alias].cursor() as cursor:
        cursor.execute(
            RELATED_SQL,
            {
                "unit": unit,
                "id": object_id,
                "document": object_id if unit == Embedding.Unit.DOCUMENT else None,
                "candidates": RELATED_CANDIDATES,
                "limit": limit,
            },
        )
        return [(pk, bool(elsewhere)) for pk, elsewhere in cursor.fetchall()]
