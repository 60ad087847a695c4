"""Rebuild the whole search index (`manage.py rebuild_search_index`), in batches.

Secondary indexes are dropped while the rows are written and built once after, which is many
times cheaper than updating them row by row; the batches may be written by forked workers.
"""

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

from django.db import connection, connections, reset_queries, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.search import vocabulary
from articles.search.entry import SearchEntry
from articles.search.indexing.writer import write
from articles.search.kinds import MODEL_OF_KIND
from articles.search.planner import drop_slice_indexes, refresh_slice_indexes


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def secondary_indexes_present() -> set[str]:
    names = {index.name for index in SearchEntry._meta.indexes}
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
    return names & set(found)


@contextmanager
def secondary_indexes_dropped() -> Iterator[None]:
    """Drop the search table's secondary (GIN, date, trigram) indexes; build them again after.

    Building a GIN index once over all rows is many times cheaper than updating it row by row.
    The unique (kind, object_id) index stays: the upsert needs it. Indexes missing at the start
    (a rebuild that was interrupted) are created at the end too, and the date slices are cut
    again with their own indexes (planner.py).
    """
    with connection.cursor() as cursor:
        for name in secondary_indexes_present():
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    drop_slice_indexes()
    try:
        yield
    finally:
        present = secondary_indexes_present()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
        with connection.schema_editor(atomic=False) as editor:
            for index in SearchEntry._meta.indexes:
                if index.name not in present:
                    editor.add_index(SearchEntry, index)
        with connection.cursor() as cursor:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
        refresh_slice_indexes()


def write_batch(job: tuple[str, list[int]]) -> tuple[str, int]:
    kind, ids = job
    # With DEBUG on, Django keeps the last 9,000 statements with their parameters: a batch of
    # 1,000 articles is megabytes of SQL, and a rebuild at 1M grew each worker past 6 GB.
    reset_queries()
    with transaction.atomic():
        return kind, write(kind, ids)


def ids_to_index(model: type, kind: str, missing_only: bool) -> list[int]:
    objects = model.objects.order_by("id")
    if missing_only:
        indexed = SearchEntry.objects.filter(kind=kind, object_id=OuterRef("id"))
        objects = objects.exclude(Exists(indexed))
    return list(objects.values_list("id", flat=True))


def rebuild_all(
    batch_size: int = 1000,
    report: Callable[[str, int], None] | None = None,
    workers: int = 1,
    missing_only: bool = False,
) -> int:
    """Rebuild every entry; entries of objects that no longer exist are removed at the end.

    Secondary indexes are dropped during the rebuild (searches still answer, slowly) and built
    again after. With `workers` > 1 the batches are written by that many forked processes; they
    see only committed rows, so inside a transaction (tests), or in a process running other
    threads, the work stays in this process. `missing_only` writes only the objects that have
    no entry yet and removes nothing: it finishes a rebuild that was interrupted (entries are
    committed batch by batch), which at a million articles takes hours.
    """
    started = timezone.now()
    jobs = [
        (kind, batch)
        for kind, model in MODEL_OF_KIND.items()
        for batch in chunks(ids_to_index(model, kind, missing_only), batch_size)
    ]
    written: dict[str, int] = dict.fromkeys(MODEL_OF_KIND, 0)
    # Forking a process that runs other threads (a live test server, a browser driver) can
    # deadlock the child on a lock some thread held: only a single-threaded process forks.
    forked = workers > 1 and not connection.in_atomic_block and threading.active_count() == 1
    with ExitStack() as stack:
        pool = None
        with secondary_indexes_dropped():
            if forked:
                connections.close_all()  # a forked child must open its own connection
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
                for kind, count in pool.imap_unordered(write_batch, jobs):
                    written[kind] += count
            else:
                for kind, count in map(write_batch, jobs):
                    written[kind] += count
            if not missing_only:
                SearchEntry.objects.filter(indexed_at__lt=started).delete()
            # "Did you mean" offers the words of the rebuilt index (vocabulary.py). The workers
            # count them, a share each, while this process builds the indexes again.
            counting = (
                pool.map_async(vocabulary.word_counts, [(part, workers) for part in range(workers)])
                if pool
                else None
            )
        counts = [row for part in counting.get() for row in part] if counting else None
        vocabulary.refresh(counts)
    if report:
        for kind, count in written.items():
            report(kind, count)
    return sum(written.values())
