"""Which texts are embedded, for which search result, public when; writing their vectors.

Each unit kind has a builder that takes ids and returns their `Unit`s with a fixed number of
queries, like the search index's builders (articles/search/indexing/), whose text cleaning and
visibility calls (articles/visibility.py) these reuse: a unit is public exactly when the search
entry it belongs to is. Only units whose text (or model) changed are embedded again; the others
just get their `public_from` updated, so a save that touches an article's whole neighbourhood
costs a few queries, not a model run per paragraph.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from articles import visibility
from articles.models import Article, BodyBlock, Document, Photo, Statement, Target
from articles.search.entry import SearchEntry
from articles.search.indexing.text import clean, join
from articles.search.semantic.backends import Backend, get_backend
from articles.search.semantic.models import Embedding

Unit = Embedding.Unit
Kind = SearchEntry.Kind
UnitKey = tuple[str, int]


@dataclass(frozen=True)
class UnitText:
    text: str
    entry: tuple[str, int]
    article_id: int | None
    public_from: object  # datetime | None

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def build_articles(ids: list[int]) -> dict[int, UnitText]:
    return {
        a.id: UnitText(
            join(a.title_vi, a.lead_vi, sep=". "),
            (Kind.ARTICLE, a.id),
            a.id,
            visibility.article_public_from(a),
        )
        for a in Article.objects.filter(id__in=ids)
    }


def build_paragraphs(ids: list[int]) -> dict[int, UnitText]:
    blocks = BodyBlock.objects.filter(id__in=ids, kind=BodyBlock.Kind.PARAGRAPH).select_related(
        "article"
    )
    return {
        b.id: UnitText(
            clean(b.text_vi),
            (Kind.ARTICLE, b.article_id),
            b.article_id,
            visibility.article_public_from(b.article),
        )
        for b in blocks
        if clean(b.text_vi)
    }


def build_statements(ids: list[int]) -> dict[int, UnitText]:
    return {
        s.id: UnitText(
            clean(s.text_vi),
            (Kind.STATEMENT, s.id),
            s.article_id,
            visibility.article_public_from(s.article),
        )
        for s in Statement.objects.filter(id__in=ids).select_related("article")
    }


def build_photos(ids: list[int]) -> dict[int, UnitText]:
    return {
        p.id: UnitText(
            clean(p.caption_vi),
            (Kind.PHOTO, p.id),
            p.article_id,
            visibility.article_public_from(p.article),
        )
        for p in Photo.objects.filter(id__in=ids).select_related("article")
        if clean(p.caption_vi)
    }


def build_targets(ids: list[int]) -> dict[int, UnitText]:
    published = visibility.first_public_at(Target, ids)
    return {
        t.id: UnitText(
            join(t.indicator_vi, t.scope_vi, sep=". "),
            (Kind.TARGET, t.id),
            t.article_id,
            published.get(t.id),
        )
        for t in Target.objects.filter(id__in=ids)
    }


def build_documents(ids: list[int]) -> dict[int, UnitText]:
    published = visibility.first_public_at(Document, ids)
    return {
        d.id: UnitText(clean(d.title_vi), (Kind.DOCUMENT, d.id), None, published.get(d.id))
        for d in Document.objects.filter(id__in=ids)
    }


BUILDERS: dict[str, tuple[Callable[[], Iterable[int]], Callable[[list[int]], dict]]] = {
    Unit.ARTICLE: (lambda: Article.objects.values_list("id", flat=True), build_articles),
    Unit.PARAGRAPH: (
        lambda: BodyBlock.objects.filter(kind=BodyBlock.Kind.PARAGRAPH).values_list(
            "id", flat=True
        ),
        build_paragraphs,
    ),
    Unit.STATEMENT: (lambda: Statement.objects.values_list("id", flat=True), build_statements),
    Unit.TARGET: (lambda: Target.objects.values_list("id", flat=True), build_targets),
    Unit.PHOTO: (lambda: Photo.objects.values_list("id", flat=True), build_photos),
    Unit.DOCUMENT: (lambda: Document.objects.values_list("id", flat=True), build_documents),
}


def units_of_entries(entries: Iterable[tuple[str, int]]) -> set[UnitKey]:
    """The units shown as these search results (an article's: its title and its paragraphs)."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in entries:
        by_kind[kind].add(object_id)
    found: set[UnitKey] = set()
    for kind in (Kind.STATEMENT, Kind.TARGET, Kind.PHOTO, Kind.DOCUMENT):
        found |= {(str(kind), i) for i in by_kind[kind]}
    articles = by_kind[Kind.ARTICLE]
    found |= {(Unit.ARTICLE, i) for i in articles}
    if articles:
        blocks = BodyBlock.objects.filter(article__in=articles, kind=BodyBlock.Kind.PARAGRAPH)
        found |= {(Unit.PARAGRAPH, i) for i in blocks.values_list("id", flat=True)}
    return found


def stored_hashes(hashes: set[str], model: str) -> set[str]:
    """Those of these texts that already have a vector from this model: in the seed two thirds
    of the body paragraphs repeat a statement word for word, and the model is the expensive
    part."""
    found = Embedding.objects.filter(text_hash__in=hashes, model=model)
    return set(found.values_list("text_hash", flat=True).distinct())


# The vector is copied inside the database: decoding 384 numbers per row into Python and
# formatting them back was what a large corpus's repeated texts cost (75 units/s a core).
COPY_STORED_VECTORS = f"""
    INSERT INTO {Embedding._meta.db_table} (unit, object_id, entry_kind, entry_id,
        article_id, public_from, model, text_hash, embedding, embedded_at)
    SELECT %(unit)s, v.object_id, v.entry_kind, v.entry_id, v.article_id, v.public_from,
           %(model)s, v.text_hash, stored.embedding, %(now)s
    FROM unnest(%(ids)s::bigint[], %(kinds)s::text[], %(entry_ids)s::bigint[],
                %(article_ids)s::bigint[], %(public_from)s::timestamptz[], %(hashes)s::text[])
         AS v(object_id, entry_kind, entry_id, article_id, public_from, text_hash)
    JOIN LATERAL (SELECT e.embedding FROM {Embedding._meta.db_table} e
                  WHERE e.text_hash = v.text_hash AND e.model = %(model)s LIMIT 1) stored ON true
    ON CONFLICT (unit, object_id) DO UPDATE SET entry_kind = EXCLUDED.entry_kind,
        entry_id = EXCLUDED.entry_id, article_id = EXCLUDED.article_id,
        public_from = EXCLUDED.public_from, model = EXCLUDED.model,
        text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding,
        embedded_at = EXCLUDED.embedded_at
"""  # noqa: S608 - the table name is ours, every value is a parameter


def copy_stored_vectors(unit: str, units: dict[int, UnitText], model: str, now: datetime) -> None:
    """Give these units the vector their text already has (a unit whose text lost its vector
    meanwhile is left without one, for `embed_units --missing-only`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            COPY_STORED_VECTORS,
            {
                "unit": unit,
                "model": model,
                "now": now,
                "ids": list(units),
                "kinds": [u.entry[0] for u in units.values()],
                "entry_ids": [u.entry[1] for u in units.values()],
                "article_ids": [u.article_id for u in units.values()],
                "public_from": [u.public_from for u in units.values()],
                "hashes": [u.text_hash for u in units.values()],
            },
        )


def write(unit: str, ids: list[int], backend: Backend | None = None) -> int:
    """Bring the vectors of these units up to date; vanished units lose theirs.

    Returns how many were embedded or copied. New texts are embedded in one call; a text that
    already has a vector (another unit's) gets a copy of it. When the model is unavailable
    (SemanticUnavailable) nothing is written, so `embed_units --missing-only` can catch up later.
    """
    built = BUILDERS[unit][1](ids)
    Embedding.objects.filter(unit=unit, object_id__in=set(ids) - set(built)).delete()
    if not built:
        return 0
    stored = {
        e.object_id: e
        for e in Embedding.objects.filter(unit=unit, object_id__in=built).only(
            "id", "object_id", "text_hash", "model", "public_from", "entry_kind", "entry_id"
        )
    }
    backend = backend or get_backend()
    stale = {
        object_id
        for object_id, data in built.items()
        if object_id not in stored
        or stored[object_id].text_hash != data.text_hash
        or stored[object_id].model != backend.name
    }
    known = stored_hashes({built[i].text_hash for i in stale}, backend.name)
    # Texts the model has not seen yet, and texts another unit's vector can be copied from.
    new = {i: built[i] for i in sorted(stale) if built[i].text_hash not in known}
    copied = {i: built[i] for i in sorted(stale) if built[i].text_hash in known}
    # Each new text once, even when several units of the batch share it (the same paragraph
    # in several articles of a synthetic corpus; a caption repeated under a series of photos).
    todo = list(dict.fromkeys(data.text for data in new.values()))
    made = dict(zip(todo, backend.embed_passages(todo), strict=True))
    now = timezone.now()
    rows = [
        Embedding(
            unit=unit,
            object_id=object_id,
            entry_kind=data.entry[0],
            entry_id=data.entry[1],
            article_id=data.article_id,
            public_from=data.public_from,
            model=backend.name,
            text_hash=data.text_hash,
            embedding=made[data.text],
            embedded_at=now,
        )
        for object_id, data in new.items()
    ]
    Embedding.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "object_id"],
        update_fields=[
            "entry_kind",
            "entry_id",
            "article_id",
            "public_from",
            "model",
            "text_hash",
            "embedding",
            "embedded_at",
        ],
    )
    if copied:
        copy_stored_vectors(unit, copied, backend.name, now)
    # Unchanged text, maybe changed visibility (an article published) or parent.
    moved = [
        Embedding(
            id=stored[object_id].id,
            public_from=data.public_from,
            entry_kind=data.entry[0],
            entry_id=data.entry[1],
            article_id=data.article_id,
        )
        for object_id, data in built.items()
        if object_id in stored
        and object_id not in stale
        and (
            stored[object_id].public_from != data.public_from
            or (stored[object_id].entry_kind, stored[object_id].entry_id) != data.entry
        )
    ]
    Embedding.objects.bulk_update(moved, ["public_from", "entry_kind", "entry_id", "article_id"])
    return len(stale)


def refresh(keys: Iterable[UnitKey], backend: Backend | None = None) -> int:
    by_unit: dict[str, set[int]] = defaultdict(set)
    for unit, object_id in keys:
        by_unit[unit].add(object_id)
    return sum(write(unit, sorted(ids), backend) for unit, ids in by_unit.items())


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def ids_to_embed(unit: str, missing_only: bool, part: tuple[int, int] = (1, 1)) -> list[int]:
    number, parts = part
    ids = [i for i in sorted(BUILDERS[unit][0]()) if i % parts == number - 1]
    if missing_only:
        done = set(Embedding.objects.filter(unit=unit).values_list("object_id", flat=True))
        ids = [i for i in ids if i not in done]
    return ids


def embed_all(
    batch_size: int = 64,
    missing_only: bool = False,
    report: Callable[[str, int, int], None] | None = None,
    units: Iterable[str] = tuple(BUILDERS),
    part: tuple[int, int] = (1, 1),
) -> int:
    """Embed every unit (or only those without a vector), one committed batch at a time.

    Each batch commits on its own, so an interrupted run loses at most one batch and
    `missing_only` finishes it. A full run also removes vectors of units that are gone, and
    re-embeds only texts that changed since (the hash), so running it again is cheap.
    `part` (K, N) takes every N-th id from the K-th: N processes (on N cores or machines)
    share a large archive, and texts one of them embedded are reused by the others.
    """
    backend = get_backend()
    total = 0
    for unit in units:
        ids = ids_to_embed(unit, missing_only, part)
        done = 0
        for batch in chunks(ids, batch_size):
            with transaction.atomic():
                total += write(unit, batch, backend)
            done += len(batch)
            if report:
                report(unit, done, len(ids))
        if not missing_only and part == (1, 1):
            Embedding.objects.filter(unit=unit).exclude(object_id__in=BUILDERS[unit][0]()).delete()
    return total
