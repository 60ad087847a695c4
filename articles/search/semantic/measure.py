"""Figures for `manage.py bench` and docs/scaling.md: embedding speed and disk per vector."""

import time

from django.db import connection, transaction

from articles.search.semantic.backends import DIMENSIONS, get_backend
from articles.search.semantic.models import Embedding


def embedding_seconds_per_1000(sample: int = 200) -> float:
    """Seconds to embed 1,000 units with the configured backend, from a sample of the stored
    units' texts (statements and paragraphs: the longest), extrapolated linearly."""
    from articles.search.semantic.units import BUILDERS

    texts: list[str] = []
    for unit in (Embedding.Unit.PARAGRAPH, Embedding.Unit.STATEMENT):
        ids_of, build = BUILDERS[unit]
        ids = list(ids_of()[:sample])
        texts += [u.text for u in build(ids).values()]
    texts = texts[:sample] or ["Tỉnh Nghệ An phấn đấu chuyển đổi số."]
    backend = get_backend()
    backend.embed_passages(texts[:2])  # load the model outside the timing
    started = time.perf_counter()
    backend.embed_passages(texts)
    return (time.perf_counter() - started) / len(texts) * 1000


def disk_bytes_per_million(rows: int = 20_000) -> int:
    """Bytes a million vectors take with their HNSW index, measured on `rows` random ones in a
    temporary table shaped like semantic_embedding (the row's other columns included)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_embedding (LIKE semantic_embedding INCLUDING DEFAULTS)"
            " ON COMMIT DROP"
        )
        cursor.execute(
            """INSERT INTO bench_embedding (id, unit, object_id, entry_kind, entry_id, article_id,
                   public_from, model, text_hash, embedding, embedded_at)
               SELECT i, 'paragraph', i, 'article', i / 30, i / 30, now(), 'e5-small-q4',
                      md5(i::text) || md5(i::text),
                      (SELECT array_agg(random() - 0.5) FROM generate_series(1, %s)
                       WHERE i > 0)::vector::halfvec,
                      now()
               FROM generate_series(1, %s) AS i""",
            [DIMENSIONS, rows],
        )
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            "CREATE INDEX ON bench_embedding USING hnsw (embedding halfvec_cosine_ops)"
            " WITH (m = 16, ef_construction = 64)"
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_embedding (unit, object_id)")
        cursor.execute("CREATE INDEX ON bench_embedding (entry_kind, entry_id)")
        cursor.execute("SELECT pg_total_relation_size('bench_embedding')")
        size = cursor.fetchone()[0]
    return int(size / rows * 1_000_000)
