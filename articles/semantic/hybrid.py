"""Hybrid ranking in SQL: full-text candidates and nearest-neighbour candidates, fused.

`HybridSqlBuilder` is the search's SqlBuilder with its candidate CTEs replaced: the keyword
matches are ranked as before (`kscored`), the nearest units to the question's vector are grouped
by search result and filtered like any result (`near`), and the two lists are fused by
reciprocal rank fusion (1 / (K + rank) summed over the lists a result is in). The page, the
facets and the exports read `cand` and `scored` as before, so they need no change.

Keyword matches keep priority when the words are precise on their own: a document symbol, a
quoted phrase, an official's name found among the people. There every result the words find
comes first, and meaning only adds what follows.
"""

import functools
from dataclasses import dataclass

from django.db import connection, transaction

from articles.search_query import TIMEOUT_MS, SearchParams, clean_query
from articles.search_sql import SqlBuilder, bound_transaction
from articles.semantic.backends import get_backend
from articles.semantic.neighbours import as_literal, scan_settings

RRF_K = 60  # the usual constant: rank 1 scores 1/61, rank 10 1/70
NEAR_UNITS = 60  # nearest units read from the HNSW index (hnsw.ef_search must be larger)
NEAR_RESULTS = 10  # search results they may add, at most
# e5's cosine distances are compressed and depend on the question (on the judged set an English
# answer lies at 0.15-0.25, a Vietnamese one at 0.12-0.18, an off-topic question's nearest unit
# at 0.17-0.26): no absolute line separates them, so a unit counts as similar when it is within
# WINDOW of the nearest one, and never beyond MAX_DISTANCE.
MAX_DISTANCE = 0.25
WINDOW = 0.04

MODES = ("hybrid", "semantic", "words")


@functools.lru_cache(maxsize=256)
def query_vector(text: str, backend_name: str) -> str:
    """The question's vector as a SQL literal (cached: a results page asked again, paged)."""
    return as_literal(get_backend().embed_query(text))


@dataclass
class HybridSqlBuilder(SqlBuilder):
    mode: str = "hybrid"
    vector: str = ""  # the question's vector (query_vector()); '' for keyword-only

    def __post_init__(self) -> None:
        super().__post_init__()
        self.args.update(
            qvec=self.vector,
            near_units=NEAR_UNITS,
            near_results=NEAR_RESULTS,
            max_distance=MAX_DISTANCE,
            window=WINDOW,
            rrf_k=RRF_K,
        )

    def filters(self) -> str:
        """The conditions of where() that are not about the words: visibility and facets."""
        p = self.params
        conditions = []
        if p.public_only:
            conditions.append("e.public_from <= now()")
        if p.types:
            conditions.append("e.kind = ANY(%(types)s)")
        if p.person_ids:
            conditions.append("e.person_ids @> %(persons)s::bigint[]")
        if p.document_ids:
            conditions.append("e.document_ids @> %(documents)s::bigint[]")
        if p.pillar_ids:
            conditions.append("e.pillar_ids @> %(pillars)s::bigint[]")
        if p.date_from:
            conditions.append("e.date >= %(date_from)s")
        if p.date_to:
            conditions.append("e.date <= %(date_to)s")
        return " AND ".join(conditions) or "true"

    def where(self) -> str:
        # Meaning mode: no result is matched by its words.
        return "false" if self.mode == "semantic" and self.vector else super().where()

    def keyword_first(self) -> str:
        if self.query.symbol_keys or self.query.has_phrase:
            return "true"
        if self.query.name:
            return "EXISTS (SELECT 1 FROM names WHERE sim >= %(name_match)s)"
        return "false"

    def near_ctes(self) -> str:
        public = "WHERE public_from <= now()" if self.params.public_only else ""
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
              AND {self.filters()}
            ORDER BY n.distance, e.id LIMIT %(near_results)s)"""  # noqa: S608 - constant fragments, values are parameters

    @property
    def fused(self) -> bool:
        """Whether meaning takes part (a vector, and not words-only mode)."""
        return bool(self.vector) and self.mode != "words"

    def why_columns(self, alias: str) -> str:
        """Matched by words, matched by meaning: the two booleans of each result."""
        if self.fused:
            return f"{alias}.by_words, {alias}.by_meaning"
        return "true, false"

    def candidates(self, cap: int) -> str:
        if not self.fused:
            return super().candidates(cap)
        keyword = super().candidates(cap)
        # The keyword CTEs under other names; in meaning mode they match nothing.
        keyword = keyword.replace("cand AS MATERIALIZED", "kcand AS MATERIALIZED", 1)
        keyword = keyword.replace("scored AS MATERIALIZED", "kscored AS MATERIALIZED", 1)
        keyword = keyword.replace("FROM cand c JOIN", "FROM kcand c JOIN", 1)
        keyword_first = self.keyword_first()
        return f"""{keyword},
        {self.near_ctes()},
        cand AS MATERIALIZED (
            SELECT id, kind, date, person_ids, document_ids, pillar_ids FROM kcand
            UNION SELECT id, kind, date, person_ids, document_ids, pillar_ids FROM near),
        ranked AS MATERIALIZED (
            SELECT *, row_number() OVER (ORDER BY score DESC, date DESC NULLS LAST, id DESC)
                   AS krank
            FROM kscored),
        scored AS MATERIALIZED (
            SELECT c.id, c.date, coalesce(k.in_vi, false) AS in_vi,
                   coalesce(k.in_en, false) AS in_en,
                   (coalesce(1.0 / (%(rrf_k)s + k.krank), 0)
                    + coalesce(1.0 / (%(rrf_k)s + n.srank), 0)
                    + CASE WHEN k.id IS NOT NULL AND {keyword_first} THEN 1 ELSE 0 END
                   )::float8 AS score,
                   k.id IS NOT NULL AS by_words, n.id IS NOT NULL AS by_meaning
            FROM cand c LEFT JOIN ranked k ON k.id = c.id LEFT JOIN near n ON n.id = c.id)"""  # noqa: S608 - constant fragments, values are parameters

    def ranked_sql(self, limit: int) -> str:
        """Just the ranked results (kind, id, by words, by meaning): for tests and the bench."""
        self.args["limit"] = limit
        return f"""WITH {self.q_cte()}, {self.names_cte()}, {self.candidates(10_000)}
        SELECT coalesce(json_agg(json_build_array(e.kind, e.object_id, {self.why_columns("s")})
                                 ORDER BY s.score DESC, s.date DESC NULLS LAST, s.id DESC), '[]')
        FROM (SELECT * FROM scored ORDER BY score DESC, date DESC NULLS LAST, id DESC
              LIMIT %(limit)s) s
        JOIN public.search_entry e ON e.id = s.id"""  # noqa: S608 - constant fragments, values are parameters


def hybrid_ranked(params: SearchParams, mode: str = "hybrid", limit: int = 10) -> list[tuple]:
    """(kind, object id, matched by words, matched by meaning) of the first `limit` results."""
    query = clean_query(params.q)
    backend = get_backend()
    vector = query_vector(query.text, backend.name) if query.text and mode != "words" else ""
    builder = HybridSqlBuilder(params, query, mode=mode, vector=vector)
    with transaction.atomic(), connection.cursor() as cursor:
        bound_transaction(cursor, TIMEOUT_MS)
        scan_settings(cursor)
        cursor.execute(builder.ranked_sql(limit), builder.args)
        return [tuple(row) for row in cursor.fetchone()[0]]
