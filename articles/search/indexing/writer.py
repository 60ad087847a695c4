"""Write search entries: rebuild the entries of some (kind, object id) keys from the database.

`reindex(keys)` builds each key's entry as the records are now and upserts it; an entry whose
object is gone is deleted. The signals (signals.py) and the rebuild (rebuild.py) both write here.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from articles.search.entry import SearchEntry
from articles.search.indexing.builders import BUILDERS
from articles.search.indexing.text import join

EntryKey = tuple[str, int]


def code_keys_of(texts: list[str]) -> list[list[str]]:
    """Normalized document symbols in each text, by the database's own vn_code_keys()."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.vn_code_keys(t)"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i",
            [texts],
        )
        return [row[0] for row in cursor.fetchall()]


def write(kind: str, ids: list[int]) -> int:
    """Rebuild the entries of `kind` for `ids`; entries of vanished objects are deleted."""
    built = BUILDERS[kind](ids)
    SearchEntry.objects.filter(kind=kind, object_id__in=set(ids) - set(built)).delete()
    if not built:
        return 0
    texts = [join(*d.title, *d.lead, *d.body) for d in built.values()]
    rows = []
    for (object_id, data), found in zip(built.items(), code_keys_of(texts), strict=True):
        rows.append(
            SearchEntry(
                kind=kind,
                object_id=object_id,
                title_vi=data.title[0],
                title_en=data.title[1],
                lead_vi=data.lead[0],
                lead_en=data.lead[1],
                body_vi=data.body[0],
                body_en=data.body[1],
                url_vi=data.urls[0],
                url_en=data.urls[1],
                citation_vi=data.citation[0],
                citation_en=data.citation[1],
                date=data.date,
                public_from=data.public_from,
                person_ids=sorted(i for i in data.person_ids if i),
                document_ids=sorted(i for i in data.document_ids if i),
                pillar_ids=sorted(i for i in data.pillar_ids if i),
                code_keys=sorted(set(found) | {k for k in data.symbol_keys if k}),
                symbol_key=data.own_symbol_key,
                indexed_at=timezone.now(),
            )
        )
    SearchEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=[
            f.name
            for f in SearchEntry._meta.concrete_fields
            if not f.primary_key and not f.generated and f.name not in ("kind", "object_id")
        ],
    )
    return len(rows)


def reindex(keys: Iterable[EntryKey]) -> int:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in keys:
        if object_id is not None:
            by_kind[kind].add(object_id)
    return sum(write(kind, sorted(ids)) for kind, ids in by_kind.items())
