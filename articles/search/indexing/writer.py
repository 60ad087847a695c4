"""Write search entries: rebuild the entries of some (kind, object id) keys from the database.

`reindex(keys)` builds each key's entry as the records are now and upserts it; an entry whose
object is gone is deleted. The signals (signals.py) and the rebuild (rebuild.py) both write here.

The three tsvectors are stored generated columns, and an `INSERT ... ON CONFLICT DO UPDATE`
that meets an existing row computes them twice (for the insert it tries, then for the update):
existing entries are therefore UPDATEd and only new ones inserted, so each vector is computed
once; and an UPDATE that leaves the texts out of its SET list computes none, so an entry whose
texts did not change (most of a rebuild) gets only its other columns. No statement returns
the vectors to Python (bulk_create would).
"""

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from articles.search.entry import SearchEntry
from articles.search.indexing.builders import BUILDERS
from articles.search.indexing.text import EntryData, join

EntryKey = tuple[str, int]

# ---------------------------------------------------------------- document symbols

# public.vn_code_keys() (archive/migrations/0001_search_setup.py) in Python, which spares a
# round trip per batch: the text is folded by unaccent, symbols are digits then at least one
# [-/]-separated part, start a word and hold a letter; the key is the symbol in capitals
# without separators. A test compares the two on every seed entry.
CODE = re.compile(r"(?<!\w)([0-9]+(?:[-/][0-9A-Za-z]+)+)")
LETTER = re.compile(r"[A-Za-z]")
NOT_KEY = re.compile(r"[^0-9A-Z]+")
# What the database's unaccent dictionary makes of each non-ASCII character met so far (its
# rules map single characters, so folding character by character is folding the text), and the
# characters a symbol can start from: digits, and what unaccent turns into some ('½' -> ' 1/2').
_unaccented: dict[int, str] = {}
_DIGITS = set("0123456789")


def learn(chars: set[str]) -> None:
    """Ask the database how it folds the characters of `chars` this process has not met."""
    new = sorted(ch for ch in chars if not ch.isascii() and ord(ch) not in _unaccented)
    if not new:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.immutable_unaccent(c) FROM unnest(%s::text[]) WITH ORDINALITY"
            " AS x(c, i) ORDER BY i",
            [new],
        )
        for ch, (folded,) in zip(new, cursor.fetchall(), strict=True):
            _unaccented[ord(ch)] = folded
            if not _DIGITS.isdisjoint(folded):
                _DIGITS.add(ch)


def code_keys(text: str) -> set[str]:
    """Normalized document symbols in `text`: what public.vn_code_keys() returns, as a set.

    A symbol holds no whitespace and unaccent maps no whitespace, so only the runs between
    whitespace that hold a digit (or a character unaccent makes one of) are folded and read:
    folding whole texts character by character costs more than the rest of the writer.
    """
    chars = set(text)
    learn(chars)
    if _DIGITS.isdisjoint(chars):
        return set()
    keys = set()
    for run in text.split():
        if _DIGITS.isdisjoint(run):
            continue
        folded = run if run.isascii() else run.translate(_unaccented)
        keys.update(
            NOT_KEY.sub("", code.upper()) for code in CODE.findall(folded) if LETTER.search(code)
        )
    return keys


# ---------------------------------------------------------------- writing rows

# Every column the writer sets, in order; the generated vectors and the id are the database's.
FIELDS = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key and not f.generated]
KEY = ("kind", "object_id")


def row_of(kind: str, object_id: int, data: EntryData, now) -> list:
    found = code_keys(join(*data.title, *data.lead, *data.body))
    values = {
        "kind": kind,
        "object_id": object_id,
        "title_vi": data.title[0],
        "title_en": data.title[1],
        "lead_vi": data.lead[0],
        "lead_en": data.lead[1],
        "body_vi": data.body[0],
        "body_en": data.body[1],
        "url_vi": data.urls[0],
        "url_en": data.urls[1],
        "citation_vi": data.citation[0],
        "citation_en": data.citation[1],
        "date": data.date,
        "public_from": data.public_from,
        "person_ids": sorted(i for i in data.person_ids if i),
        "document_ids": sorted(i for i in data.document_ids if i),
        "pillar_ids": sorted(i for i in data.pillar_ids if i),
        "code_keys": sorted(found | {k for k in data.symbol_keys if k}),
        "symbol_key": data.own_symbol_key,
        "indexed_at": now,
    }
    return [f.get_db_prep_save(values[f.name], connection) for f in FIELDS]


# What the generated columns (the three vectors, name_key) are computed from.
TEXTS = ("title_vi", "title_en", "lead_vi", "lead_en", "body_vi", "body_en")
POSITION = {f.name: i for i, f in enumerate(FIELDS)}
# Rows per statement: 20 parameters each stays far below PostgreSQL's 65,535 per statement
# (server-side binding) whatever --batch-size a rebuild is given.
ROWS_PER_STATEMENT = 1_000


def upsert(rows: list[list]) -> None:
    """Write the rows (see the module's docstring)."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        upsert_some(rows[start : start + ROWS_PER_STATEMENT])


def upsert_some(rows: list[list]) -> None:
    """Update the rows whose entry exists (leaving out the texts where they are unchanged, so
    PostgreSQL computes no vector for them) and insert the others."""
    object_id, kind = POSITION["object_id"], POSITION["kind"]
    texts_of = {row[object_id]: tuple(row[POSITION[t]] for t in TEXTS) for row in rows}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT object_id, {', '.join(TEXTS)} FROM {TABLE}"  # noqa: S608 - constant fragments
            " WHERE kind = %s AND object_id = ANY(%s)",
            [rows[0][kind], list(texts_of)],
        )
        stored = {key: tuple(texts) for key, *texts in cursor.fetchall()}
        unchanged = {key for key, texts in texts_of.items() if stored.get(key) == texts}
        edited = stored.keys() - unchanged
        same = [row for row in rows if row[object_id] in unchanged]
        changed = [row for row in rows if row[object_id] in edited]
        done = update(cursor, same, [f for f in FIELDS if f.name not in TEXTS])
        done |= update(cursor, changed, FIELDS)
        # Rows that were not there (or vanished meanwhile). ON CONFLICT: an entry written
        # meanwhile by another transaction is updated instead.
        new = [row for row in rows if row[object_id] not in done]
        if not new:
            return
        excluded = ", ".join(f"{c} = EXCLUDED.{c}" for c in assigned(FIELDS))
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(quoted(FIELDS))})"  # noqa: S608 - constant fragments
            f" VALUES {values_sql(FIELDS, len(new))}"
            f" ON CONFLICT (kind, object_id) DO UPDATE SET {excluded}",
            [value for row in new for value in row],
        )


def update(cursor, rows: list[list], fields: list) -> set[int]:
    """Set `fields` of the existing entries of `rows`; the object ids updated."""
    if not rows:
        return set()
    positions = [POSITION[f.name] for f in fields]
    sets = ", ".join(f"{c} = v.{c}" for c in assigned(fields))
    cursor.execute(
        f"UPDATE {TABLE} e SET {sets} FROM (VALUES {values_sql(fields, len(rows))})"  # noqa: S608 - constant fragments, values are parameters
        f" AS v({', '.join(quoted(fields))})"
        " WHERE e.kind = v.kind AND e.object_id = v.object_id RETURNING e.object_id",
        [row[i] for row in rows for i in positions],
    )
    return {object_id for (object_id,) in cursor.fetchall()}


TABLE = connection.ops.quote_name(SearchEntry._meta.db_table)


def quoted(fields: list) -> list[str]:
    return [connection.ops.quote_name(f.column) for f in fields]


def assigned(fields: list) -> list[str]:
    """The quoted columns of `fields` an update sets (the key is what it matches on)."""
    return [connection.ops.quote_name(f.column) for f in fields if f.name not in KEY]


def values_sql(fields: list, count: int) -> str:
    row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    return ", ".join([row] * count)


def write(kind: str, ids: list[int]) -> int:
    """Rebuild the entries of `kind` for `ids`; entries of vanished objects are deleted."""
    built = BUILDERS[kind](ids)
    SearchEntry.objects.filter(kind=kind, object_id__in=set(ids) - set(built)).delete()
    if not built:
        return 0
    now = timezone.now()
    upsert([row_of(kind, object_id, data, now) for object_id, data in built.items()])
    return len(built)


def reindex(keys: Iterable[EntryKey]) -> int:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, object_id in keys:
        if object_id is not None:
            by_kind[kind].add(object_id)
    return sum(write(kind, sorted(ids)) for kind, ids in by_kind.items())
